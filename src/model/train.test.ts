import * as tf from './tf.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MaskSet, WeightSet } from '../core/types.ts';
import type { DatasetId } from '../data/types.ts';
import type { TrainOptions, TrainProgress } from './results.ts';
import type { ModelId } from '../data/models.ts';
import { installFastCpuKernels } from './cpu-kernels.ts';
import { mulberry32 } from '../core/random.ts';
import { tinyImages, tinyWaves } from './test-fixtures.ts';
import {
  TrainController,
  gradientScores,
  maskSparsity,
  scoreBatchIndices,
  trainModel,
} from './train.ts';
import { buildModel, describeGraph, getWeights, graphTensors } from './zoo.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
  installFastCpuKernels();
});

const images = tinyImages(64, 40);
const waves = tinyWaves(32, 16);

/** Prunes a seeded random half of every kernel and recurrent kernel (biases kept). */
function halfMasks(keys: { key: string; size: number; role: string }[], seed: number): MaskSet {
  const rng = mulberry32(seed);
  const m: MaskSet = {};
  for (const k of keys)
    if (k.role !== 'bias')
      m[k.key] = Uint8Array.from({ length: k.size }, () => (rng() < 0.5 ? 0 : 1));
  return m;
}

function tensorKeys(model: ModelId, data: DatasetId) {
  return graphTensors(describeGraph(model, data)).map((t) => ({
    key: t.key,
    role: t.role,
    size: t.shape.reduce((a, b) => a * b, 1),
  }));
}

function opts(extra: Partial<TrainOptions> = {}): TrainOptions {
  return {
    epochs: 1,
    batchSize: 16,
    learningRate: 1e-2,
    optimizer: 'adam',
    seed: 5,
    fromScratch: true,
    ...extra,
  };
}

function countWhere(w: WeightSet, m: MaskSet, pred: (v: number, kept: boolean) => boolean): number {
  let n = 0;
  for (const [k, mask] of Object.entries(m))
    for (let i = 0; i < mask.length; i++) if (pred(w[k][i], mask[i] === 1)) n++;
  return n;
}

describe('masked training', () => {
  it.each([
    ['cnn', 'adam'],
    ['cnn', 'sgd'],
    ['lstm', 'adam'],
    ['gru', 'sgd'],
  ] as const)(
    '%s with %s keeps pruned weights exactly zero and moves kept ones',
    async (modelId, optimizer) => {
      // The RNNs read the images as 28 row steps (shorter than waves' 64 steps, so faster).
      const data = images;
      const model = buildModel(modelId, data.id, 1);
      const masks = halfMasks(tensorKeys(modelId, data.id), 2);
      const before = getWeights(model);
      const epochs = 3;
      const r = await trainModel(
        model,
        data,
        opts({ optimizer, epochs, masks, learningRate: 0.05 }),
      );
      expect(r.history.at(-1)!.done).toBe(epochs * Math.ceil(data.trainY.length / 16));
      expect(countWhere(r.weights, masks, (v, kept) => !kept && v !== 0)).toBe(0);
      expect(countWhere(getWeights(model), masks, (v, kept) => !kept && v !== 0)).toBe(0);
      // Every kernel has kept weights that moved.
      for (const [k, m] of Object.entries(masks)) {
        let moved = 0;
        for (let i = 0; i < m.length; i++) if (m[i] && r.weights[k][i] !== before[k][i]) moved++;
        expect(moved, k).toBeGreaterThan(0);
      }
      expect(r.history.at(-1)!.sparsity).toBeCloseTo(
        maskSparsity(describeGraph(modelId, data.id), masks),
        10,
      );
      model.dispose();
    },
  );

  it('learns the tiny image task (loss falls, accuracy rises)', async () => {
    const model = buildModel('lenet-300-100', 'mnist', 1);
    const r = await trainModel(
      model,
      images,
      opts({ epochs: 4, learningRate: 3e-3, reportEvery: 4 }),
    );
    expect(r.history[0].loss).toBeGreaterThan(r.history.at(-1)!.loss);
    expect(r.history.at(-1)!.accuracy).toBeGreaterThan(0.5);
    model.dispose();
  });

  it('reports every batch, or the first and then no more often than minReportMs but always at epoch ends', async () => {
    const run = async (extra: Partial<TrainOptions>): Promise<TrainProgress[]> => {
      const model = buildModel('lenet-300-100', 'mnist', 1);
      const r = await trainModel(model, images, opts({ epochs: 2, reportEvery: 1, ...extra }));
      model.dispose();
      return r.history;
    };
    const perBatch = Math.ceil(images.trainY.length / 16);
    const every = await run({});
    expect(every.map((p) => p.done)).toEqual(Array.from({ length: 2 * perBatch }, (_, i) => i + 1));
    const throttled = await run({ minReportMs: 1e9 });
    expect(throttled.map((p) => [p.epoch, p.batch, p.done])).toEqual([
      [0, 1, 1],
      [0, perBatch, perBatch],
      [1, perBatch, 2 * perBatch],
    ]);
    // A throttled report averages the loss over every batch since the previous one.
    const meanOver = (ps: TrainProgress[]) => ps.reduce((a, p) => a + p.loss, 0) / ps.length;
    expect(throttled[0].loss).toBeCloseTo(every[0].loss, 5);
    expect(throttled[1].loss).toBeCloseTo(meanOver(every.slice(1, perBatch)), 5);
    expect(throttled[2].loss).toBeCloseTo(meanOver(every.slice(perBatch)), 5);
  });

  it('same seed reproduces the same weights; another seed does not', async () => {
    const run = async (seed: number): Promise<WeightSet> => {
      const model = buildModel('cnn', 'mnist', 3);
      const r = await trainModel(model, images, opts({ seed, maxBatches: 5 }));
      model.dispose();
      return r.weights;
    };
    const a = await run(11);
    const b = await run(11);
    const c = await run(12);
    for (const k of Object.keys(a)) expect(b[k]).toEqual(a[k]);
    expect(c['dense1/kernel']).not.toEqual(a['dense1/kernel']);
  });

  it('keeps the initial weights of the run (fromScratch re-initialises from the seed)', async () => {
    const model = buildModel('gru', 'waves', 1);
    const r1 = await trainModel(model, waves, opts({ fromScratch: true, seed: 9, maxBatches: 2 }));
    expect(r1.initial).toEqual(getWeights(buildModel('gru', 'waves', 9)));
    const r2 = await trainModel(model, waves, opts({ fromScratch: false, maxBatches: 2 }));
    expect(r2.initial).toEqual(r1.weights);
    model.dispose();
  });

  it('gradual pruning through onStep: new masks apply at once and hold, Adam moments included', async () => {
    const model = buildModel('lenet-300-100', 'mnist', 1);
    const keys = tensorKeys('lenet-300-100', 'mnist');
    const m1 = halfMasks(keys, 1);
    // The second mask prunes more: everything m1 prunes plus another random part.
    const extra = halfMasks(keys, 2);
    const m2: MaskSet = {};
    for (const k of Object.keys(m1)) m2[k] = m1[k].map((v, i) => v & extra[k][i]);
    const seen: number[] = [];
    const r = await trainModel(model, images, opts({ epochs: 3, masks: m1, learningRate: 0.02 }), {
      onStep: (step) => {
        seen.push(step);
        return step === 7 ? m2 : null;
      },
    });
    expect(seen.slice(0, 3)).toEqual([0, 1, 2]);
    expect(r.masks).toEqual(m2);
    expect(countWhere(r.weights, m2, (v, kept) => !kept && v !== 0)).toBe(0);
    const sparsities = r.history.map((p) => p.sparsity);
    expect(sparsities.at(-1)!).toBeGreaterThan(sparsities[0]);
    model.dispose();
  });

  it('movement scores: -Σ g·w per weight, zero where pruned', async () => {
    const model = buildModel('cnn', 'mnist', 1);
    const masks = halfMasks(tensorKeys('cnn', 'mnist'), 4);
    const r = await trainModel(model, images, opts({ masks, maxBatches: 4 }), { movement: true });
    const mv = r.movement!;
    expect(Object.keys(mv).sort()).toEqual(Object.keys(r.weights).sort());
    for (const [k, m] of Object.entries(masks)) {
      expect(mv[k].length).toBe(m.length);
      for (let i = 0; i < m.length; i++) if (!m[i]) expect(mv[k][i]).toBe(0);
    }
    expect(Array.from(mv['dense1/kernel']).some((v) => v !== 0)).toBe(true);
    model.dispose();
  });

  it('cancel stops between batches and returns a partial result; pause waits for resume', async () => {
    const model = buildModel('lenet-300-100', 'mnist', 1);
    const controller = new TrainController();
    const r = await trainModel(model, images, opts({ epochs: 5 }), {
      controller,
      onProgress: (p: TrainProgress) => {
        if (p.done === 3) controller.cancel();
      },
    });
    expect(r.cancelled).toBe(true);
    expect(r.history.at(-1)!.done).toBe(3);
    expect(r.weights).toEqual(getWeights(model));

    const c2 = new TrainController();
    let resumedAt = 0;
    const r2 = await trainModel(model, images, opts({ maxBatches: 4 }), {
      controller: c2,
      onProgress: (p) => {
        if (p.done === 2) {
          c2.pause();
          setTimeout(() => {
            resumedAt = p.done;
            c2.resume();
          }, 30);
        }
      },
    });
    expect(r2.cancelled).toBe(false);
    expect(resumedAt).toBe(2);
    expect(r2.history.at(-1)!.done).toBe(4);
    expect(r2.history.at(-1)!.examplesPerSec).toBeGreaterThan(0);
    model.dispose();
  });
});

describe('gradientScores', () => {
  it.each(['cnn', 'lstm'] as const)(
    '%s: shapes, zero where masked, SNIP sums to 1, Taylor ∝ SNIP',
    (modelId) => {
      const data = modelId === 'cnn' ? images : waves;
      const model = buildModel(modelId, data.id, 1);
      const masks = halfMasks(tensorKeys(modelId, data.id), 3);
      const before = getWeights(model);
      const idx = [0, 1, 2, 3, 4, 5, 6, 7];
      const snip = gradientScores(model, data, idx, 'snip', masks);
      const taylor = gradientScores(model, data, idx, 'taylor', masks);
      expect(getWeights(model)).toEqual(before);
      let total = 0;
      let taylorTotal = 0;
      for (const [k, w] of Object.entries(before)) {
        expect(snip[k].length).toBe(w.length);
        expect(taylor[k].length).toBe(w.length);
        for (let i = 0; i < w.length; i++) {
          total += snip[k][i];
          taylorTotal += taylor[k][i];
          expect(snip[k][i]).toBeGreaterThanOrEqual(0);
        }
      }
      for (const [k, m] of Object.entries(masks))
        for (let i = 0; i < m.length; i++) if (!m[i]) expect(snip[k][i]).toBe(0);
      expect(total).toBeCloseTo(1, 4);
      const k0 = Object.keys(masks)[0];
      const j = Array.from(taylor[k0]).findIndex((v) => v > 0);
      expect(snip[k0][j]).toBeCloseTo(taylor[k0][j] / taylorTotal, 6);
      model.dispose();
    },
  );
});

describe('scoreBatchIndices', () => {
  it('picks a fixed class-balanced batch from the train split', () => {
    const b = scoreBatchIndices(images, 20, 1);
    expect(b).toEqual(scoreBatchIndices(images, 20, 1));
    const counts = new Array(10).fill(0);
    for (const i of b) counts[images.trainY[i]]++;
    expect(counts).toEqual(new Array(10).fill(2));
  });
});
