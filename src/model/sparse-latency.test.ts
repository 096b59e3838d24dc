import { describe, expect, it } from 'vitest';
import {
  computeMasks,
  emptyConfig,
  setGlobalSparsity,
  sparseForward,
  sparseNet,
} from '../core/index.ts';
import { maskedModel } from './masked.ts';
import { crossoverOf, measureSparseLatency, SPARSITY_GRID } from './sparse-latency.ts';
import { tinyImages } from './test-fixtures.ts';
import * as tf from './tf.ts';
import { buildModel, getWeights, graphOfModel, toInput } from './zoo.ts';

describe('sparse inference path', () => {
  for (const id of ['cnn', 'lenet-300-100'] as const) {
    it(`${id}: CSR outputs equal the masked dense model's (max |diff| < 1e-4)`, async () => {
      await tf.setBackend('cpu');
      const ds = tinyImages(8, 16);
      const model = buildModel(id, 'mnist', 5);
      const graph = graphOfModel(model);
      const weights = getWeights(model);
      const x = toInput(ds, [...Array(16).keys()], id, 'test');
      const xv = Float32Array.from(x.dataSync());
      try {
        for (const s of [0, 0.6, 0.95]) {
          const masks = computeMasks(graph, weights, setGlobalSparsity(emptyConfig(graph), s));
          const dense = maskedModel({ graph, weights }, masks);
          const y = (dense.predict(x) as tf.Tensor).dataSync();
          dense.dispose();
          const z = sparseForward(sparseNet(graph, weights, masks), xv, 16);
          expect(z.length).toBe(y.length);
          let max = 0;
          for (let i = 0; i < y.length; i++) max = Math.max(max, Math.abs(y[i] - z[i]));
          expect(max).toBeLessThan(1e-4);
        }
        const r = await measureSparseLatency(graph, weights, {}, x, 1);
        expect(r!.points.map((p) => p.sparsity)).toEqual(SPARSITY_GRID);
        expect(r!.current.maxAbsDiff).toBeLessThan(1e-4);
        expect(r!.points.every((p) => p.denseMs > 0 && p.sparseMs > 0)).toBe(true);
      } finally {
        x.dispose();
        model.dispose();
      }
    }, 60_000);
  }

  it('finds the crossover from which the sparse path stays faster', () => {
    const pt = (sparsity: number, denseMs: number, sparseMs: number) => ({
      sparsity,
      denseMs,
      sparseMs,
    });
    expect(crossoverOf([pt(0, 1, 3), pt(0.5, 1, 0.9), pt(0.9, 1, 1.1), pt(0.99, 1, 0.2)])).toBe(
      0.99,
    );
    expect(crossoverOf([pt(0, 1, 3), pt(0.9, 1, 0.5), pt(0.99, 1, 0.2)])).toBe(0.9);
    expect(crossoverOf([pt(0, 1, 3), pt(0.9, 1, 2)])).toBeNull();
  });

  it('does not run recurrent models', async () => {
    const model = buildModel('lstm', 'waves', 1, 4);
    const x = tf.zeros([2, 64, 1]);
    expect(await measureSparseLatency(graphOfModel(model), getWeights(model), {}, x)).toBeNull();
    x.dispose();
    model.dispose();
  });
});
