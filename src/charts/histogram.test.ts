import { describe, expect, it } from 'vitest';
import { binWeights, histogramBands } from './histogram.ts';

describe('binWeights', () => {
  it('counts kept and pruned separately over a symmetric domain', () => {
    const w = new Float32Array([-1, -0.6, -0.1, 0.05, 0.3, 1]);
    const mask = new Uint8Array([1, 1, 0, 0, 1, 1]);
    const b = binWeights(w, mask, 4); // edges -1, -0.5, 0, 0.5, 1
    expect([...b.edges]).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect([...b.kept]).toEqual([2, 0, 1, 1]);
    expect([...b.pruned]).toEqual([0, 1, 1, 0]);
    expect(b.keptTotal + b.prunedTotal).toBe(6);
    expect(b.maxCount).toBe(2);
  });

  it('clamps out-of-domain values to the end bins and skips NaN', () => {
    const b = binWeights(new Float32Array([-5, 5, NaN, 0]), undefined, 2, [-1, 1]);
    expect([...b.kept]).toEqual([1, 2]);
  });

  it('handles all-zero weights', () => {
    const b = binWeights(new Float32Array(10), undefined, 5);
    expect(b.lo).toBe(-1);
    expect(b.keptTotal).toBe(10);
  });
});

describe('histogramBands', () => {
  it('puts one label row per threshold under the legend rows, and the plot below both', () => {
    expect(histogramBands(1, 0, 24)).toEqual({ thresholdY: [], plotTop: 34 });
    expect(histogramBands(2, 0, 24).plotTop).toBe(58);
    const b = histogramBands(2, 2, 24);
    expect(b.thresholdY).toEqual([58, 78]);
    expect(b.plotTop).toBe(98);
  });
});
