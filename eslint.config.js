// One linter for the whole workspace; prettier owns formatting.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import { boundariesConfig } from './eslint.boundaries.js';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '.poolwatch/**',
      '**/test-results/**',
      '**/playwright-report/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['apps/web/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  boundariesConfig,
  {
    // The libvirt adapter is the only code that spawns virsh/ssh (ARCHITECTURE.md).
    files: ['apps/bff/src/**/*.ts'],
    ignores: ['apps/bff/src/libvirt/**', 'apps/bff/src/test-support/**', '**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['node:child_process', 'child_process'].map((name) => ({
            name,
            message: 'Only apps/bff/src/libvirt spawns processes (virsh, ssh).',
          })),
        },
      ],
    },
  },
  {
    // The job engine knows nothing of HTTP, sockets or virsh.
    files: ['apps/bff/src/jobs/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['express', 'socket.io', 'node:child_process', 'child_process'].map((name) => ({
            name,
            message: 'The job engine emits events; http/ and realtime/ carry them.',
          })),
        },
      ],
    },
  },
  {
    // Type-aware: a promise nobody awaits or catches is an unhandled rejection waiting.
    files: ['**/*.{ts,tsx}'],
    languageOptions: {
      parserOptions: {
        // The test configs include the sources too, so every file has one program.
        project: [
          'apps/bff/tsconfig.test.json',
          'packages/shared/tsconfig.test.json',
          'apps/web/tsconfig.json',
          'apps/web/tsconfig.node.json',
          'e2e/tsconfig.json',
          'bench/tsconfig.json',
        ],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
);
