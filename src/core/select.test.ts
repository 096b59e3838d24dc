import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { floatKey, pruneLowest, selectKth, signedKeys } from './select.ts';

describe('selectKth', () => {
  it('returns the k-th smallest key and the count below it', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.integer({ min: -5, max: 20 }),
            fc.integer({ min: -0x80000000, max: 0x7fffffff }),
          ),
          {
            minLength: 1,
            maxLength: 400,
          },
        ),
        fc.nat(),
        (arr, r) => {
          const keys = Int32Array.from(arr);
          const k = (r % keys.length) + 1;
          const sorted = Array.from(keys).sort((a, b) => a - b);
          const { threshold, below } = selectKth(keys, k);
          expect(threshold).toBe(sorted[k - 1]);
          expect(below).toBe(sorted.filter((v) => v < threshold).length);
        },
      ),
    );
  });
});

describe('float keys', () => {
  it('order floats like numbers, with -0 equal to +0', () => {
    fc.assert(
      fc.property(fc.float({ noNaN: true }), fc.float({ noNaN: true }), (a, b) => {
        const ka = floatKey(a);
        const kb = floatKey(b);
        expect(Math.sign(ka - kb)).toBe(Math.sign(a - b));
      }),
    );
    expect(Array.from(signedKeys(Float32Array.from([-0, 0])))).toEqual([floatKey(0), floatKey(0)]);
  });
});

describe('pruneLowest', () => {
  it('prunes the k smallest, lower index first among equals', () => {
    const keys = Int32Array.from([5, 1, 5, 1, 5, 0]);
    expect(Array.from(pruneLowest(keys, 4))).toEqual([0, 0, 1, 0, 1, 0]);
    expect(Array.from(pruneLowest(keys, 0))).toEqual([1, 1, 1, 1, 1, 1]);
    expect(Array.from(pruneLowest(keys, 6))).toEqual([0, 0, 0, 0, 0, 0]);
  });
});
