/**
 * "Open model…" store actions against the real engine on the cpu backend: the committed fixtures
 * open as the current model with their measured accuracy, a refusal keeps the model on screen,
 * a dataset switch and undo work on the imported model.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeEngineClient } from '../engine/node-client.ts';
import { evaluationsIdle, loadModel, setClient, setGlobal, undo } from './actions.ts';
import { exportSetup } from './exporting.ts';
import { importModel, readModelFiles, setImportScaling } from './imported.ts';
import { useApp } from './index.ts';
import { selectAccuracy } from './selectors.ts';

const state = () => useApp.getState();
const root = new URL('../../e2e/fixtures/import/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('manifest.json', root), 'utf8')) as {
  dir: string;
  testAccuracy: number;
  testAccuracyByScaling: Record<'0-1' | '0-255', number>;
  scaling: string;
}[];

/** The fixture's files as the browser would hand them over. */
function filesOf(dir: string): File[] {
  const d = new URL(`${dir}/`, root);
  return readdirSync(d).map((f) => new File([readFileSync(new URL(f, d))], f));
}

async function settled(): Promise<number> {
  for (let i = 0; i < 600; i++) {
    await evaluationsIdle();
    const a = selectAccuracy(state());
    if (a.state === 'current' && a.subset === 'full') return a.accuracy;
    if (a.state === 'error') throw new Error(a.message);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('no result landed');
}

describe('opening an imported model (real engine, cpu)', () => {
  beforeAll(async () => {
    const { client } = await nodeEngineClient();
    setClient(client);
    await loadModel('cnn', 'mnist');
    await settled();
  }, 180_000);

  it('opens the tfjs fixture as the current model with its measured test accuracy', async () => {
    const read = await readModelFiles(filesOf('tfjs-cnn'));
    if (!read.ok) throw new Error(read.message);
    expect(await importModel(read.files)).toBeNull();
    const s = state();
    expect(s.modelId).toBe('imported:tfjs_cnn');
    expect(s.imported?.id).toBe(s.modelId);
    const m = manifest.find((x) => x.dir === 'tfjs-cnn')!;
    expect(s.imported?.result.testAccuracy).toBeCloseTo(m.testAccuracy, 3);
    expect(s.imported?.result.scaling.chosen).toBe(m.scaling);
    expect(s.imported?.result.fittingDatasets).toContain('mnist');
    expect(await settled()).toBeCloseTo(m.testAccuracy, 3);
    setGlobal(0.6);
    const pruned = await settled();
    expect(pruned).toBeLessThanOrEqual(1);
    expect(Object.keys(s.graph ? state().masks : {}).length).toBeGreaterThan(0);
  }, 300_000);

  it('exports the pruned imported model with its input path (bundle files, recipes or notes)', async () => {
    const b = await exportSetup();
    expect(b.filename).toBe('pruning-lab-imported_tfjs_cnn-mnist.zip');
    expect(b.paths).toEqual(expect.arrayContaining(['model-masked/model.json', 'results.json']));
    // Each recipe is either written or explained.
    if (!b.torch || !b.tfmot) expect(b.notes.length).toBeGreaterThan(0);
  }, 300_000);

  it('refuses a Conv1D model by name and keeps the imported model usable', async () => {
    const before = state().modelId;
    const message = await importModel(
      (await readModelFiles(filesOf('bad/conv1d')).then((r) => (r.ok ? r.files : null)))!,
    );
    expect(message).toMatch(/Conv1D/);
    expect(state().importState.kind).toBe('refused');
    expect(state().modelId).toBe(before);
    setGlobal(0.3);
    expect(await settled()).toBeGreaterThan(0.5);
  }, 300_000);

  it('names the missing model.json when only weights are given', async () => {
    const r = await readModelFiles(filesOf('tfjs-cnn').filter((f) => f.name.endsWith('.bin')));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/model\.json/);
  });

  it('switches the imported model to another fitting dataset; undo of an import brings the cnn back', async () => {
    await loadModel(state().modelId, 'fashion');
    expect(state().modelId).toBe('imported:tfjs_cnn');
    expect(state().datasetId).toBe('fashion');
    await settled();
    // Opening a model is one undo step: undo brings the cnn back.
    await loadModel('cnn', 'mnist');
    const read = await readModelFiles(filesOf('keras-cnn'));
    if (!read.ok) throw new Error(read.message);
    expect(await importModel(read.files)).toBeNull();
    expect(state().imported?.result.scaling.chosen).toBe('0-255');
    await undo();
    expect(state().modelId).toBe('cnn');
    expect(await settled()).toBeGreaterThan(0.9);
  }, 300_000);

  it('runs the imported model with the scaling the visitor picks, keeping the setup and the pick', async () => {
    const read = await readModelFiles(filesOf('keras-cnn'));
    if (!read.ok) throw new Error(read.message);
    expect(await importModel(read.files)).toBeNull();
    const m = manifest.find((x) => x.dir === 'keras-cnn')!;
    expect(await settled()).toBeCloseTo(m.testAccuracyByScaling['0-255'], 4);
    setGlobal(0.3);
    await settled();
    expect(await setImportScaling('0-1')).toBeNull();
    const s = state();
    expect(s.imported?.scaling).toBe('0-1');
    expect(s.imported?.result.scaling.chosen).toBe('0-1');
    expect(s.graph?.inputScaling).toBe('0-1');
    expect(s.imported?.result.testAccuracy).toBeCloseTo(m.testAccuracyByScaling['0-1'], 4);
    expect(s.pretrainedAccuracy).toBeCloseTo(m.testAccuracyByScaling['0-1'], 4);
    expect(s.config.globalSparsity).toBeCloseTo(0.3, 6);
    // A dataset switch keeps the pick.
    await loadModel(s.modelId, 'fashion');
    expect(state().imported?.result.scaling.chosen).toBe('0-1');
    await settled();
  }, 300_000);
});
