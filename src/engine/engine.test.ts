/**
 * The engine end to end in Node on the cpu backend, on the shipped data and pretrained checkpoint:
 * load, evaluate with masks, gradient scores, fine-tune with masks held, latency, and no leaks.
 */
import * as tf from '../model/tf.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { networkMetrics } from '../core/index.ts';
import type { LoadResult } from './api.ts';
import type { Engine } from './engine.ts';
import { cnnOnMnist, fineTune, masksAt } from './test-support.ts';

describe('engine (cpu backend, cnn on MNIST)', () => {
  let engine: Engine;
  let loaded: LoadResult;

  beforeAll(async () => {
    ({ engine, loaded } = await cnnOnMnist());
    expect(tf.getBackend()).toBe('cpu');
  }, 120_000);

  it('reproduces the pretrained accuracy on the full test set', async () => {
    const r = await engine.evaluate({}, 'full');
    expect(r.n).toBe(2000);
    expect(loaded.pretrainedAccuracy).not.toBeNull();
    expect(Math.abs(r.accuracy - (loaded.pretrainedAccuracy ?? 0))).toBeLessThan(0.002);
    expect(r.confusion.flat().reduce((a, b) => a + b, 0)).toBe(2000);
  });

  it('loses accuracy as magnitude sparsity rises, and collapses at 100%', async () => {
    const acc = async (s: number) =>
      (await engine.evaluate(masksAt(loaded, s), 'preview')).accuracy;
    const a0 = await acc(0);
    const a90 = await acc(0.9);
    const a100 = await acc(1);
    expect(a90).toBeLessThan(a0);
    expect(a100).toBeLessThan(0.2);
  });

  it('gives SNIP scores that are zero where weights are pruned', async () => {
    const masks = masksAt(loaded, 0.5);
    const scores = await engine.gradientScores('snip', masks);
    const m = masks['dense1/kernel'];
    const s = scores['dense1/kernel'];
    let prunedNonZero = 0;
    for (let i = 0; i < m.length; i++) if (!m[i] && s[i] !== 0) prunedNonZero++;
    expect(prunedNonZero).toBe(0);
  });

  it('fine-tunes with masks held: pruned weights stay exactly zero', async () => {
    const masks = masksAt(loaded, 0.8);
    const progress: number[] = [];
    const r = await engine.train(fineTune({ batchSize: 64, seed: 3, masks, maxBatches: 4 }), (p) =>
      progress.push(p.done),
    );
    expect(progress.at(-1)).toBe(4);
    const after = networkMetrics(loaded.graph, masks);
    for (const [key, mask] of Object.entries(masks)) {
      const w = r.weights[key];
      let nonZero = 0;
      for (let i = 0; i < mask.length; i++) if (!mask[i] && w[i] !== 0) nonZero++;
      expect(nonZero).toBe(0);
    }
    expect(after.total.sparsity).toBeGreaterThan(0.7);
    await engine.setWeights(loaded.weights);
  });

  it('measures dense, masked and compacted latency with equal outputs', async () => {
    const masks = masksAt(loaded, 0.5, 'l1-structured');
    const r = await engine.latency(masks, 16);
    expect(r.maxAbsDiff).toBeLessThan(1e-4);
    expect(r.compactedParams).toBeLessThan(r.denseParams);
    expect(r.denseMs).toBeGreaterThan(0);
  });

  it('leaks no tensors across evaluate, scores, train and latency', async () => {
    const masks = masksAt(loaded, 0.3);
    const round = async () => {
      await engine.evaluate(masks, 'preview');
      await engine.gradientScores('taylor', masks);
      await engine.train(fineTune({ masks, maxBatches: 1 }), () => undefined);
      await engine.latency(masks, 8);
      await engine.setWeights(loaded.weights);
      await engine.evaluate(masks, 'preview');
    };
    await round(); // burn-in: caches and optimizer state
    const before = tf.memory().numTensors;
    await round();
    expect(tf.memory().numTensors).toBe(before);
  });
});
