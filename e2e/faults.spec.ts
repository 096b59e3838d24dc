/**
 * Faults during work, in Chromium on WebGL: a diverging run, Undo of a fine-tune, storage missing,
 * two lost graphics contexts mid-training, a reload mid-training, an engine crash mid-training, and
 * a model switch that fails (network gone, a NaN checkpoint). Every wait is on the app's state.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { fnv1a32, hashHex } from '../src/data/checksum.ts';
import { LabPage } from './app.ts';

interface LabState {
  trainStatus: string;
  weightHistory: {
    entries: { kind: string; batch?: number; id: string }[];
    current: string | null;
  };
  notices: { text: string }[];
  weights: Record<string, Float32Array> | null;
}
const labState = (page: Page): Promise<LabState> =>
  page.evaluate(() => {
    const s = (window as unknown as { pruningLab: { state: () => LabState } }).pruningLab.state();
    return { ...s, weights: null } as LabState;
  });

/** Sum of all weights of the workbench and of the current snapshot (equal when they are the same). */
const weightSums = (page: Page): Promise<[number, number]> =>
  page.evaluate(() => {
    type W = Record<string, Float32Array>;
    const s = (
      window as unknown as {
        pruningLab: {
          state: () => {
            weights: W;
            weightHistory: { entries: { id: string; weights: W }[]; current: string };
          };
        };
      }
    ).pruningLab.state();
    const sum = (w: W) => Object.values(w).reduce((a, t) => a + t.reduce((x, y) => x + y, 0), 0);
    const cur = s.weightHistory.entries.find((e) => e.id === s.weightHistory.current);
    return [sum(s.weights), cur ? sum(cur.weights) : NaN];
  });

test('with IndexedDB missing, the History tab says runs are not kept', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true });
  });
  const lab = new LabPage(page);
  await lab.open('?view=experiments');
  await page.getByRole('tab', { name: 'History' }).click();
  await expect(page.getByTestId('storage-status')).toContainText(
    'Runs are not kept after a reload',
  );
  await expect(page.getByTestId('storage-status')).toContainText('no IndexedDB');
});

test('an absurd learning rate stops at the first NaN with the accuracy from before', async ({
  page,
}) => {
  const lab = new LabPage(page);
  await lab.open('?layers=dense1:80&layer=dense1');
  const before = await lab.waitFullAccuracy();
  await page.getByRole('combobox', { name: 'Learning rate' }).fill('1000000');
  await page.getByRole('button', { name: /Fine-tune/ }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'diverged at batch' })).toContainText(
    'lower learning rate',
    { timeout: 240_000 },
  );
  expect(await lab.waitFullAccuracy()).toBe(before);
  await expect(page.getByTestId('layer-pruned')).toHaveText('80.0% of weights pruned');
  expect(lab.errors.filter((e) => e.includes('PruningError'))).toEqual([]);
});

test('Undo training restores the pre-run accuracy, the setup unchanged', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open('?layers=dense1:80&layer=dense1');
  const before = await lab.waitFullAccuracy();
  await page.getByRole('combobox', { name: 'Learning rate' }).fill('0.01');
  await page.getByRole('button', { name: 'Step' }).click();
  const undo = page.getByRole('button', { name: /Undo training/ });
  await expect(undo).toBeEnabled({ timeout: 240_000 });
  await lab.waitFullAccuracy();
  const version = await lab.setupVersion();
  await undo.click();
  expect(await lab.waitFullAccuracy(version)).toBe(before);
  await expect(page.getByTestId('layer-pruned')).toHaveText('80.0% of weights pruned');
});

test('two lost contexts mid-training: resumed from the last snapshot, controls free', async ({
  page,
}) => {
  test.setTimeout(900_000);
  const lab = new LabPage(page);
  await lab.open('?layers=dense1:80&layer=dense1');
  await lab.waitFullAccuracy();
  await page.getByRole('button', { name: /Fine-tune/ }).click();
  for (let loss = 1; loss <= 2; loss++) {
    // Wait for a snapshot of this stretch of the run, then lose the context.
    const seen = new Set((await labState(page)).weightHistory.entries.map((e) => e.id));
    await expect
      .poll(
        async () => {
          const s = await labState(page);
          return s.weightHistory.entries.some((e) => e.kind === 'interrupted' && !seen.has(e.id));
        },
        { timeout: 300_000 },
      )
      .toBe(true);
    await page.evaluate(() =>
      (window as unknown as { pruningLab: { loseContext: () => Promise<boolean> } }).pruningLab
        .loseContext()
        .catch(() => false),
    );
    // Each loss leaves its own notice; the one for this loss says which it was.
    await expect(
      page
        .getByRole('status')
        .filter({ hasText: 'graphics context was lost during training' })
        .filter({ hasText: loss === 2 ? 'lost 2 times' : 'Training resumes from batch' }),
    ).toBeVisible({ timeout: 120_000 });
    // The workbench holds exactly the weights of the last snapshot taken before the loss.
    const [workbench, snapshot] = await weightSums(page);
    expect(workbench).toBe(snapshot);
  }
  const cancel = page.getByRole('button', { name: /Cancel/ });
  await expect(cancel).toBeEnabled();
  await cancel.click();
  await expect(page.getByRole('button', { name: /Fine-tune/ })).toBeEnabled({ timeout: 120_000 });
  await lab.waitFullAccuracy();
  await expect(page.getByTestId('layer-pruned')).toHaveText('80.0% of weights pruned');
  await expect(page.getByRole('combobox', { name: 'Pruning method' })).toBeEnabled();
});

/** Times (ms) of the 'interrupted' snapshots of cnn/mnist kept in IndexedDB, newest last. */
const storedInterrupted = (page: Page): Promise<number[]> =>
  page.evaluate(
    () =>
      new Promise<number[]>((resolve) => {
        const open = indexedDB.open('pruning-lab-weights');
        open.onerror = () => resolve([]);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('snapshots')) return resolve([]);
          const get = db.transaction('snapshots').objectStore('snapshots').get('weights:cnn/mnist');
          get.onerror = () => resolve([]);
          get.onsuccess = () => {
            const v = get.result as { entries?: { kind: string; time: number }[] } | undefined;
            db.close();
            resolve((v?.entries ?? []).filter((e) => e.kind === 'interrupted').map((e) => e.time));
          };
        };
      }),
  );

/** Sum of all weights of the snapshot offered after a reload (NaN when none is offered). */
const offeredSum = (page: Page): Promise<number> =>
  page.evaluate(() => {
    type W = Record<string, Float32Array>;
    const s = (
      window as unknown as {
        pruningLab: { state: () => { restoreOffer: { weights: W } | null } };
      }
    ).pruningLab.state();
    if (!s.restoreOffer) return NaN;
    return Object.values(s.restoreOffer.weights).reduce(
      (a, t) => a + t.reduce((x, y) => x + y, 0),
      0,
    );
  });

test('a reload mid-training offers the last snapshot: declined, the checkpoint; accepted, it', async ({
  page,
}) => {
  test.setTimeout(900_000);
  const lab = new LabPage(page);
  await lab.open('?layers=dense1:80&layer=dense1');
  const checkpoint = await lab.waitFullAccuracy();
  const [checkpointSum] = await weightSums(page);
  for (const choice of ['Keep the checkpoint', 'Restore them'] as const) {
    const since = await page.evaluate(() => Date.now());
    await page.getByRole('button', { name: /Fine-tune/ }).click();
    // Wait until a snapshot of this run is kept in the browser, then reload mid-run.
    await expect
      .poll(async () => (await storedInterrupted(page)).some((t) => t > since), {
        timeout: 300_000,
      })
      .toBe(true);
    await expect(page.getByRole('button', { name: /Cancel/ })).toBeVisible();
    const dialogs: string[] = [];
    page.once('dialog', (d) => {
      dialogs.push(d.type());
      void d.accept();
    });
    await page.reload();
    // The browser asked before leaving a running training.
    expect(dialogs).toEqual(['beforeunload']);
    expect(await lab.waitFullAccuracy()).toBe(checkpoint);
    const offer = page.getByTestId('restore-offer');
    await expect(offer).toContainText(/batch \d+ \(interrupted\)/);
    const offered = await offeredSum(page);
    expect(offered).not.toBe(checkpointSum);
    const version = await lab.setupVersion();
    await offer.getByRole('button', { name: choice }).click();
    await expect(offer).toBeHidden();
    if (choice === 'Keep the checkpoint') {
      expect((await weightSums(page))[0]).toBe(checkpointSum);
      await expect(lab.accuracy).toHaveAttribute('data-state', 'current');
      expect(await lab.accuracyValue()).toBe(checkpoint);
    } else {
      // The workbench holds the offered snapshot's weights, and the readout is evaluated on them.
      await lab.waitFullAccuracy(version);
      expect(await weightSums(page)).toEqual([offered, offered]);
      await expect(page.getByRole('status').filter({ hasText: 'are back' })).toBeVisible();
    }
    await expect(page.getByTestId('layer-pruned')).toHaveText('80.0% of weights pruned');
  }
  expect(lab.errors.filter((e) => /PruningError|Uncaught/.test(e))).toEqual([]);
});

test('an engine crash mid-training ends the run with its last snapshot kept, controls free', async ({
  page,
}) => {
  test.setTimeout(600_000);
  const lab = new LabPage(page);
  await lab.open('?layers=dense1:80&layer=dense1');
  await lab.waitFullAccuracy();
  await page.getByRole('button', { name: /Fine-tune/ }).click();
  await expect
    .poll(
      async () =>
        (await labState(page)).weightHistory.entries.some((e) => e.kind === 'interrupted'),
      {
        timeout: 300_000,
      },
    )
    .toBe(true);
  // An uncaught error in the engine's worker: the page sees the worker fail.
  const engine = page.workers().find((w) => /worker/.test(w.url()));
  expect(engine).toBeDefined();
  const version = await lab.setupVersion();
  await engine!.evaluate(() => {
    setTimeout(() => {
      throw new Error('simulated engine failure');
    });
  });
  const notice = page.getByRole('status').filter({ hasText: 'The engine stopped' });
  await expect(notice).toContainText(/the weights \(batch \d+ \(interrupted\)\) are kept/);
  await expect(notice).toContainText('press Fine-tune to continue');
  await expect(page.getByRole('button', { name: /Fine-tune/ })).toBeEnabled({ timeout: 120_000 });
  await lab.waitFullAccuracy(version);
  // The workbench holds the last snapshot taken before the crash.
  const [workbench, snapshot] = await weightSums(page);
  expect(workbench).toBe(snapshot);
  await expect(page.getByTestId('layer-pruned')).toHaveText('80.0% of weights pruned');
});

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

/**
 * A model switch that fails: the network gone, then a checkpoint whose weights hold NaN under a
 * matching checksum (both served with page.route). Each is refused with a message a visitor can act
 * on (the NaN one naming the tensor), and the model on screen stays as it was: its accuracy readout
 * still its own, its controls working, no uncaught error.
 */
test.describe('a failed model switch', () => {
  // The offline cache would answer for the network: these requests must reach page.route.
  test.use({ serviceWorkers: 'block' });

  test('keeps the cnn on screen: network gone, then a NaN checkpoint', async ({ page }) => {
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
});
