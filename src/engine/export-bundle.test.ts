/**
 * Export end to end in Node: the engine's exportModel on the shipped cnn, the files reloaded in
 * tfjs, and the zip bundle unpacked and its PyTorch recipe run as a user would (when python3 has
 * torch); a Keras reset_after=True GRU's bundle says how its TensorFlow.js folders load.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as tf from '../model/tf.ts';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeMasks, emptyConfig, setGlobalSparsity } from '../core/index.ts';
import type { MethodId } from '../core/types.ts';
import { checkSet } from '../model/export-check.ts';
import { exportTfjs, loadTfjs } from '../model/export.ts';
import { loadResetAfterGru, useCpu } from '../model/shipped-fixtures.ts';
import type { LoadResult } from './api.ts';
import type { Engine } from './engine.ts';
import { bundleFiles, bundleFolder, bundleZip, type BundleInput } from './export-bundle.ts';
import { cnnOnMnist } from './test-support.ts';
import { findTorchPython } from '../../scripts/torch-python.ts';
const PYTHON = findTorchPython();
const HAVE_TORCH = PYTHON !== null;
const tmp = mkdtempSync(join(tmpdir(), 'bundle-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('export bundle (cpu backend, cnn on MNIST)', () => {
  let engine: Engine;
  let loaded: LoadResult;

  beforeAll(async () => {
    ({ engine, loaded } = await cnnOnMnist());
  }, 120_000);

  /** The cnn's setup at one global sparsity of `method`, and its masks. */
  function setup(sparsity: number, method: MethodId) {
    const config = setGlobalSparsity(emptyConfig(loaded.graph, method), sparsity);
    return { config, masks: computeMasks(loaded.graph, loaded.weights, config) };
  }

  /** The zip bundle of the cnn on MNIST for one setup and its export. */
  function zipOf(input: Pick<BundleInput, 'config' | 'masks' | 'exported'> & Partial<BundleInput>) {
    return bundleZip({ modelId: 'cnn', datasetId: 'mnist', graph: loaded.graph, ...input });
  }

  it('exports files that reload with the app predictions, zipped with recipes and results', async () => {
    const { config, masks } = setup(0.5, 'l1-structured');
    const exported = await engine.exportModel(masks);
    expect(exported.check.n).toBe(100);
    expect(exported.compacted).toBeDefined();
    const m = await loadTfjs(exported.compacted!);
    const x = tf.tensor(exported.check.inputs, [100, ...exported.check.inputShape]);
    const y = m.predict(x) as tf.Tensor;
    const got = y.dataSync();
    let diff = 0;
    for (let i = 0; i < got.length; i++)
      diff = Math.max(diff, Math.abs(got[i] - exported.check.outputs[i]));
    expect(diff).toBeLessThan(1e-5);
    tf.dispose([x, y]);
    m.dispose();

    const accuracy = await engine.evaluate(masks, 'full');
    const { folder, zip, notes } = zipOf({
      config,
      masks,
      exported,
      accuracy,
      baselineAccuracy: loaded.pretrainedAccuracy,
    });
    expect(folder).toBe(bundleFolder('cnn', 'mnist'));
    expect(notes).toEqual([]);
    const files = unzipSync(zip);
    const names = Object.keys(files).map((p) => p.slice(folder.length + 1));
    for (const f of [
      'README.txt',
      'results.json',
      'prune_torch.py',
      'prune_tfmot.py',
      'masks.bin',
      'check_inputs.bin',
      'check_expected.json',
      'model-dense/model.json',
      'model-masked/weights.bin',
      'model-compacted/model.json',
    ])
      expect(names).toContain(f);
    const results = JSON.parse(strFromU8(files[`${folder}/results.json`]));
    expect(results.accuracy.accuracy).toBe(accuracy.accuracy);
    expect(strFromU8(files[`${folder}/README.txt`])).toContain('python3 prune_torch.py');

    if (!HAVE_TORCH) {
      console.warn(
        'Skipping the bundle run: neither python3 nor /usr/bin/python3 imports torch (apt install python3-torch).',
      );
      return;
    }
    for (const [path, bytes] of Object.entries(files)) {
      mkdirSync(dirname(join(tmp, path)), { recursive: true });
      writeFileSync(join(tmp, path), bytes);
    }
    const log = execFileSync(PYTHON ?? 'python3', [join(tmp, folder, 'prune_torch.py')], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(log).toContain('agree with the app on 100 of 100');
  }, 300_000);

  it('leaves the compacted model out when nothing structural was removed', async () => {
    const { config, masks } = setup(0.5, 'magnitude');
    const exported = await engine.exportModel(masks, { checkExamples: 10 });
    expect(exported.compacted).toBeUndefined();
    expect(exported.check.n).toBe(10);
    const { folder, zip } = zipOf({ config, masks, exported });
    const files = unzipSync(zip);
    expect(Object.keys(files)).not.toContain(`${folder}/model-compacted/model.json`);
    expect(strFromU8(files[`${folder}/README.txt`])).not.toContain('model-compacted');
  }, 120_000);
});

describe('export bundle of a Keras GRU with reset_after=True', () => {
  beforeAll(useCpu);

  it('exports a bundle whose notes and README say how to load the TensorFlow.js folders', async () => {
    const s = await loadResetAfterGru();
    const config = {
      ...setGlobalSparsity(emptyConfig(s.graph), 0.5),
      method: 'l1-structured' as const,
    };
    const masks = computeMasks(s.graph, s.weights, config);
    const exported = {
      ...(await exportTfjs(s, masks)),
      check: checkSet(s.model, s.dataset, masks, 10),
    };
    const b = bundleFiles({
      modelId: s.graph.id,
      datasetId: 'mnist',
      graph: s.graph,
      config,
      masks,
      exported,
    });
    const gru = s.graph.layers[0].name;
    expect(b.notes).toHaveLength(1);
    expect(b.notes[0]).toContain(`${gru} is a GRU with reset_after=True`);
    expect(b.notes[0]).toContain('tf.serialization.registerClass');
    const readme = strFromU8(b.files['README.txt']);
    expect(readme).toContain('GruResetAfterCell');
    for (const line of readme.split('\n')) expect(line.length, line).toBeLessThan(100);
    expect(b.files['prune_torch.py']).toBeDefined();
    expect(strFromU8(b.files['model-masked/model.json'])).toContain('GruResetAfterCell');
    s.model.dispose();
  }, 120_000);
});
