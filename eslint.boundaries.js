// The "may import" column of ARCHITECTURE.md, enforced. Each room is a folder; a file may
// import only from its own room and from the rooms listed here. Keep this table and the
// one in ARCHITECTURE.md the same (the lint fails on a violation; the doc is the reason).
import boundaries from 'eslint-plugin-boundaries';

const bff = (folder) => `apps/bff/src/${folder}`;

/** Rooms, most specific first (the first pattern that matches a file wins). */
const elements = [
  { type: 'shared', pattern: 'packages/shared' },
  { type: 'parsers', pattern: bff('libvirt/parsers') },
  { type: 'libvirt', pattern: bff('libvirt') },
  { type: 'inventory', pattern: bff('inventory') },
  { type: 'jobs', pattern: bff('jobs') },
  { type: 'storage', pattern: bff('storage') },
  { type: 'auth', pattern: bff('auth') },
  { type: 'http', pattern: bff('http') },
  { type: 'realtime', pattern: bff('realtime') },
  { type: 'test-support', pattern: bff('test-support') },
  // config, logger, errors, metrics, build id: the BFF's core, importable by every room.
  { type: 'core', pattern: bff('{config,logger,errors,metrics,build-id}.ts'), mode: 'file' },
  // Composition roots: they wire the rooms together.
  { type: 'root', pattern: bff('*.ts'), mode: 'file' },
  { type: 'web', pattern: 'apps/web/src' },
  { type: 'e2e', pattern: 'e2e' },
  { type: 'bench', pattern: 'bench' },
];

/** who → whom it may import (besides its own room). Mirrors ARCHITECTURE.md. */
export const mayImport = {
  shared: [],
  parsers: ['shared'],
  libvirt: ['parsers', 'core', 'shared'],
  inventory: ['libvirt', 'parsers', 'core', 'shared'],
  jobs: ['core', 'shared'],
  storage: ['jobs', 'libvirt', 'parsers', 'inventory', 'core', 'shared'],
  auth: ['core', 'shared'],
  http: ['inventory', 'storage', 'jobs', 'auth', 'core', 'shared'],
  realtime: ['inventory', 'jobs', 'auth', 'core', 'shared'],
  core: ['shared'],
  root: ['*'],
  'test-support': ['*'],
  web: ['shared'],
  e2e: ['shared'],
  bench: ['shared'],
};

const allTypes = Object.keys(mayImport);

export const boundariesConfig = {
  files: ['apps/*/src/**/*.{ts,tsx}', 'packages/*/src/**/*.ts', 'e2e/**/*.ts', 'bench/**/*.ts'],
  // Tests may reach across rooms to set a scene; the rule is about production code.
  ignores: ['**/*.test.ts', '**/*.test.tsx'],
  plugins: { boundaries },
  settings: {
    'boundaries/elements': elements,
    'import/resolver': {
      typescript: {
        alwaysTryTypes: true,
        project: [
          'apps/*/tsconfig.json',
          'packages/*/tsconfig.json',
          'e2e/tsconfig.json',
          'bench/tsconfig.json',
        ],
      },
    },
  },
  rules: {
    'boundaries/dependencies': [
      'error',
      {
        default: 'disallow',
        policies: [
          ...allTypes.map((type) => ({
            from: { element: { type } },
            allow: {
              to: {
                element: {
                  types: {
                    anyOf: mayImport[type].includes('*') ? allTypes : [type, ...mayImport[type]],
                  },
                },
              },
            },
          })),
        ],
      },
    ],
  },
};
