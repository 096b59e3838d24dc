/**
 * The exported TensorFlow.js files reload with tf.loadLayersModel and predict what the app
 * evaluates (its masked forward pass), for the cnn, LeNet-300-100, LSTM and GRU.
 */
import * as tf from './tf.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeMasks, emptyConfig, setGlobalSparsity } from '../core/index.ts';
import type { MethodId, PruningConfig } from '../core/types.ts';
import type { DatasetId } from '../data/types.ts';
import type { ModelId } from '../data/models.ts';
import { checkSet } from './export-check.ts';
import { WEIGHTS_FILE, exportTfjs, loadTfjs, type TfjsFiles } from './export.ts';
import { loadShipped, useCpu, type Shipped } from './shipped-fixtures.ts';
import { evaluateModel } from './evaluate.ts';

beforeAll(useCpu);

function argmax(row: Float32Array): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i] > row[best]) best = i;
  return best;
}

async function predictFiles(files: TfjsFiles, x: tf.Tensor): Promise<Float32Array> {
  const m = await loadTfjs(files);
  try {
    const y = m.predict(x) as tf.Tensor;
    const out = Float32Array.from(y.dataSync() as Float32Array);
    y.dispose();
    return out;
  } finally {
    m.dispose();
  }
}

function compare(got: Float32Array, want: Float32Array, classes: number): void {
  expect(got.length).toBe(want.length);
  let maxDiff = 0;
  for (let i = 0; i < got.length; i++) maxDiff = Math.max(maxDiff, Math.abs(got[i] - want[i]));
  expect(maxDiff).toBeLessThan(1e-5);
  for (let r = 0; r < got.length / classes; r++) {
    const a = got.subarray(r * classes, (r + 1) * classes);
    const b = want.subarray(r * classes, (r + 1) * classes);
    expect(argmax(a)).toBe(argmax(b));
  }
}

interface Case {
  model: ModelId;
  dataset: DatasetId;
  method: MethodId;
  sparsity: number;
  remove?: string;
}

const CASES: Case[] = [
  { model: 'cnn', dataset: 'mnist', method: 'l1-structured', sparsity: 0.4, remove: 'conv3' },
  { model: 'lenet-300-100', dataset: 'mnist', method: 'l2-structured', sparsity: 0.5 },
  { model: 'lstm', dataset: 'mnist', method: 'l1-structured', sparsity: 0.3 },
  { model: 'gru', dataset: 'waves', method: 'magnitude', sparsity: 0.6 },
];

describe('exportTfjs', () => {
  it('leaks no tensors (export and check data)', async () => {
    const s = await loadShipped('lstm', 'mnist');
    const masks = computeMasks(s.graph, s.weights, {
      ...setGlobalSparsity(emptyConfig(s.graph), 0.5),
      method: 'l1-structured',
    });
    const round = async () => {
      await exportTfjs(s, masks);
      checkSet(s.model, s.dataset, masks, 20);
    };
    await round(); // burn-in
    const before = tf.memory().numTensors;
    await round();
    expect(tf.memory().numTensors).toBe(before);
    s.model.dispose();
  }, 120_000);
});

describe.each(CASES)('tfjs export of $model ($method)', (c) => {
  let s: Shipped;
  let config: PruningConfig;

  beforeAll(async () => {
    s = await loadShipped(c.model, c.dataset);
    config = { ...setGlobalSparsity(emptyConfig(s.graph), c.sparsity), method: c.method };
    if (c.remove) config.layers[c.remove] = { sparsity: 0, locked: true, removed: true };
  }, 120_000);

  it('reloads masked and compacted models that predict what the app evaluates', async () => {
    const masks = computeMasks(s.graph, s.weights, config);
    const out = await exportTfjs({ graph: s.graph, weights: s.weights }, masks);
    const json = JSON.parse(out.masked.json) as tf.io.ModelJSON;
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest[0].paths).toEqual([`./${WEIGHTS_FILE}`]);
    const check = checkSet(s.model, s.dataset, masks, 100);
    const x = tf.tensor(check.inputs, [check.n, ...check.inputShape]);
    try {
      compare(await predictFiles(out.masked, x), check.outputs, s.graph.classes);
      const structural = c.method !== 'magnitude';
      expect(out.compacted !== undefined).toBe(structural);
      if (out.compacted) {
        compare(await predictFiles(out.compacted, x), check.outputs, s.graph.classes);
        expect(out.compacted.weights.byteLength).toBeLessThan(out.masked.weights.byteLength);
        expect(out.params.compacted).toBeLessThan(out.params.dense);
      }
      // The dense export is the unpruned model: it predicts what the app gives without masks.
      const dense = checkSet(s.model, s.dataset, {}, 100);
      compare(await predictFiles(out.dense, x), dense.outputs, s.graph.classes);
    } finally {
      x.dispose();
    }
    // The app's evaluator agrees with the check outputs on these examples (same accuracy).
    const idx = Array.from({ length: check.n }, (_, i) => i);
    const ev = evaluateModel(s.model, s.dataset, idx, masks);
    let hits = 0;
    for (let r = 0; r < check.n; r++) {
      const row = check.outputs.subarray(r * s.graph.classes, (r + 1) * s.graph.classes);
      if (argmax(row) === check.labels[r]) hits++;
    }
    expect(ev.accuracy).toBeCloseTo(hits / check.n, 10);
  }, 120_000);
});
