/**
 * Open model… end to end, in Chromium on WebGL: a Keras model converted by tensorflowjs and a tfjs
 * model.save() model open by drag-and-drop with their real test accuracy; every refused file
 * (branches, Conv1D, an unknown layer, bad JSON, NaN weights, a short or missing shard) is named on
 * screen and the model on screen stays; on an imported model a sweep, a fine-tune, compaction and
 * latency work; the exported tfjs models reload in the page with tf.loadLayersModel and predict
 * what the app measured.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect, test, type Page } from '@playwright/test';
import { unzipSync, strFromU8 } from 'fflate';
import { LabPage } from './app.ts';
import {
  drop,
  editedJson,
  fixture,
  fixtureFiles,
  openFixture,
  openPrunedKerasCnn,
  type DropFile,
} from './import-files.ts';

/** The backend each job last ran on, and the plan's backend for it, read from the app. */
async function jobBackends(
  page: Page,
): Promise<{ ran: Record<string, string>; plan: Record<string, string> | null }> {
  return page.evaluate(async () => {
    const lab = (
      window as unknown as {
        pruningLab: {
          jobBackends: () => Promise<Record<string, string>>;
          state: () => { backendPlan: { jobs: Record<string, string> } | null };
        };
      }
    ).pruningLab;
    return { ran: await lab.jobBackends(), plan: lab.state().backendPlan?.jobs ?? null };
  });
}

/** The job ran on a real browser backend, the one the app's plan gives it once there is a plan. */
async function expectRanOnPlan(page: Page, job: 'eval' | 'train'): Promise<void> {
  const { ran, plan } = await jobBackends(page);
  expect(ran[job], `${job} backend`).toMatch(/^(webgl|wasm)$/);
  if (plan) expect(ran[job], `${job} backend against the plan`).toBe(plan[job]);
}

/** Parameters of a fixture: every weight is a float32 in its shards. */
function fixtureParams(dir: string): number {
  return fixtureFiles(dir)
    .filter((f) => f.name.endsWith('.bin'))
    .reduce((n, f) => n + f.bytes.length / 4, 0);
}

/** The scaling line names the chosen scaling and both preview accuracies the fixture script measured. */
async function expectScaling(page: Page, dir: string): Promise<void> {
  const f = fixture(dir);
  const scaling = page.getByTestId('import-scaling');
  await expect(scaling).toHaveAttribute('data-scaling', f.scaling);
  await expect(scaling.getByRole('combobox', { name: 'Input scaling' })).toHaveValue(f.scaling);
  await expect(page.getByTestId('import-scaling-why')).toContainText('detected on');
  for (const s of ['0-1', '0-255'] as const)
    await expect(scaling).toContainText(
      `${s.replace('-', '–')} gives ${(f.previewAccuracy[s] * 100).toFixed(1)}%`,
    );
}

for (const [dir, what] of [
  ['keras-cnn', 'a Keras CNN converted with tensorflowjs'],
  ['tfjs-cnn', 'a CNN saved by tfjs model.save()'],
] as const)
  test(`${what} opens with its detected scaling, then sweeps, fine-tunes, compacts and measures latency`, async ({
    page,
  }) => {
    test.setTimeout(600_000);
    const lab = new LabPage(page);
    await lab.open();
    await expect(lab.backend).toHaveAttribute('data-start', 'webgl');
    await openFixture(lab, dir);
    await expectScaling(page, dir);
    // The readout shows the unpruned model's test accuracy at the detected scaling.
    const unpruned = await lab.accuracyValue();
    expect(Math.abs(unpruned - fixture(dir).testAccuracy)).toBeLessThanOrEqual(0.0005 + 1e-9);
    await expect(page.getByRole('combobox', { name: 'Model' })).toHaveValue(/^imported:/);
    await expect(page).toHaveURL(/model=imported:/);
    await expectRanOnPlan(page, 'eval');

    // Structured pruning removes filters: compaction and latency see a smaller model.
    const v0 = await lab.setupVersion();
    await page.getByRole('combobox', { name: 'Pruning method' }).selectOption('l1-structured');
    await lab.setSlider('Global sparsity', 50);
    const pruned = await lab.waitFullAccuracy(v0);
    expect(pruned).toBeGreaterThan(0.1);
    await page.getByRole('button', { name: 'Measure latency' }).click();
    const latency = page.getByTestId('latency');
    await expect(latency).toHaveAttribute('data-state', 'current', { timeout: 240_000 });
    const detail = (await page.getByTestId('latency-detail').textContent()) ?? '';
    const [, params] = /compacted [\d.]+ ms \(([\d\s,]+) params\)/u.exec(detail) ?? [];
    expect(params, detail).toBeTruthy();
    const compacted = Number(params.replace(/[\s,]/gu, ''));
    expect(compacted, detail).toBeGreaterThan(0);
    expect(compacted, detail).toBeLessThan(fixtureParams(dir) * 0.75);
    await expectRanOnPlan(page, 'eval');

    // A fine-tune with the masks held: the readout lands for the trained weights.
    const v1 = await lab.setupVersion();
    await page.getByRole('button', { name: /Fine-tune/ }).click();
    await lab.waitTrainProgress();
    await expect(page.getByRole('button', { name: /Undo training/ })).toBeEnabled({
      timeout: 300_000,
    });
    const tuned = await lab.waitFullAccuracy(v1);
    expect(tuned).toBeGreaterThan(0.1);
    await expectRanOnPlan(page, 'train');

    // A sweep in Experiments on the imported model.
    await page.getByRole('tab', { name: 'Experiments' }).click();
    await page.getByRole('tab', { name: 'Method sweep' }).click();
    const methods = page.getByRole('group', { name: 'Methods' });
    for (const box of await methods.getByRole('checkbox').all()) {
      const name = ((await box.evaluate((el) => el.parentElement?.textContent)) ?? '').trim();
      await box.setChecked(name === 'Magnitude (per layer)');
    }
    await expect(methods.getByRole('checkbox', { checked: true })).toHaveCount(1);
    await page.getByRole('textbox', { name: 'Sparsities (%)' }).fill('0, 80');
    await page.getByRole('combobox', { name: 'After pruning' }).selectOption('none');
    await page.getByRole('checkbox', { name: /Quick mode/ }).check();
    await page.getByRole('button', { name: 'Run sweep' }).click();
    await expect(page.getByTestId('status-sweep')).toHaveText(/^Done: 2 results/, {
      timeout: 300_000,
    });
    await expect(page.getByTestId('sweep-chart').locator('path[data-series]')).toHaveCount(1);
    await expectRanOnPlan(page, 'eval');
    await expect(lab.backend).toHaveAttribute('data-start', 'webgl');
    expect(lab.errors).toEqual([]);
  });

/** The full test-set readout, as a fraction, equals `want` to the screen's 0.1 % rounding. */
async function expectReadout(lab: LabPage, want: number, after: number): Promise<void> {
  const shown = await lab.waitFullAccuracy(after);
  expect(Math.abs(shown - want), `readout ${shown} for ${want}`).toBeLessThanOrEqual(0.0005 + 1e-9);
}

test('the input scaling is detected, can be switched, and the accuracy on screen is the one for each choice', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const lab = new LabPage(page);
  await lab.open();
  await openFixture(lab, 'keras-cnn');
  await expectScaling(page, 'keras-cnn');
  const by = fixture('keras-cnn').testAccuracyByScaling;
  await expectReadout(lab, by['0-255'], -1);
  const choice = page.getByRole('combobox', { name: 'Input scaling' });
  const testAcc = page.getByTestId('import-test-accuracy');
  for (const pick of ['0-1', '0-255'] as const) {
    const v = await lab.setupVersion();
    await choice.selectOption(pick);
    await expect(page.getByTestId('import-scaling')).toHaveAttribute('data-scaling', pick, {
      timeout: 240_000,
    });
    await expect(testAcc).toHaveText(`${(by[pick] * 100).toFixed(1)}%`);
    expect(Number(await testAcc.getAttribute('data-value'))).toBeCloseTo(by[pick], 4);
    await expectReadout(lab, by[pick], v);
    await expect(page.getByTestId('import-scaling-why')).toContainText('your choice');
  }
  await expect(page.getByTestId('import-scaling-why')).not.toContainText('preview favours');
  await choice.selectOption('0-1');
  await expect(page.getByTestId('import-scaling-why')).toContainText(
    'the preview favours pixels 0–255',
    { timeout: 240_000 },
  );
  expect(lab.errors).toEqual([]);
});

const REFUSALS: { what: string; files: () => DropFile[]; names: RegExp }[] = [
  {
    what: 'a functional model with branches',
    files: () => fixtureFiles('bad/branching'),
    names: /layer simple_rnn feeds 2 layers/,
  },
  {
    what: 'a Conv1D layer',
    files: () => fixtureFiles('bad/conv1d'),
    names: /conv1d.*Conv1D|Conv1D.*conv1d/,
  },
  {
    what: 'NaN weights',
    files: () => fixtureFiles('bad/nan'),
    names: /Weight simple_rnn\/[\w/]+ holds NaN/,
  },
  {
    what: 'a short weight file',
    files: () => fixtureFiles('bad/short'),
    names: /group1-shard1of1\.bin is too short/,
  },
  {
    what: 'a missing weight file',
    files: () => fixtureFiles('keras-cnn').filter((f) => f.name !== 'group1-shard2of2.bin'),
    names: /group1-shard2of2\.bin/,
  },
  {
    what: 'an unknown layer',
    files: () => editedJson('keras-rnn', (t) => t.replace('"SimpleRNN"', '"MyAttention"')),
    names: /MyAttention/,
  },
  {
    what: 'a file that is not JSON',
    files: () => editedJson('keras-rnn', (t) => t.slice(0, 200)),
    names: /model\.json/,
  },
];

test('every refused model is named on screen, and the model on screen stays', async ({ page }) => {
  test.setTimeout(600_000);
  const lab = new LabPage(page);
  await lab.open();
  await expect(lab.backend).toHaveAttribute('data-start', 'webgl');
  await openFixture(lab, 'tfjs-cnn');
  const model = page.getByRole('combobox', { name: 'Model' });
  await expect(model).toHaveValue('imported:tfjs_cnn');
  await expectScaling(page, 'tfjs-cnn');
  const shown = await lab.accuracy.textContent();
  const refusal = page.getByTestId('import-refusal');
  for (const r of REFUSALS) {
    await drop(page, r.files());
    await expect(refusal, r.what).toContainText(r.names, { timeout: 120_000 });
    await expect(model, r.what).toHaveValue('imported:tfjs_cnn');
    await expect(lab.accuracy, r.what).toHaveAttribute('data-state', 'current');
    await expect(lab.accuracy, r.what).toHaveText(shown ?? '');
    await page.getByRole('button', { name: 'Dismiss message' }).click();
    await expect(refusal).toBeHidden();
  }
});

/** Unzipped export files of one folder, by path below it. */
function exportFiles(zipPath: string, folder: string): Record<string, Uint8Array> {
  const zip = unzipSync(new Uint8Array(readFileSync(zipPath)));
  const out: Record<string, Uint8Array> = {};
  for (const [k, v] of Object.entries(zip))
    if (k.startsWith(`${folder}/`)) out[k.slice(folder.length + 1)] = v;
  return out;
}

test('the exported tfjs models reload with tf.loadLayersModel and predict what the app measured', async ({
  page,
}) => {
  test.setTimeout(600_000);
  const lab = new LabPage(page);
  await openPrunedKerasCnn(lab);

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export…' }).click();
  const file = await download;
  const folder = 'pruning-lab-imported_sequential-mnist';
  expect(file.suggestedFilename()).toBe(`${folder}.zip`);
  const files = exportFiles(await file.path(), folder);
  const results = JSON.parse(strFromU8(files['results.json'])) as {
    accuracy: { accuracy: number; n: number } | number;
  };
  const expected = JSON.parse(strFromU8(files['check_expected.json'])) as {
    n: number;
    inputShape: number[];
    labels: number[];
    appPredictions: number[];
  };
  expect(files['model-compacted/model.json']).toBeTruthy();

  // tfjs in a page of its own (the app's CSP allows no inline script; the app's tfjs lives in its
  // worker), loaded from the packages the app ships.
  const probe = await page.context().newPage();
  await probe.setContent('<!doctype html><title>reload</title>');
  const require = createRequire(import.meta.url);
  for (const pkg of [
    'tfjs-core/dist/tf-core',
    'tfjs-backend-webgl/dist/tf-backend-webgl',
    'tfjs-layers/dist/tf-layers',
  ])
    await probe.addScriptTag({ path: require.resolve(`@tensorflow/${pkg}.min.js`) });
  const pick = (dir: string) =>
    Object.entries(files)
      .filter(([k]) => k.startsWith(`${dir}/`))
      .map(([k, b]) => ({ name: k.slice(dir.length + 1), bytes: [...b] }));
  const reloaded = await probe.evaluate(
    async ({ models, inputs, shape }) => {
      const tf = (
        window as unknown as {
          tf: typeof import('@tensorflow/tfjs-layers') & typeof import('@tensorflow/tfjs-core');
        }
      ).tf;
      await tf.setBackend('webgl');
      const x = tf.tensor(new Float32Array(new Uint8Array(inputs).buffer), shape);
      const out: Record<string, number[]> = {};
      for (const [name, list] of Object.entries(models)) {
        const fs = list.map((f) => new File([new Uint8Array(f.bytes)], f.name));
        const json = fs.find((f) => f.name === 'model.json')!;
        const m = await tf.loadLayersModel(
          tf.io.browserFiles([json, ...fs.filter((f) => f !== json)]),
        );
        const y = m.predict(x) as import('@tensorflow/tfjs-core').Tensor;
        out[name] = Array.from(await tf.argMax(y, -1).data());
        m.dispose();
      }
      return { out, backend: tf.getBackend() };
    },
    {
      models: { masked: pick('model-masked'), compacted: pick('model-compacted') },
      inputs: [...files['check_inputs.bin']],
      shape: [expected.n, ...expected.inputShape],
    },
  );
  expect(reloaded.backend).toBe('webgl');
  for (const [name, preds] of Object.entries(reloaded.out)) {
    expect(preds, name).toEqual(expected.appPredictions);
    const correct = preds.filter((p, i) => p === expected.labels[i]).length;
    const appCorrect = expected.appPredictions.filter((p, i) => p === expected.labels[i]).length;
    expect(correct, `${name}: correct of ${expected.n}`).toBe(appCorrect);
  }
  const acc = typeof results.accuracy === 'number' ? results.accuracy : results.accuracy.accuracy;
  // The screen shows the same accuracy, to its 0.1 % rounding.
  expect(Math.abs(acc - (await lab.accuracyValue()))).toBeLessThanOrEqual(0.0005 + 1e-9);
});
