import { describe, expect, it } from 'vitest';
import { networkMetrics, keptUnits, removedLayers } from './metrics.ts';
import { computeMasks } from './compute.ts';
import { countToPrune } from './masks.ts';
import { layerConfig, randomWeights, smallCnn, smallRnn } from './fixture-graphs.ts';

const config = (
  graph: NetGraph,
  method: MethodId,
  sparsity: number,
  over: Record<string, Partial<LayerPruning>> = {},
): PruningConfig => layerConfig(graph, method, sparsity, over, 1);
import type { LayerPruning, MaskSet, MethodId, NetGraph, PruningConfig } from './types.ts';

describe('networkMetrics', () => {
  const graph = smallCnn();
  const weights = randomWeights(graph, 2);

  it('reports the slider sparsity over kernels alone, biases aside', () => {
    const m = networkMetrics(graph, computeMasks(graph, weights, config(graph, 'magnitude', 0.5)));
    for (const l of m.layers) {
      const kernel = graph.layers
        .find((g) => g.name === l.layer)!
        .tensors.find((t) => t.role === 'kernel')!;
      const n = kernel.shape.reduce((a, b) => a * b, 1);
      expect(l.weights).toBe(n);
      // countToPrune rounds half to even; the bias is never pruned by magnitude.
      expect(l.weightsKept).toBe(n - countToPrune(n, 0.5));
      expect(l.sparsity).toBeLessThan(l.weightSparsity);
    }
    expect(m.total.weights).toBe(m.layers.reduce((a, l) => a + l.weights, 0));
    expect(m.total.weightSparsity).toBeCloseTo(1 - m.total.weightsKept / m.total.weights, 12);
  });

  it('counts dense FLOPs as 2 × weights × reuse and bytes per format (no pruning)', () => {
    const m = networkMetrics(graph, {});
    expect(m.layers.map((l) => [l.layer, l.elements, l.denseFlops])).toEqual([
      ['conv1', 40, 2 * 3 * 3 * 1 * 4 * 8 * 8],
      ['conv2', 222, 2 * 3 * 3 * 4 * 6 * 4 * 4],
      ['dense1', 125, 2 * 24 * 5],
      ['dense2', 30, 2 * 5 * 5],
      ['out', 18, 2 * 5 * 3],
    ]);
    expect(m.total.elements).toBe(435);
    expect(m.total.nonzeros).toBe(435);
    expect(m.total.denseFlops).toBe(11840);
    expect(m.total.prunedFlops).toBe(11840);
    expect(m.total.bytesDense).toBe(1740);
    // conv1: kernel [9 rows, 4 cols] and bias [1 row, 4]: bitmask 5 + 144 + 1 + 16; CSR 40 + 288 + 8 + 32.
    expect(m.layers[0].bytesBitmask).toBe(166);
    expect(m.layers[0].bytesCsr).toBe(368);
    expect(m.total.compactedParams).toBe(435);
    expect(m.total.compressionRatio).toBe(1);
  });

  it('counts pruned weights as removed work', () => {
    const masks = computeMasks(graph, weights, config(graph, 'magnitude', 0.5));
    const m = networkMetrics(graph, masks);
    const conv1 = m.layers[0];
    expect(conv1.nonzeros).toBe(18 + 4);
    expect(conv1.prunedFlops).toBe(2 * 18 * 64);
    expect(conv1.flopsRatio).toBe(2);
    expect(conv1.sparsity).toBeCloseTo(18 / 40, 12);
    expect(conv1.compressionRatio).toBeCloseTo(40 / 22, 12);
    // Unstructured pruning removes no unit: the compacted model is the dense one.
    expect(m.total.compactedParams).toBe(435);
    expect(m.total.bytesBitmask).toBeLessThan(m.total.bytesDense);
  });

  it('sizes the compacted model from the units structured pruning removes', () => {
    const masks = computeMasks(graph, weights, config(graph, 'l1-structured', 0.5));
    const m = networkMetrics(graph, masks);
    expect(m.layers.map((l) => l.removedUnits.length)).toEqual([2, 3, 2, 2, 0]);
    // conv1 2 filters of [3,3,1]; conv2 3 of [3,3,2]; dense1 [4·3, 3]; dense2 [3, 3]; out [3, 3].
    expect(m.layers.map((l) => l.compactedParams)).toEqual([20, 57, 39, 12, 12]);
    expect(m.total.bytesCompacted).toBe(4 * 140);
    expect(m.total.compactedFlops).toBe(2 * (18 * 64 + 54 * 16 + 36 + 9 + 9));
    expect(keptUnits(graph, masks).conv2).toHaveLength(3);
  });

  it('drops a removed layer and passes its input through', () => {
    const masks = computeMasks(
      graph,
      weights,
      config(graph, 'magnitude', 0, { dense2: { sparsity: 0, removed: true } }),
    );
    const m = networkMetrics(graph, masks);
    expect(removedLayers(graph, masks)).toEqual(['dense2']);
    expect(m.layers[3].removed).toBe(true);
    expect(m.layers[3].compactedParams).toBe(0);
    expect(m.layers[3].prunedFlops).toBe(0);
    expect(m.total.compactedParams).toBe(435 - 30);
    expect(keptUnits(graph, masks).dense2).toEqual([]);
  });

  it('counts RNN work over every time step', () => {
    const g = smallRnn('lstm', 5, 3, 4);
    const m = networkMetrics(g, {});
    expect(m.layers[0].denseFlops).toBe(2 * 5 * (3 + 4) * 4 * 4);
    const gru = networkMetrics(smallRnn('gru', 5, 3, 4), {});
    expect(gru.layers[0].denseFlops).toBe(2 * 5 * (3 + 4) * 3 * 4);
    const all: MaskSet = {
      'rnn/kernel': new Uint8Array(48),
      'rnn/recurrentKernel': new Uint8Array(64),
    };
    const pruned = networkMetrics(g, all);
    expect(pruned.layers[0].prunedFlops).toBe(0);
    expect(pruned.layers[0].flopsRatio).toBe(Infinity);
  });

  it('rejects masks that do not fit the tensors', () => {
    expect(() => networkMetrics(graph, { 'conv1/kernel': new Uint8Array(3) })).toThrow(
      expect.objectContaining({ code: 'shape-mismatch' }),
    );
  });
});
