/**
 * Vite config of the benchmarks: the app's config, with its own dependency cache and build
 * directory (so benchmarks never touch dist/ or another dev server's cache), the engine page's
 * dependencies pre-bundled at start-up, and no file watching or hot reload (a reload would cut a
 * running measurement short).
 */
import os from 'node:os';
import path from 'node:path';
import { defineConfig, mergeConfig } from 'vite';
import app from '../vite.config.ts';

export default mergeConfig(
  app,
  defineConfig({
    cacheDir: 'node_modules/.vite-bench',
    build: {
      // One build directory per checkout, so benchmarks of two checkouts never share one.
      outDir: path.join(os.tmpdir(), `pruning-lab-bench-dist-${path.basename(process.cwd())}`),
      emptyOutDir: true,
    },
    optimizeDeps: { entries: ['index.html', 'bench/engine.html', 'bench/backends.html'] },
    server: { hmr: false, watch: null },
  }),
);
