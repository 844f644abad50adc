import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// The BFF serves the built app on the same origin; in dev, Vite proxies the API and socket.io to it.
const bff = process.env.POOLWATCH_BFF ?? 'http://127.0.0.1:8080';
const proxy = {
  '/api': { target: bff },
  '/socket.io': { target: bff, ws: true },
};

export default defineConfig({
  base: '/',
  plugins: [react()],
  server: { proxy },
  preview: { proxy },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    // No source maps in the served build: they would hand out the whole client source
    // (comments included) to anyone who can reach the sign-in page.
    sourcemap: false,
    rolldownOptions: {
      output: {
        // Libraries change less often than the app: separate chunks stay cached across deploys.
        codeSplitting: {
          groups: [
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/,
              priority: 2,
            },
            { name: 'vendor', test: /node_modules[\\/]/, priority: 1 },
          ],
        },
      },
    },
  },
  test: {
    // Logic tests run in Node; component tests (*.test.tsx) opt into a DOM with
    // `// @vitest-environment happy-dom` at their top.
    environment: 'node',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    // tus-js-client's package.json maps its Node build to the browser one by the `browser`
    // field, which the app's build follows and vitest (resolving for Node) does not: the
    // component tests need the browser build (localStorage for resumable uploads).
    alias: [
      {
        find: /^tus-js-client$/,
        replacement: fileURLToPath(
          new URL('./node_modules/tus-js-client/lib.esm/browser/index.js', import.meta.url),
        ),
      },
    ],
  },
});
