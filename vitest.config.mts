import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';

import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// Two projects: `unit` (specs beside the code, and the store contract suites) imports the sources
// through the path aliases and needs no build; `e2e` starts the built services as processes, so
// its global setup builds them first (once per run; `npm test` builds before and says so with
// E2E_BUILT=1). `npm run test:unit` runs the first alone.
// SWC (not esbuild) compiles the tests so that NestJS gets decorator metadata.
export default defineConfig({
  plugins: [swc.vite({ module: { type: 'es6' } })],
  resolve: {
    alias: {
      '@chat/protocol': resolve(import.meta.dirname, 'libs/protocol/src'),
      '@chat/data': resolve(import.meta.dirname, 'libs/data/src'),
      '@chat/core': resolve(import.meta.dirname, 'libs/core/src'),
    },
  },
  test: {
    exclude: ['node_modules', 'dist', 'apps/web/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The e2e suites spawn processes and hold many sockets: one process each.
    pool: 'forks',
    reporters: ['default'],
    maxWorkers: availableParallelism(),
    projects: [
      {
        extends: true,
        // Threads start faster than forks, and the specs share no global state (fake timers are
        // restored after each), so a worker keeps its modules from one file to the next instead
        // of importing Nest, zod and the stores again for each: 13 s instead of 29 s here.
        test: {
          name: 'unit',
          include: ['apps/**/*.spec.ts', 'libs/**/*.spec.ts'],
          pool: 'threads',
          isolate: false,
        },
      },
      {
        extends: true,
        test: { name: 'e2e', include: ['e2e/**/*.e2e.ts'], globalSetup: ['e2e/global-setup.ts'] },
      },
    ],
  },
});
