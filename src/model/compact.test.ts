import * as tf from './tf.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeMasks } from '../core/compute.ts';
import { randomMask } from '../core/masks.ts';
import { keptUnits, networkMetrics } from '../core/metrics.ts';
import type { MaskSet, NetGraph, PruningConfig, WeightSet } from '../core/types.ts';
import type { DatasetId } from '../data/types.ts';
import type { ModelId } from '../data/models.ts';
import { compactModel } from './compact.ts';
import { maskedForward, maskedModel } from './masked.ts';
import { mulberry32 } from '../core/random.ts';
import { buildModel, graphOfModel, setWeights } from './zoo.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Seeded weights in [-0.5, 0.5), biases included, so pruned biases matter. */
function randomWeights(graph: NetGraph, seed: number): WeightSet {
  const rng = mulberry32(seed);
  const w: WeightSet = {};
  for (const l of graph.layers) {
    for (const t of l.tensors) {
      const n = t.shape.reduce((a, b) => a * b, 1);
      const a = new Float32Array(n);
      for (let i = 0; i < n; i++) a[i] = rng() - 0.5;
      w[t.key] = a;
    }
  }
  return w;
}

function randomInput(shape: number[], seed: number): tf.Tensor {
  const rng = mulberry32(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = rng();
  return tf.tensor(a, shape);
}

function config(layers: PruningConfig['layers'], globalSparsity = 0.5): PruningConfig {
  return { method: 'l1-structured', globalSparsity, layers, seed: 7 };
}

interface Case {
  name: string;
  model: ModelId;
  data: DatasetId;
  layers: (g: NetGraph) => PruningConfig['layers'];
  /** Tensor that also gets 30% random unstructured zeros. */
  extra?: string;
  /** Layers expected to hold a placeholder unit. */
  placeholders?: string[];
  removed?: string[];
}

/** Output layers keep all weights; hidden layers get the global 50%. */
const noOutput = (g: NetGraph): PruningConfig['layers'] => {
  const out = g.layers.find((l) => l.isOutput);
  return out ? { [out.name]: { sparsity: 0, locked: false } } : {};
};

const CASES: Case[] = [
  { name: 'cnn / mnist', model: 'cnn', data: 'mnist', layers: noOutput, extra: 'conv2/kernel' },
  {
    name: 'cnn / mnist, conv3 removed',
    model: 'cnn',
    data: 'mnist',
    layers: (g) => ({ ...noOutput(g), conv3: { sparsity: 0, locked: false, removed: true } }),
    extra: 'dense1/kernel',
    removed: ['conv3'],
  },
  {
    name: 'lenet-300-100 / mnist',
    model: 'lenet-300-100',
    data: 'mnist',
    layers: noOutput,
    extra: 'fc1/kernel',
  },
  // The output layer's own l1 fallback (unstructured magnitude) mixes zeros into it.
  {
    name: 'lstm / mnist',
    model: 'lstm',
    data: 'mnist',
    layers: () => ({}),
    extra: 'lstm1/recurrentKernel',
  },
  { name: 'gru / mnist', model: 'gru', data: 'mnist', layers: noOutput, extra: 'gru1/kernel' },
  {
    name: 'gru / waves',
    model: 'gru',
    data: 'waves',
    layers: noOutput,
    extra: 'gru1/recurrentKernel',
  },
  {
    name: 'lenet-300-100, fc2 100% pruned',
    model: 'lenet-300-100',
    data: 'mnist',
    layers: (g) => ({ ...noOutput(g), fc2: { sparsity: 1, locked: false } }),
    placeholders: ['fc2'],
  },
  {
    name: 'lstm on waves, 100% pruned',
    model: 'lstm',
    data: 'waves',
    layers: (g) => ({ ...noOutput(g), lstm1: { sparsity: 1, locked: false } }),
    placeholders: ['lstm1'],
  },
  {
    name: 'cnn, conv2 100% pruned feeding removed conv3',
    model: 'cnn',
    data: 'mnist',
    layers: (g) => ({
      ...noOutput(g),
      conv2: { sparsity: 1, locked: false },
      conv3: { sparsity: 0, locked: false, removed: true },
    }),
    placeholders: ['conv2'],
    removed: ['conv3'],
  },
];

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => a.sub(b).abs().max().dataSync()[0]);
}

describe('compactModel', () => {
  for (const c of CASES) {
    it(`matches the masked model and core's compactedParams: ${c.name}`, () => {
      const model = buildModel(c.model, c.data, 1);
      const graph = graphOfModel(model);
      const weights = randomWeights(graph, 11);
      setWeights(model, weights);
      const masks: MaskSet = computeMasks(graph, weights, config(c.layers(graph)));
      if (c.extra) {
        const m = masks[c.extra];
        const r = randomMask(m.length, 0.3, 99);
        for (let i = 0; i < m.length; i++) m[i] &= r[i];
      }
      const x = randomInput([16, ...graph.inputShape], 5);

      const before = tf.memory().numTensors;
      const compact = compactModel(model, masks);
      const yMasked = maskedForward(model, masks, x);
      const yCompact = compact.model.predict(x) as tf.Tensor;
      expect(yCompact.shape).toEqual([16, graph.classes]);
      expect(maxAbsDiff(yMasked, yCompact)).toBeLessThan(1e-4);

      // Same parameter count as the core's metrics.
      const metrics = networkMetrics(graph, masks);
      expect(compact.params).toBe(metrics.total.compactedParams);
      expect(compact.denseParams).toBe(model.countParams());
      expect(compact.modelParams).toBe(compact.model.countParams());
      expect(compact.placeholders).toEqual(c.placeholders ?? []);
      expect(compact.removed).toEqual(c.removed ?? []);
      if (!c.placeholders) expect(compact.modelParams).toBe(compact.params);
      // It did get smaller, by whole units.
      expect(compact.params).toBeLessThan(compact.denseParams * 0.6);
      const kept = keptUnits(graph, masks);
      for (const l of compact.graph.layers) {
        if (l.isOutput || l.units === 0) continue;
        expect(l.units).toBe(Math.max(1, kept[l.name].length));
        expect(kept[l.name].length).toBeLessThan(
          graph.layers.find((o) => o.name === l.name)?.units ?? 0,
        );
      }
      for (const name of c.removed ?? [])
        expect(compact.graph.layers.some((l) => l.name === name)).toBe(false);

      // The original model's weights are untouched by maskedForward.
      const w0 = model.getLayer(graph.layers[graph.layers.length - 1].name).getWeights()[0];
      const last = graph.layers[graph.layers.length - 1].tensors[0].key;
      expect(Array.from(w0.dataSync())).toEqual(Array.from(weights[last]));

      yMasked.dispose();
      yCompact.dispose();
      compact.model.dispose();
      expect(tf.memory().numTensors).toBe(before);
      x.dispose();
      model.dispose();
    });
  }

  it('gives constant predictions when a hidden layer is fully pruned', () => {
    const model = buildModel('lenet-300-100', 'mnist', 2);
    const graph = graphOfModel(model);
    const weights = randomWeights(graph, 3);
    setWeights(model, weights);
    const masks = computeMasks(graph, weights, config({ fc1: { sparsity: 1, locked: false } }, 0));
    const compact = compactModel({ graph, weights }, masks);
    expect(compact.placeholders).toEqual(['fc1']);
    expect(compact.graph.layers.find((l) => l.name === 'fc1')?.units).toBe(1);
    expect(compact.params).toBe(networkMetrics(graph, masks).total.compactedParams);
    const x = randomInput([4, ...graph.inputShape], 9);
    const y = compact.model.predict(x) as tf.Tensor2D;
    const rows = y.arraySync();
    for (const r of rows)
      for (let k = 0; k < r.length; k++) expect(r[k]).toBeCloseTo(rows[0][k], 6);
    const ref = maskedForward(model, masks, x);
    expect(maxAbsDiff(ref, y)).toBeLessThan(1e-4);
    tf.dispose([x, y, ref]);
    compact.model.dispose();
    model.dispose();
  });

  it('keeps everything when nothing is pruned, and maskedModel equals maskedForward', () => {
    const model = buildModel('cnn', 'mnist', 4);
    const graph = graphOfModel(model);
    const weights = randomWeights(graph, 4);
    setWeights(model, weights);
    const none = computeMasks(graph, weights, config({}, 0));
    const compact = compactModel(model, none);
    expect(compact.params).toBe(compact.denseParams);
    const masks = computeMasks(
      graph,
      weights,
      config({ conv3: { sparsity: 0, locked: false, removed: true } }, 0.3),
    );
    const mm = maskedModel(model, masks);
    const x = randomInput([8, ...graph.inputShape], 1);
    const y0 = model.predict(x) as tf.Tensor;
    const y1 = compact.model.predict(x) as tf.Tensor;
    const y2 = mm.predict(x) as tf.Tensor;
    const y3 = maskedForward(model, masks, x);
    expect(maxAbsDiff(y0, y1)).toBeLessThan(1e-5);
    expect(maxAbsDiff(y2, y3)).toBeLessThan(1e-5);
    tf.dispose([x, y0, y1, y2, y3]);
    compact.model.dispose();
    mm.dispose();
    model.dispose();
  });
});
