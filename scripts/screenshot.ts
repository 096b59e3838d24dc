/**
 * Takes screenshots of the running app in headless Chromium with SwiftShader WebGL.
 * Usage: tsx scripts/screenshot.ts <url> <out.png> [width] [height] [--dark] [--wait-full]
 * (serve the app first, e.g. `npx vite preview --port 4173`).
 */
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS } from '../playwright.config.ts';
import { findChromium } from './ensure-chromium.ts';

async function main(): Promise<void> {
  const [url = 'http://127.0.0.1:4173/', out = 'docs/screenshot.png', w = '1280', h = '800'] =
    process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const dark = process.argv.includes('--dark');
  const browser = await chromium.launch({
    executablePath: findChromium() ?? undefined,
    args: [...CHROMIUM_ARGS, '--no-sandbox'],
  });
  const page = await browser.newPage({
    viewport: { width: Number(w), height: Number(h) },
    colorScheme: dark ? 'dark' : 'light',
    reducedMotion: 'reduce',
  });
  page.on('console', (m) => m.type() === 'error' && console.error('console:', m.text()));
  await page.goto(url);
  try {
    await page.getByTestId('test-accuracy').filter({ hasText: /%/ }).waitFor({ timeout: 60_000 });
    if (process.argv.includes('--wait-full'))
      await page
        .locator('[data-testid="test-accuracy"][data-kind="full"]')
        .waitFor({ timeout: 90_000 });
  } catch {
    console.error('the accuracy readout did not appear; taking the screenshot anyway');
  }
  await page.waitForTimeout(1500);
  await page.screenshot({ path: out, fullPage: process.argv.includes('--full') });
  await browser.close();
  console.log(`wrote ${out}`);
}

void main();
