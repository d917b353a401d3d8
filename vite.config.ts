import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * One config for two jobs. vitest reads `root` and `test`. The web viewer is
 * served and built with the root moved to web/ (`vite web`, `vite build web`,
 * see package.json), so `build` writes the static bundle to dist/web with
 * relative asset paths that work from any static host or file server. Two
 * pages: the viewer (index.html) and the board paper it opens (paper.html).
 */
export default defineConfig({
  root: '.',
  base: './',
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      input: {
        main: fileURLToPath(new URL('./web/index.html', import.meta.url)),
        paper: fileURLToPath(new URL('./web/paper.html', import.meta.url)),
      },
    },
  },
  worker: { format: 'es' },
  test: {
    include: ['tests/**/*.test.ts'],
    // The tests run the compiled CLI and worker: build dist/ first if it is stale.
    globalSetup: ['tests/helpers/build-dist.ts'],
    testTimeout: 60_000,
    // Two test files at a time: many wait on child processes (the CLI, chromium, Slurm) more than they compute.
    maxWorkers: 2,
  },
});
