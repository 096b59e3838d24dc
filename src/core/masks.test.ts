import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import {
  blockMask,
  countToPrune,
  globalMagnitudeMasks,
  magnitudeMask,
  maskFromScores,
  nmMask,
  randomMask,
  sparsityOf,
  structuredMask,
  thresholdOf,
  globalMasksFromScores,
  roundHalfEven,
} from './masks.ts';
import { PruningError } from './errors.ts';

interface Reference {
  countToPrune: [number, number, number][];
  magnitude: { shape: number[]; amount: number; weights: number[]; pruned: number[] }[];
  global: { shapes: number[][]; amount: number; weights: number[][]; pruned: number[][] }[];
  structured: {
    shape: number[];
    axis: number;
    amount: number;
    p: 1 | 2;
    weights: number[];
    prunedSlices: number[];
    pruned: number[];
  }[];
}

const ref = JSON.parse(
  readFileSync(new URL('./__fixtures__/torch-reference.json', import.meta.url), 'utf8'),
) as Reference;

function prunedOf(mask: Uint8Array): number[] {
  const out: number[] = [];
  mask.forEach((v, i) => {
    if (v === 0) out.push(i);
  });
  return out;
}

function zeros(mask: Uint8Array): number {
  return prunedOf(mask).length;
}

const weightsArb = (min = 0, max = 300) =>
  fc
    .array(fc.float({ min: -4, max: 4, noNaN: true, noDefaultInfinity: true }), {
      minLength: min,
      maxLength: max,
    })
    .map((a) => Float32Array.from(a));
const sparsityArb = fc.double({ min: 0, max: 1, noNaN: true });

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

describe('structuredMask', () => {
  it('matches ln_structured on the reference vectors', () => {
    for (const c of ref.structured) {
      const m = structuredMask(Float32Array.from(c.weights), c.shape, c.axis, c.amount, c.p);
      expect(prunedOf(m)).toEqual(c.pruned);
    }
  });
  it('prunes whole slices, exactly countToPrune of them', () => {
    const shapeArb = fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(
        shapeArb,
        fc.nat(),
        sparsityArb,
        fc.constantFrom<1 | 2>(1, 2),
        fc.integer(),
        (shape, ax, s, p, seed) => {
          const axis = ax % shape.length;
          const n = shape.reduce((a, b) => a * b, 1);
          const w = new Float32Array(n).map((_, i) => Math.sin(i * 12.9898 + seed) * 3);
          const m = structuredMask(w, shape, axis, s, p);
          let inner = 1;
          for (let d = axis + 1; d < shape.length; d++) inner *= shape[d];
          const sliceOf = (i: number) => Math.floor(i / inner) % shape[axis];
          const state = new Map<number, number>();
          m.forEach((v, i) => {
            const sl = sliceOf(i);
            const prev = state.get(sl);
            if (prev !== undefined) expect(v).toBe(prev);
            state.set(sl, v);
          });
          const prunedSlices = [...state.values()].filter((v) => v === 0).length;
          expect(prunedSlices).toBe(countToPrune(shape[axis], s));
        },
      ),
    );
  });
  it('rejects a shape that does not match and an axis out of range', () => {
    const w = new Float32Array(12).fill(1);
    expect(() => structuredMask(w, [3, 5], 0, 0.5, 1)).toThrow(
      expect.objectContaining({ code: 'shape-mismatch' }),
    );
    expect(() => structuredMask(w, [3, 4], 2, 0.5, 1)).toThrow(
      expect.objectContaining({ code: 'bad-axis' }),
    );
    expect(() => structuredMask(w, [3, 4], -1, 0.5, 1)).toThrow(
      expect.objectContaining({ code: 'bad-axis' }),
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

describe('nmMask', () => {
  it('keeps exactly n of every m along the axis', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 3 }),
        fc.constantFrom(2, 4, 8),
        fc.integer(),
        (rows, groups, cols, m, seed) => {
          const n = Math.floor(m / 2);
          const shape = [rows, groups * m, cols];
          const w = new Float32Array(rows * groups * m * cols).map((_, i) =>
            Math.cos(i * 7.77 + seed),
          );
          const mask = nmMask(w, shape, 1, n, m);
          for (let r = 0; r < rows; r++)
            for (let g = 0; g < groups; g++)
              for (let c = 0; c < cols; c++) {
                let kept = 0;
                let minKept = Infinity;
                let maxPruned = -Infinity;
                for (let t = 0; t < m; t++) {
                  const i = (r * groups * m + g * m + t) * cols + c;
                  if (mask[i]) {
                    kept++;
                    minKept = Math.min(minKept, Math.abs(w[i]));
                  } else maxPruned = Math.max(maxPruned, Math.abs(w[i]));
                }
                expect(kept).toBe(n);
                expect(maxPruned).toBeLessThanOrEqual(minKept);
              }
        },
      ),
    );
  });
  it('2:4 on a dense [8, 2] kernel along the input axis', () => {
    const w = Float32Array.from([1, -8, 4, 7, -3, 6, 2, 5, 9, 1, 1, 2, 1, 3, 0, 4]);
    // Column 0: groups (1, 4, -3, 2) → keep 4, -3; (9, 1, 1, 0) → keep 9 and the later 1.
    const m = nmMask(w, [8, 2], 0, 2, 4);
    expect(Array.from(m.filter((_, i) => i % 2 === 0))).toEqual([0, 1, 1, 0, 1, 0, 1, 0]);
    expect(Array.from(m.filter((_, i) => i % 2 === 1))).toEqual([1, 1, 0, 0, 0, 0, 1, 1]);
  });
  it('rejects m that does not divide the axis unless the tail is padded', () => {
    const w = new Float32Array(9).map((_, i) => i + 1);
    expect(() => nmMask(w, [9], 0, 2, 4)).toThrow(expect.objectContaining({ code: 'bad-nm' }));
    expect(() => nmMask(w, [9], 0, 5, 4)).toThrow(expect.objectContaining({ code: 'bad-nm' }));
    // Tail of one weight keeps it (padded with zeros, which lose).
    expect(Array.from(nmMask(w, [9], 0, 2, 4, 'pad'))).toEqual([0, 0, 1, 1, 0, 0, 1, 1, 1]);
  });
});

describe('blockMask', () => {
  it('prunes whole blocks ranked by average |w|', () => {
    // [2, 8] with 1×4 blocks: block averages 1, 10, 2, 0.5.
    const w = Float32Array.from([1, 1, 1, 1, 10, 10, 10, 10, 2, 2, 2, 2, 0.5, 0.5, 0.5, 0.5]);
    expect(Array.from(blockMask(w, [2, 8], [1, 4], 0.5, 'avg'))).toEqual([
      0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0,
    ]);
  });
  it('max pooling differs from average pooling', () => {
    const w = Float32Array.from([0, 0, 0, 9, 1, 1, 1, 1]);
    expect(Array.from(blockMask(w, [1, 8], [1, 4], 0.5, 'avg'))).toEqual([1, 1, 1, 1, 0, 0, 0, 0]);
    expect(Array.from(blockMask(w, [1, 8], [1, 4], 0.5, 'max'))).toEqual([1, 1, 1, 1, 0, 0, 0, 0]);
    const v = Float32Array.from([0, 0, 0, 3, 1, 1, 1, 1]);
    expect(Array.from(blockMask(v, [1, 8], [1, 4], 0.5, 'avg'))).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
    expect(Array.from(blockMask(v, [1, 8], [1, 4], 0.5, 'max'))).toEqual([1, 1, 1, 1, 0, 0, 0, 0]);
  });
  it('masks whole tiles and keeps round(nBlocks·(1-s)) blocks, at least one below 100%', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 3 }),
        sparsityArb,
        (gr, gc, br, bc, s) => {
          const R = gr * br;
          const C = gc * bc;
          const w = new Float32Array(R * C).map((_, i) => Math.sin(i * 3.3) * 2);
          const m = blockMask(w, [R, C], [br, bc], s, 'avg');
          let keptBlocks = 0;
          for (let bi = 0; bi < gr; bi++)
            for (let bj = 0; bj < gc; bj++) {
              const v = m[bi * br * C + bj * bc];
              for (let r = 0; r < br; r++)
                for (let c = 0; c < bc; c++) expect(m[(bi * br + r) * C + bj * bc + c]).toBe(v);
              keptBlocks += v;
            }
          const nb = gr * gc;
          expect(keptBlocks).toBe(s === 1 ? 0 : Math.max(1, roundHalfEven(nb * (1 - s))));
        },
      ),
    );
  });
  it('reproduces TF SAME padding when a dimension is not a multiple of the block', () => {
    // 1×6 with 1×4 blocks: TF pools windows [0, 3) and [3, 6) (pad 1 before and 1 after) but the
    // mask tiles [0, 4) and [4, 6).
    const w = Float32Array.from([1, 1, 1, 9, 9, 9]);
    expect(Array.from(blockMask(w, [1, 6], [1, 4], 0.5, 'avg'))).toEqual([0, 0, 0, 0, 1, 1]);
  });
  it('needs a 2-D shape', () => {
    expect(() => blockMask(new Float32Array(8), [2, 2, 2], [1, 4], 0.5, 'avg')).toThrow(
      expect.objectContaining({ code: 'bad-block' }),
    );
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
