import { describe, expect, it } from 'vitest';
import type { SparseLatencyResult } from '../engine/api.ts';
import { crossoverSentence, sparseSeries } from './sparseWords.ts';

function result(crossover: number | null): SparseLatencyResult {
  return {
    batch: 64,
    points: [
      { sparsity: 0.99, denseMs: 10, sparseMs: 4 },
      { sparsity: 0, denseMs: 10, sparseMs: 40 },
      { sparsity: 0.9, denseMs: 10, sparseMs: 12 },
    ],
    crossover,
    current: { denseMs: 10, sparseMs: 30, maxAbsDiff: 1e-6 },
    backend: 'wasm',
  };
}

describe('sparse kernel in words', () => {
  it('states the crossover', () => {
    expect(crossoverSentence(result(0.93))).toBe(
      'At 93% sparsity the sparse kernel beats dense on this machine.',
    );
  });

  it('says honestly when it never wins, up to the highest sparsity measured', () => {
    expect(crossoverSentence(result(null))).toBe(
      'The sparse kernel never beats dense on this machine, up to 99% sparsity.',
    );
  });

  it('charts both paths sorted by sparsity', () => {
    const [dense, sparse] = sparseSeries(result(null));
    expect(dense.points.map((p) => p.x)).toEqual([0, 0.9, 0.99]);
    expect(sparse.points.map((p) => p.y)).toEqual([40, 12, 4]);
  });
});
