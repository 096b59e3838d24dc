import { describe, expect, it } from 'vitest';
import { isPruningError } from './errors.ts';
import { intersectMasks, maskWeights } from './weightsets.ts';

describe('maskWeights', () => {
  it('zeroes masked-out entries and copies tensors without a mask', () => {
    const w = { a: Float32Array.from([1, -2, 3]), b: Float32Array.from([4]) };
    const out = maskWeights(w, { a: Uint8Array.from([1, 0, 1]) });
    expect([...out.a]).toEqual([1, 0, 3]);
    expect([...out.b]).toEqual([4]);
    expect(out.b).not.toBe(w.b);
    expect([...w.a]).toEqual([1, -2, 3]);
  });

  it('refuses a mask of another length', () => {
    let err: unknown;
    try {
      maskWeights({ a: new Float32Array(3) }, { a: new Uint8Array(2) });
    } catch (e) {
      err = e;
    }
    expect(isPruningError(err)).toBe(true);
  });
});

describe('intersectMasks', () => {
  it('keeps a weight only when both masks keep it', () => {
    const out = intersectMasks(
      { a: Uint8Array.from([1, 1, 0, 0]), b: Uint8Array.from([1]) },
      { a: Uint8Array.from([1, 0, 1, 0]), c: Uint8Array.from([0]) },
    );
    expect([...out.a]).toEqual([1, 0, 0, 0]);
    expect([...out.b]).toEqual([1]);
    expect([...out.c]).toEqual([0]);
  });

  it('refuses masks of different lengths', () => {
    expect(() => intersectMasks({ a: new Uint8Array(2) }, { a: new Uint8Array(3) })).toThrow(
      /differ in length/,
    );
  });
});
