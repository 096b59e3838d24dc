/**
 * Open model…: a TensorFlow.js model dropped onto the page opens with its real test accuracy,
 * prunes and exports; a refused model shows its message and the model on screen stays.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { unzipSync, strFromU8 } from 'fflate';
import { LabPage } from './app.ts';

const root = new URL('./fixtures/import/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('manifest.json', root), 'utf8')) as {
  dir: string;
  testAccuracy: number;
}[];

function fixtureFiles(dir: string): { name: string; bytes: number[] }[] {
  const d = new URL(`${dir}/`, root);
  return readdirSync(d).map((name) => ({ name, bytes: [...readFileSync(new URL(name, d))] }));
}

/** Drops the fixture's files onto the page as a person dragging them from a folder would. */
async function dropFixture(page: Page, dir: string): Promise<void> {
  await page.evaluate((files) => {
    const dt = new DataTransfer();
    for (const f of files) dt.items.add(new File([new Uint8Array(f.bytes)], f.name));
    const target = document.querySelector('main') ?? document.body;
    target.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true }));
    target.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true }));
  }, fixtureFiles(dir));
}

test('a dropped tfjs model opens with its test accuracy, prunes and exports; a refusal keeps it', async ({
  page,
}) => {
  const lab = new LabPage(page);
  await lab.open();
  await dropFixture(page, 'tfjs-cnn');
  const acc = page.getByTestId('import-test-accuracy');
  await expect(acc).toBeVisible({ timeout: 240_000 });
  const expected = manifest.find((m) => m.dir === 'tfjs-cnn')!.testAccuracy;
  expect(Number(await acc.getAttribute('data-value'))).toBeCloseTo(expected, 2);
  await expect(page.getByRole('combobox', { name: 'Model' })).toHaveValue('imported:tfjs_cnn');
  await expect(page).toHaveURL(/model=imported:tfjs_cnn/);
  const v = await lab.setupVersion();
  await lab.setSlider('Global sparsity', 50);
  const pruned = await lab.waitFullAccuracy(v);
  expect(pruned).toBeGreaterThan(0.1);

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export…' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('pruning-lab-imported_tfjs_cnn-mnist.zip');
  const zip = unzipSync(new Uint8Array(readFileSync(await file.path())));
  const folder = 'pruning-lab-imported_tfjs_cnn-mnist';
  const json = JSON.parse(strFromU8(zip[`${folder}/model-masked/model.json`])) as {
    modelTopology: unknown;
  };
  expect(json.modelTopology).toBeTruthy();
  expect(zip[`${folder}/results.json`]).toBeTruthy();

  await page.getByTestId('open-model-input').setInputFiles(
    fixtureFiles('bad/conv1d').map((f) => ({
      name: f.name,
      mimeType: 'application/octet-stream',
      buffer: Buffer.from(f.bytes),
    })),
  );
  await expect(page.getByTestId('import-refusal')).toContainText('Conv1D', { timeout: 120_000 });
  await expect(page.getByRole('combobox', { name: 'Model' })).toHaveValue('imported:tfjs_cnn');
  await expect(lab.accuracy).toHaveAttribute('data-state', 'current');
});
