import { defineConfig } from '@playwright/test';
import { findChromium } from './scripts/ensure-chromium.ts';

/** Chromium flags: WebGL2 through SwiftShader, and no background traffic on a closed network. */
export const CHROMIUM_ARGS = [
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--ignore-gpu-blocklist',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Port of the preview server; E2E_PORT lets several checkouts run their tests side by side. */
const PORT = Number(process.env.E2E_PORT ?? 4173);
const executablePath = findChromium() ?? undefined;
const sandbox = process.getuid?.() === 0 ? ['--no-sandbox'] : [];

/** Chromium with no WebGL at all: no GPU and no software rasterizer (--disable-webgl alone still
 * leaves OffscreenCanvas WebGL to workers). */
export const NO_WEBGL_ARGS = [
  ...CHROMIUM_ARGS.filter((a) => !a.includes('swiftshader')),
  '--disable-gpu',
  '--disable-software-rasterizer',
];

export default defineConfig({
  testDir: 'e2e',
  timeout: 360_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    viewport: { width: 1280, height: 800 },
    reducedMotion: 'reduce',
  },
  projects: [
    {
      name: 'webgl',
      testIgnore: /fallback\.spec\.ts/,
      use: { launchOptions: { executablePath, args: [...CHROMIUM_ARGS, ...sandbox] } },
    },
    {
      name: 'no-webgl',
      testMatch: /fallback\.spec\.ts/,
      use: { launchOptions: { executablePath, args: [...NO_WEBGL_ARGS, ...sandbox] } },
    },
  ],
  webServer: {
    command: `npx vite build --logLevel warn && npx vite preview --port ${PORT} --strictPort --host 127.0.0.1`,
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
  },
});
