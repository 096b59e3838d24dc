import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * Content-Security-Policy of the built app: everything from this origin only. WebAssembly needs
 * 'wasm-unsafe-eval'; images may be data: URLs (chart exports) or blobs; workers load from 'self'
 * (blob: kept for tfjs helpers that spawn one). Only in the build: the dev server injects inline
 * scripts for hot reload.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "img-src 'self' data: blob:",
  "style-src 'self'",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'pruning-lab-csp',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
        injectTo: 'head-prepend',
      },
    ],
  };
}

/**
 * Offline after the first visit: a generated service worker precaches the app, the wasm binaries,
 * the checkpoints (public/models) and the datasets (public/data). A new deployment waits for the
 * visitor's go-ahead (registerType 'prompt'); the page registers it itself (no inline script, so
 * the CSP stays 'self' only).
 */
function offline() {
  return VitePWA({
    registerType: 'prompt',
    injectRegister: false,
    manifest: {
      name: 'Pruning Lab',
      short_name: 'Pruning Lab',
      description: 'See and compare neural-network pruning in your browser.',
      theme_color: '#1f3a5f',
      background_color: '#1f3a5f',
      display: 'standalone',
      icons: [{ src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml' }],
    },
    workbox: {
      globPatterns: ['**/*.{js,css,html,svg,wasm,json,bin,gz,webmanifest}'],
      // the largest dataset file is about 7 MB
      maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
      navigateFallback: 'index.html',
      cleanupOutdatedCaches: true,
      // the first visit's page is served from the cache as soon as everything is in it
      clientsClaim: true,
    },
  });
}

// Pruning Lab is a static app: everything it needs is in public/ (data, checkpoints) or bundled.
export default defineConfig({
  plugins: [react(), contentSecurityPolicy(), offline()],
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
  server: { port: 5173, strictPort: false },
});
