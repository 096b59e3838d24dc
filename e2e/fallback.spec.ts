import { expect, test } from '@playwright/test';
import { CHROMIUM_ARGS } from '../playwright.config.ts';
import { findChromium } from '../scripts/ensure-chromium.ts';
import { LabPage } from './app.ts';

// A browser without WebGL: the app must fall back to the CPU backend and say so.
test.use({
  launchOptions: {
    executablePath: findChromium() ?? undefined,
    args: [
      ...CHROMIUM_ARGS.filter((a) => !a.includes('swiftshader')),
      '--disable-webgl',
      '--disable-3d-apis',
      '--no-sandbox',
    ],
  },
});

test('without WebGL the app runs on the cpu backend and says so', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open();
  await expect(lab.backend).toContainText('cpu');
  await expect(page.getByText(/WebGL is not available/)).toBeVisible();
  const acc = await lab.waitFullAccuracy();
  expect(acc).toBeGreaterThan(0.9);
});
