import { expect, test } from '@playwright/test';
import { LabPage } from './app.ts';

// Runs in the 'no-webgl' project (playwright.config.ts): Chromium without GPU or software
// rasterizer, so WebGL is missing and the app must fall back to the CPU backend and say so.
test('without WebGL the app runs on the cpu backend and says so', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open();
  await expect(lab.backend).toHaveAttribute('data-start', 'cpu');
  await expect(page.getByText(/WebGL is not available/)).toBeVisible();
  const acc = await lab.waitFullAccuracy();
  expect(acc).toBeGreaterThan(0.9);
});
