/**
 * A model switch that fails, in Chromium on WebGL: the network gone, then a checkpoint whose
 * weights hold NaN under a matching checksum (both served with page.route). Each is refused with
 * a message a visitor can act on (the NaN one naming the tensor), and the model on screen stays
 * as it was: its accuracy readout still its own, its controls working, no uncaught error.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { fnv1a32, hashHex } from '../src/data/checksum.ts';
import { LabPage } from './app.ts';

// The offline cache would answer for the network: these requests must reach page.route.
test.use({ serviceWorkers: 'block' });

interface Entry {
  model: string;
  dataset: string;
  weightsFile: string;
  checksum: string;
  tensors: { key: string; offset: number }[];
}

/** The shipped manifest and lenet-300-100/mnist weights with NaN at fc2/kernel[7], checksum matching. */
function poisonedLenet(): { manifest: string; weights: Buffer; file: string } {
  const m = JSON.parse(readFileSync('public/models/manifest.json', 'utf8')) as {
    entries: Entry[];
  };
  const entry = m.entries.find((e) => e.model === 'lenet-300-100' && e.dataset === 'mnist')!;
  const weights = readFileSync(`public/${entry.weightsFile}`);
  const t = entry.tensors.find((x) => x.key === 'fc2/kernel')!;
  weights.writeFloatLE(NaN, t.offset + 7 * 4);
  entry.checksum = hashHex(fnv1a32(weights));
  return { manifest: JSON.stringify(m), weights, file: entry.weightsFile };
}

test('a failed model switch keeps the cnn on screen: network gone, then a NaN checkpoint', async ({
  page,
}) => {
  const lab = new LabPage(page);
  const poisoned = poisonedLenet();
  let mode: 'offline' | 'nan' = 'offline';
  await page.route(`**/${poisoned.file}`, (route) =>
    mode === 'offline'
      ? route.abort('internetdisconnected')
      : route.fulfill({ body: poisoned.weights, contentType: 'application/octet-stream' }),
  );
  await lab.open('?layers=dense1:80&layer=dense1');
  const before = await lab.waitFullAccuracy();
  const model = page.getByRole('combobox', { name: 'Model' });

  // The network is gone: the switch fails, saying to check the connection; the cnn stays.
  await model.selectOption('lenet-300-100');
  const offline = page.getByRole('alert').filter({ hasText: 'lenet-300-100' });
  await expect(offline).toContainText('Check the network connection');
  await expect(offline).not.toContainText('npm');
  await expect(model).toHaveValue('cnn');
  await expect(lab.accuracy).toHaveAttribute('data-state', 'current');
  expect(await lab.accuracyValue()).toBe(before);
  await page.getByRole('button', { name: 'Dismiss notice' }).last().click();

  // A checkpoint holding NaN under a matching checksum: refused naming the tensor; the cnn stays.
  mode = 'nan';
  await page.route('**/models/manifest.json', (route) =>
    route.fulfill({ body: poisoned.manifest, contentType: 'application/json' }),
  );
  await model.selectOption('lenet-300-100');
  const refused = page.getByRole('alert').filter({ hasText: 'was refused' });
  await expect(refused).toContainText('fc2/kernel');
  await expect(refused).toContainText('choose another model or dataset');
  await expect(model).toHaveValue('cnn');
  await expect(lab.accuracy).toHaveAttribute('data-state', 'current');
  expect(await lab.accuracyValue()).toBe(before);
  await expect(page.getByTestId('layer-pruned')).toHaveText('80.0% of weights pruned');

  // The cnn still works: a slider move is evaluated on it.
  const version = await lab.setupVersion();
  await lab.setSlider('dense1 sparsity', 95);
  expect(await lab.waitFullAccuracy(version)).not.toBe(before);
  expect(lab.errors.filter((e) => /PruningError|Uncaught/.test(e))).toEqual([]);
});
