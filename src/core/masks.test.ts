import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  countToPrune,
  globalMagnitudeMasks,
  globalMasksFromScores,
  magnitudeMask,
  maskFromScores,
  prunedOverlap,
  randomMask,
  sparsityOf,
  thresholdOf,
} from './masks.ts';
import { PruningError, SweepError } from './errors.ts';
import { readFileSync } from 'node:fs';
import { prunedOf, sparsityArb, weightsArb, zeros } from './mask-test-support.ts';

/** The torch.nn.utils.prune reference vectors these masks must reproduce. */
interface Reference {
  countToPrune: [number, number, number][];
  magnitude: { shape: number[]; amount: number; weights: number[]; pruned: number[] }[];
  global: { shapes: number[][]; amount: number; weights: number[][]; pruned: number[][] }[];
}

const ref = JSON.parse(
  readFileSync(new URL('./__fixtures__/torch-reference.json', import.meta.url), 'utf8'),
) as Reference;

describe('countToPrune matches torch.nn.utils.prune', () => {
  it('agrees on every reference case, halves included', () => {
    expect(ref.countToPrune.length).toBeGreaterThan(400);
    for (const [n, a, expected] of ref.countToPrune)
      expect([n, a, countToPrune(n, a)]).toEqual([n, a, expected]);
  });
  it('rounds halves to even in float64', () => {
    expect(countToPrune(10, 0.25)).toBe(2);
    expect(countToPrune(6, 0.25)).toBe(2);
    expect(countToPrune(14, 0.25)).toBe(4);
    expect(countToPrune(10, 0.35)).toBe(4);
  });
});

describe('magnitudeMask', () => {
  it('matches l1_unstructured on the reference vectors', () => {
    for (const c of ref.magnitude) {
      expect(prunedOf(magnitudeMask(Float32Array.from(c.weights), c.amount))).toEqual(c.pruned);
    }
  });
  it('prunes exactly countToPrune entries and every pruned |w| ≤ every kept |w|', () => {
    fc.assert(
      fc.property(weightsArb(), sparsityArb, (w, s) => {
        const m = magnitudeMask(w, s);
        expect(zeros(m)).toBe(countToPrune(w.length, s));
        const t = thresholdOf(w, m);
        if (t.maxPruned !== null && t.minKept !== null)
          expect(t.maxPruned).toBeLessThanOrEqual(t.minKept);
      }),
    );
  });
  it('is nested as sparsity grows', () => {
    fc.assert(
      fc.property(weightsArb(), sparsityArb, sparsityArb, (w, a, b) => {
        const [lo, hi] = a < b ? [a, b] : [b, a];
        const mLo = magnitudeMask(w, lo);
        const mHi = magnitudeMask(w, hi);
        for (let i = 0; i < w.length; i++) if (mLo[i] === 0) expect(mHi[i]).toBe(0);
      }),
    );
  });
  it('breaks ties by pruning the lower index first', () => {
    const w = Float32Array.from([3, 1, 2, -1, 1, 5, 1, 2]);
    expect(prunedOf(magnitudeMask(w, 0.375))).toEqual([1, 3, 4]);
    expect(prunedOf(magnitudeMask(new Float32Array(10).fill(0.5), 0.3))).toEqual([0, 1, 2]);
    // -0 and +0 are the same magnitude.
    expect(prunedOf(magnitudeMask(Float32Array.from([0, -0, 0, 1]), 0.5))).toEqual([0, 1]);
  });
  it('handles extremes of magnitude, subnormals and infinities', () => {
    const w = Float32Array.from([Infinity, -1e-45, 3e38, -Infinity, 1e-38, 0]);
    expect(prunedOf(magnitudeMask(w, 0.5))).toEqual([1, 4, 5]);
  });
  it('rejects bad sparsity and NaN weights with typed errors', () => {
    const w = Float32Array.from([1, 2, 3]);
    for (const s of [-0.1, 1.5, NaN]) {
      expect(() => magnitudeMask(w, s)).toThrow(PruningError);
      try {
        magnitudeMask(w, s);
      } catch (e) {
        expect((e as PruningError).code).toBe('bad-sparsity');
        expect((e as PruningError).message).toMatch(/between 0 and 1/);
      }
    }
    expect(() => magnitudeMask(Float32Array.from([1, NaN]), 0.5)).toThrow(
      /NaN \(first at index 1\)/,
    );
  });
});

describe('globalMagnitudeMasks', () => {
  it('matches global_unstructured on the reference vectors', () => {
    for (const c of ref.global) {
      const masks = globalMagnitudeMasks(
        c.weights.map((w) => Float32Array.from(w)),
        c.amount,
      );
      expect(masks.map(prunedOf)).toEqual(c.pruned);
    }
  });
  it('breaks ties across tensors by tensor order, then index', () => {
    const [a, b] = globalMagnitudeMasks(
      [Float32Array.from([2, 1]), Float32Array.from([1, 1, 3])],
      0.4,
    );
    expect([...a, ...b]).toEqual([1, 0, 0, 1, 1]);
  });
  it('names the tensor holding a NaN, at any sparsity', () => {
    for (const s of [0, 0.5, 1]) {
      expect(() =>
        globalMagnitudeMasks([Float32Array.from([1, 2]), Float32Array.from([3, NaN])], s),
      ).toThrow(
        expect.objectContaining({
          code: 'nan-weights',
          message: expect.stringMatching(/tensor 1 .*index 1/),
        }),
      );
    }
  });
  it('equals magnitudeMask on the concatenation', () => {
    fc.assert(
      fc.property(
        fc.array(weightsArb(0, 60), { minLength: 1, maxLength: 5 }),
        sparsityArb,
        (ts, s) => {
          const flat = new Float32Array(ts.reduce((a, t) => a + t.length, 0));
          let off = 0;
          for (const t of ts) {
            flat.set(t, off);
            off += t.length;
          }
          const joined = Uint8Array.from(globalMagnitudeMasks(ts, s).flatMap((m) => Array.from(m)));
          expect(joined).toEqual(magnitudeMask(flat, s));
        },
      ),
    );
  });
});

describe('randomMask', () => {
  it('is reproducible, exact and nested for a seed, and differs between seeds', () => {
    const a = randomMask(1000, 0.3, 7);
    expect(randomMask(1000, 0.3, 7)).toEqual(a);
    expect(zeros(a)).toBe(300);
    expect(randomMask(1000, 0.3, 8)).not.toEqual(a);
    const b = randomMask(1000, 0.6, 7);
    for (let i = 0; i < 1000; i++) if (a[i] === 0) expect(b[i]).toBe(0);
  });
  it('spreads pruning evenly over positions', () => {
    const m = randomMask(10000, 0.5, 3);
    const firstHalf = zeros(m.subarray(0, 5000));
    expect(firstHalf).toBeGreaterThan(2300);
    expect(firstHalf).toBeLessThan(2700);
  });
});

describe('maskFromScores', () => {
  it('prunes the lowest signed scores, exact count', () => {
    const s = Float32Array.from([0.5, -2, 3, -0.1, 0, 1]);
    expect(prunedOf(maskFromScores(s, 0.5))).toEqual([1, 3, 4]);
    fc.assert(
      fc.property(weightsArb(), sparsityArb, (sc, sp) => {
        const m = maskFromScores(sc, sp);
        expect(zeros(m)).toBe(countToPrune(sc.length, sp));
        let maxPruned = -Infinity;
        let minKept = Infinity;
        sc.forEach((v, i) => {
          if (m[i] === 0) maxPruned = Math.max(maxPruned, v);
          else minKept = Math.min(minKept, v);
        });
        expect(maxPruned).toBeLessThanOrEqual(minKept);
      }),
    );
  });
  it('ranks several arrays together', () => {
    const [a, b] = globalMasksFromScores(
      [Float32Array.from([5, -1]), Float32Array.from([0, 2])],
      0.5,
    );
    expect([...a, ...b]).toEqual([1, 0, 0, 1]);
  });
});

describe('sparsityOf and thresholdOf', () => {
  it('measure a mask', () => {
    expect(sparsityOf(Uint8Array.from([1, 0, 0, 1]))).toBe(0.5);
    expect(sparsityOf(new Uint8Array(0))).toBe(0);
    const w = Float32Array.from([0.1, -0.5, 0.3, 2]);
    expect(thresholdOf(w, magnitudeMask(w, 0.5))).toEqual({
      maxPruned: Math.fround(0.3),
      minKept: 0.5,
    });
    expect(thresholdOf(w, new Uint8Array(4).fill(1))).toEqual({
      maxPruned: null,
      minKept: Math.fround(0.1),
    });
  });
});

describe('prunedOverlap', () => {
  it('is the Jaccard index of the pruned positions', () => {
    const a = Uint8Array.from([0, 0, 1, 1, 0, 1]);
    const b = Uint8Array.from([0, 1, 0, 1, 0, 1]);
    const o = prunedOverlap(a, b);
    expect(o).toEqual({
      jaccard: 2 / 4,
      prunedA: 3,
      prunedB: 3,
      prunedBoth: 2,
      prunedEither: 4,
      size: 6,
    });
    expect(prunedOverlap(a, a).jaccard).toBe(1);
    expect(prunedOverlap(new Uint8Array([1, 1]), new Uint8Array([1, 1])).jaccard).toBe(1);
    expect(() => prunedOverlap(a, new Uint8Array(2))).toThrow(SweepError);
  });
});
