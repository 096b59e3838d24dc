/**
 * Offline: after one visit the service worker holds the app, checkpoints and datasets, so with
 * the network cut the page reloads, opens and prunes.
 */
import { expect, test } from '@playwright/test';
import { LabPage } from './app.ts';

test('after one visit the app opens and prunes with no network', async ({ page, context }) => {
  test.setTimeout(300_000);
  const lab = new LabPage(page);
  await lab.open('?layer=dense1');
  // The service worker controls the page only once it has cached everything (clientsClaim).
  await expect
    .poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), {
      timeout: 120_000,
    })
    .toBe(true);
  await expect(page.getByTestId('offline-ready')).toHaveText('available offline');

  await context.setOffline(true);
  const failed: string[] = [];
  page.on('requestfailed', (r) => failed.push(r.url()));
  await page.reload();
  await lab.waitReady();
  const v0 = await lab.setupVersion();
  await lab.setSlider('dense1 sparsity', 70);
  const acc = await lab.waitFullAccuracy(v0);
  expect(acc).toBeGreaterThan(0.9);
  await expect(page.getByTestId('offline-ready')).toBeVisible();
  expect(failed).toEqual([]);
  expect(lab.errors).toEqual([]);
});
