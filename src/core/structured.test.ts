import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { countToPrune, roundHalfEven } from './masks.ts';
import { blockMask, nmMask, structuredMask } from './structured.ts';
import { readFileSync } from 'node:fs';
import { prunedOf, sparsityArb } from './mask-test-support.ts';

/** The ln_structured reference vectors of torch.nn.utils.prune. */
interface Reference {
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
