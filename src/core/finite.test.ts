import { describe, expect, it } from 'vitest';
import { describeNonFinite, findNonFinite } from './finite.ts';

describe('findNonFinite', () => {
  it('returns null when every value is finite, including zeros and extremes', () => {
    expect(findNonFinite({})).toBeNull();
    expect(
      findNonFinite({
        a: Float32Array.of(0, -0, 1, -3.4e38, 3.4e38, 1e-45),
        b: new Float32Array(0),
      }),
    ).toBeNull();
  });

  it.each([NaN, Infinity, -Infinity])('finds %s with its tensor key and index', (bad) => {
    const w = {
      'conv1/kernel': Float32Array.of(1, 2, 3),
      'dense1/bias': Float32Array.of(0, 0, bad, bad),
    };
    const found = findNonFinite(w);
    expect(found).toEqual({ key: 'dense1/bias', index: 2, value: bad });
    expect(describeNonFinite(found!)).toBe(`dense1/bias holds ${String(bad)} at index 2`);
  });

  it('reports the first tensor in key order', () => {
    const w = { x: Float32Array.of(1, NaN), y: Float32Array.of(Infinity) };
    expect(findNonFinite(w)).toMatchObject({ key: 'x', index: 1 });
  });
});
