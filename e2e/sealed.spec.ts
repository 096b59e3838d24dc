/**
 * Sealed: the built page carries a Content-Security-Policy that allows only its own origin, and a
 * session of pruning, one training step and a short experiment sends no request anywhere else.
 */
import { expect, test } from '@playwright/test';
import { LabPage } from './app.ts';

test('no request leaves the origin while pruning, training a step and running a sweep', async ({
  page,
  context,
  baseURL,
}) => {
  test.setTimeout(300_000);
  const origin = new URL(baseURL!).origin;
  const requests: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  const lab = new LabPage(page);
  await lab.open('?layer=dense1');

  const csp = await page
    .locator('meta[http-equiv="Content-Security-Policy"]')
    .getAttribute('content');
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("connect-src 'self'");
  expect(csp).not.toMatch(/https?:|\*/);

  // Pruning: a slider move gets a full-test-set accuracy.
  await lab.setSlider('dense1 sparsity', 80);
  await lab.waitFullAccuracy();
  // Training: one step.
  await page.getByRole('button', { name: 'Step' }).click();
  await expect(page.getByTestId('train-status')).toContainText(/batch|loss/, { timeout: 60_000 });
  await expect(page.getByRole('button', { name: 'Step' })).toBeEnabled({ timeout: 60_000 });
  // A short experiment: a quick sweep of one method at one sparsity.
  await page.getByRole('tab', { name: 'Experiments' }).click();
  await page.getByRole('tab', { name: 'Method sweep' }).click();
  const boxes = await page.getByRole('group', { name: 'Methods' }).getByRole('checkbox').all();
  for (const [i, box] of boxes.entries()) await box.setChecked(i === 0);
  await page.getByRole('textbox', { name: 'Sparsities (%)' }).fill('50');
  await page.getByRole('combobox', { name: 'After pruning' }).selectOption('none');
  await page.getByRole('checkbox', { name: /Quick mode/ }).check();
  await page.getByRole('button', { name: 'Run sweep' }).click();
  await expect(page.getByTestId('status-sweep')).toHaveText(/^Done: \d+ results/, {
    timeout: 240_000,
  });

  expect(requests.length).toBeGreaterThan(5);
  const outside = requests.filter((u) => {
    if (u.startsWith('data:') || u.startsWith('blob:')) return false;
    return new URL(u).origin !== origin;
  });
  expect(outside).toEqual([]);
  expect(lab.errors).toEqual([]);
});
