/**
 * The engine's live-demo calls in Node on the cpu backend, on the shipped cnn checkpoint and MNIST
 * test digits: predict (drawing pad) and a gradual run recorded as a time-lapse.
 */
import { describe, expect, it } from 'vitest';
import { emptyConfig } from '../core/index.ts';
import type { Dataset } from '../data/types.ts';
import { cnnOnMnistSuite, fineTune, masksAt } from './test-support.ts';

function argmax(p: number[]): number {
  return p.reduce((best, v, i) => (v > p[best] ? i : best), 0);
}

/** Test example i as 784 floats in [0, 1]. */
function digit(ds: Dataset, i: number): Float32Array {
  const x = ds.testX as Uint8Array;
  return Float32Array.from(x.subarray(i * 784, (i + 1) * 784), (v) => v / 255);
}

describe('engine live calls (cpu backend, cnn on MNIST)', () => {
  const cnn = cnnOnMnistSuite();

  it('predicts a real test digit with both models; at 99% sparsity the pruned one differs', async () => {
    const x = digit(cnn.dataset, 0);
    const label = cnn.dataset.testY[0];
    const none = await cnn.engine.predict(x, {});
    expect(none.unpruned).toHaveLength(10);
    expect(argmax(none.unpruned)).toBe(label);
    expect(argmax(none.pruned)).toBe(label);
    expect(none.pruned).toEqual(none.unpruned);
    expect(none.unpruned.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);

    const masks = masksAt(cnn.loaded, 0.99);
    const tensors = cnn.engine.numTensors();
    const r = await cnn.engine.predict(x, masks);
    expect(cnn.engine.numTensors()).toBe(tensors);
    expect(r.unpruned).toEqual(none.unpruned); // the weights were restored
    const diff = Math.max(...r.pruned.map((p, i) => Math.abs(p - r.unpruned[i])));
    expect(diff).toBeGreaterThan(0.05);
    await expect(cnn.engine.predict(new Float32Array(10), {})).rejects.toThrow(/784 input values/);
  });

  it('records a gradual run as time-lapse frames of one tensor', async () => {
    const config = emptyConfig(cnn.loaded.graph);
    const r = await cnn.engine.train(
      fineTune({
        seed: 3,
        maxBatches: 12,
        gradual: {
          config,
          initialSparsity: 0,
          finalSparsity: 0.8,
          beginStep: 0,
          endStep: 8,
          frequency: 4,
          power: 3,
        },
        timelapse: { tensor: 'dense1/kernel' },
      }),
      () => undefined,
    );
    const frames = r.timelapse ?? [];
    expect(frames.map((f) => f.step)).toEqual([0, 4, 8, 12]);
    const size = 784 * 64;
    for (const f of frames) {
      expect(f.mask).toHaveLength(size);
      expect(f.weights).toHaveLength(size);
    }
    const layer = frames.map((f) => f.layerSparsity);
    for (let i = 1; i < layer.length; i++) expect(layer[i]).toBeGreaterThanOrEqual(layer[i - 1]);
    expect(frames[2].sparsity).toBeCloseTo(0.8, 5);
    expect(layer[3]).toBeGreaterThan(0.5);
    expect(frames[3].accuracy).not.toBeNull();
    // The last frame is the run's end: its mask is the mask returned.
    expect(Array.from(frames[3].mask)).toEqual(Array.from(r.masks!['dense1/kernel']));
    await cnn.engine.setWeights(cnn.loaded.weights);
  }, 120_000);
});
