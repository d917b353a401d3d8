import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * One config for two jobs. vitest reads `root` and `test`. The web viewer is
 * served and built with the root moved to web/ (`vite web`, `vite build web`,
 * see package.json), so `build` writes the static bundle to dist/web with
 * relative asset paths that work from any static host or file server.
 */
export default defineConfig({
  root: '.',
  base: './',
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
  },
  worker: { format: 'es' },
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
