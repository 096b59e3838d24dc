import { describe, expect, it } from 'vitest';
import type { WeightSet } from '../core/types.ts';
import { switchBackend } from './backends.ts';
import { tinyImages, tinyWaves } from './test-fixtures.ts';
import * as tf from './tf.ts';
import { gradientScores, trainModel } from './train.ts';
import { buildModel, getWeights, MODEL_IDS } from './zoo.ts';
import type { ModelId } from '../data/models.ts';

/** One training step (and SNIP scores) of a freshly built model on the given backend. */
async function stepOn(backend: 'cpu' | 'wasm', id: ModelId) {
  expect(await switchBackend(backend)).toBe(true);
  const ds = id === 'lstm' || id === 'gru' ? tinyWaves(16, 8) : tinyImages(16, 8);
  const model = buildModel(id, ds.id, 3, ds.classNames.length);
  try {
    await trainModel(model, ds, {
      epochs: 1,
      batchSize: 16,
      learningRate: 0.05,
      optimizer: 'sgd',
      seed: 1,
      fromScratch: false,
      maxBatches: 1,
    });
    const scores = gradientScores(model, ds, [0, 1, 2, 3, 4, 5, 6, 7], 'snip', {});
    const probs = model.predict(tf.zeros([2, ...(model.inputs[0].shape.slice(1) as number[])]));
    const out = Float32Array.from((probs as tf.Tensor).dataSync());
    (probs as tf.Tensor).dispose();
    return { weights: getWeights(model), scores, out, ran: tf.getBackend() };
  } finally {
    model.dispose();
  }
}

function maxDiff(a: WeightSet, b: WeightSet): number {
  let m = 0;
  for (const k of Object.keys(a)) {
    expect(b[k].length).toBe(a[k].length);
    for (let i = 0; i < a[k].length; i++) m = Math.max(m, Math.abs(a[k][i] - b[k][i]));
  }
  return m;
}

describe('wasm backend training', () => {
  for (const id of MODEL_IDS) {
    it(`${id}: one training step on wasm equals the cpu backend's to 1e-5`, async () => {
      const cpu = await stepOn('cpu', id);
      const wasm = await stepOn('wasm', id);
      expect(cpu.ran).toBe('cpu');
      expect(wasm.ran).toBe('wasm');
      expect(maxDiff(cpu.weights, wasm.weights)).toBeLessThan(1e-5);
      expect(maxDiff(cpu.scores, wasm.scores)).toBeLessThan(1e-5);
      for (let i = 0; i < cpu.out.length; i++) expect(wasm.out[i]).toBeCloseTo(cpu.out[i], 5);
    }, 60_000);
  }

  it('a conv filter gradient on wasm equals the cpu one for strides and same padding', async () => {
    const grad = async (backend: 'cpu' | 'wasm') => {
      await switchBackend(backend);
      const x = tf.randomUniform([2, 7, 6, 3], -1, 1, 'float32', 5);
      const dy = tf.randomUniform([2, 4, 3, 4], -1, 1, 'float32', 6);
      const f = tf.randomUniform([3, 3, 3, 4], -1, 1, 'float32', 7);
      const loss = (w: tf.Tensor) =>
        tf.sum(tf.mul(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 2, 'same'), dy));
      const dw = tf.grad(loss)(f);
      const v = Float32Array.from(dw.dataSync());
      tf.dispose([x, dy, f, dw]);
      return v;
    };
    const a = await grad('cpu');
    const b = await grad('wasm');
    expect(b.length).toBe(3 * 3 * 3 * 4);
    for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(1e-5);
  });
});
