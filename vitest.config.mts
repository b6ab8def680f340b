import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';
import { resolve } from 'node:path';

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
    include: ['apps/**/*.spec.ts', 'libs/**/*.spec.ts', 'e2e/**/*.e2e.ts'],
    exclude: ['node_modules', 'dist', 'apps/web/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    globalSetup: ['e2e/global-setup.ts'],
    reporters: ['default'],
  },
});
