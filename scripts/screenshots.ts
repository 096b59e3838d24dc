/**
 * Screenshots for docs/: the workbench with a lesson open at 1280x800 and 1920x1080, in normal and
 * presenter mode, light and dark (prefers-color-scheme), plus docs/screenshot.png (the README's
 * workbench at 1280x800). Builds the app, serves it with `vite preview` and drives headless
 * Chromium with SwiftShader WebGL; each shot waits until the accuracy readout holds the full
 * test-set value for the setup on screen and the curve is drawn.
 * Usage: npm run screenshots [-- --port 4417] [-- --only 1280x800-presenter-dark] [-- --url URL]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from '@playwright/test';
import { CHROMIUM_ARGS } from '../playwright.config.ts';
import { findChromium } from './ensure-chromium.ts';

/** The lesson step the shots show: lesson 1, step 2 (structured L1 on conv2: whole filters grey). */
const LESSON = '?lesson=kinds&step=2';
const WAIT = 300_000;

interface Shot {
  file: string;
  width: number;
  height: number;
  presenter: boolean;
  dark: boolean;
  query: string;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Every shot: two sizes x normal/presenter x light/dark with the lesson, and the README's. */
export function shots(): Shot[] {
  const out: Shot[] = [];
  for (const [width, height] of [
    [1280, 800],
    [1920, 1080],
  ])
    for (const presenter of [false, true])
      for (const dark of [false, true])
        out.push({
          file: `docs/screenshots/${width}x${height}-${presenter ? 'presenter' : 'normal'}-${dark ? 'dark' : 'light'}.png`,
          width,
          height,
          presenter,
          dark,
          query: LESSON,
        });
  out.push({
    file: 'docs/screenshot.png',
    width: 1280,
    height: 800,
    presenter: false,
    dark: false,
    query: '?layer=conv2&sparsity=50',
  });
  return out;
}

/** Waits until the page shows the full test-set accuracy for its setup and the whole curve. */
async function settled(page: Page): Promise<void> {
  const readout = page.locator(
    '[data-testid="test-accuracy"][data-state="current"][data-kind="full"]',
  );
  await readout.waitFor({ timeout: WAIT });
  // The whole curve (its last grid point measured), not a curve still growing.
  await page.waitForFunction(
    () => {
      const lab = (window as unknown as { pruningLab?: { state(): { curve: unknown } } })
        .pruningLab;
      const c = lab?.state().curve as { points: { x: number }[] } | null | undefined;
      return !!c && c.points.some((p) => p.x >= 0.98);
    },
    undefined,
    { timeout: WAIT, polling: 500 },
  );
  // Let the last paint land (the heatmap is drawn on a canvas after the layout settles).
  await page.evaluate(
    () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))),
  );
}

async function take(browser: Browser, base: string, s: Shot): Promise<void> {
  const page = await browser.newPage({
    viewport: { width: s.width, height: s.height },
    colorScheme: s.dark ? 'dark' : 'light',
    reducedMotion: 'reduce',
  });
  page.setDefaultTimeout(WAIT);
  page.on('console', (m) => m.type() === 'error' && console.error('console:', m.text()));
  await page.goto(`${base}/${s.query}`);
  await settled(page);
  if (s.presenter) {
    await page.locator('body').click({ position: { x: 1, y: 1 } });
    await page.keyboard.press('p');
    await page.locator('html.presenter').waitFor();
    await settled(page);
  }
  await page.screenshot({ path: s.file, timeout: WAIT });
  await page.close();
  console.log(`wrote ${s.file}`);
}

/** Starts `vite preview` on `port` and resolves once it answers. */
async function serve(port: number): Promise<ChildProcess> {
  const server = spawn(
    'npx',
    ['vite', 'preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/`)).ok) return server;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  server.kill();
  throw new Error(`vite preview did not answer on port ${port}`);
}

async function main(): Promise<void> {
  const port = Number(arg('port') ?? 4417);
  const only = arg('only');
  mkdirSync('docs/screenshots', { recursive: true });
  // --url: an app already served elsewhere (then no server is started here).
  const url = arg('url');
  const server = url ? null : await serve(port);
  const browser = await chromium.launch({
    executablePath: findChromium() ?? undefined,
    args: [...CHROMIUM_ARGS, '--no-sandbox'],
  });
  try {
    for (const s of shots().filter((x) => !only || x.file.includes(only)))
      await take(browser, url ?? `http://127.0.0.1:${port}`, s);
  } finally {
    await browser.close();
    server?.kill();
  }
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
