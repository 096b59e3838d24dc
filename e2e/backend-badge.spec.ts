/**
 * The header's backend badge: after the first readout the probe fills in each job's backend and
 * its figures (software WebGL marked as such); pinning evaluation to the cpu makes the next
 * result run there, and the choice survives a reload.
 */
import { expect, test } from '@playwright/test';
import { LabPage } from './app.ts';

test('the header names each job’s backend, shows the probe and keeps an override', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const lab = new LabPage(page);
  await lab.open('?layer=dense1');
  await lab.waitFullAccuracy();
  await expect(lab.backend).toContainText(/eval: \w+ · train: \w+ · scores: \w+/, {
    timeout: 120_000,
  });

  await lab.backend.focus();
  const dialog = page.getByRole('dialog', { name: 'Backends' });
  await expect(dialog).toBeVisible();
  await expect(
    dialog.getByRole('rowheader', { name: /webgl \(SwiftShader, software\)/ }),
  ).toBeVisible();
  await expect(dialog.getByRole('rowheader', { name: 'wasm' })).toBeVisible();

  await dialog.getByRole('combobox', { name: 'Evaluation backend' }).selectOption('cpu');
  await expect(lab.backend).toContainText('eval: cpu');
  const v0 = await lab.setupVersion();
  await lab.setSlider('dense1 sparsity', 50);
  expect(await lab.waitFullAccuracy(v0)).toBeGreaterThan(0.9);
  const ran = await page.evaluate(
    () => (localStorage.getItem('pruning-lab:backend-overrides') ?? '') as string,
  );
  expect(JSON.parse(ran)).toEqual({ eval: 'cpu' });

  await page.reload();
  await lab.waitFullAccuracy();
  await expect(lab.backend).toContainText('eval: cpu', { timeout: 120_000 });
  expect(lab.errors).toEqual([]);
});
