import * as tf from './tf.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeMasks } from '../core/compute.ts';
import { networkMetrics } from '../core/metrics.ts';
import { measureLatency } from './latency.ts';
import { mulberry32 } from '../core/random.ts';
import { buildModel, getWeights, graphOfModel, setWeights } from './zoo.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('measureLatency', () => {
  it('returns finite positive timings and a compacted model that agrees', async () => {
    const model = buildModel('cnn', 'mnist', 1);
    const graph = graphOfModel(model);
    const rng = mulberry32(8);
    const weights = getWeights(model);
    for (const w of Object.values(weights)) for (let i = 0; i < w.length; i++) w[i] = rng() - 0.5;
    setWeights(model, weights);
    const masks = computeMasks(graph, weights, {
      method: 'l1-structured',
      globalSparsity: 0.5,
      layers: { dense2: { sparsity: 0, locked: false } },
      seed: 1,
    });
    const x = tf.randomUniform([8, ...graph.inputShape], 0, 1, 'float32', 2);
    const before = tf.memory().numTensors;
    const r = await measureLatency(model, masks, x, { warmup: 1, runs: 3 });
    expect(tf.memory().numTensors).toBe(before);
    for (const v of [r.denseMs, r.maskedMs, r.compactedMs]) {
      expect(Number.isFinite(v)).toBe(true);
      expect(v).toBeGreaterThan(0);
    }
    expect(r.batch).toBe(8);
    expect(r.maxAbsDiff).toBeLessThan(1e-4);
    expect(r.denseParams).toBe(model.countParams());
    expect(r.compactedParams).toBe(networkMetrics(graph, masks).total.compactedParams);
    x.dispose();
    model.dispose();
  });
});
