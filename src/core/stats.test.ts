import { describe, expect, it } from 'vitest';
import { accuracyInterval, flipCounts, wilsonInterval, withinNoise } from './stats.ts';

describe('wilsonInterval', () => {
  it('matches the textbook value for 8 of 10 at 95%', () => {
    // Wilson (1927): 0.8 with n = 10 gives about [0.490, 0.943].
    const r = wilsonInterval(8, 10);
    expect(r.estimate).toBe(0.8);
    expect(r.low).toBeCloseTo(0.4902, 3);
    expect(r.high).toBeCloseTo(0.9433, 3);
  });

  it('stays inside [0, 1] at the edges and narrows with n', () => {
    const zero = wilsonInterval(0, 20);
    expect(zero.low).toBe(0);
    expect(zero.high).toBeGreaterThan(0.1);
    const all = wilsonInterval(20, 20);
    expect(all.high).toBe(1);
    expect(all.low).toBeLessThan(0.9);
    const small = accuracyInterval(0.97, 500);
    const big = accuracyInterval(0.97, 10000);
    expect(big.high - big.low).toBeLessThan(small.high - small.low);
    expect(wilsonInterval(0, 0)).toEqual({ estimate: 0, low: 0, high: 1 });
    expect(() => wilsonInterval(11, 10)).toThrow();
  });

  it('tells noise from a real change on 500 examples', () => {
    expect(withinNoise(0.974, 0.976, 500)).toBe(true);
    expect(withinNoise(0.974, 0.9, 500)).toBe(false);
  });
});

describe('flipCounts', () => {
  it('counts fixed, broken and other changes', () => {
    const labels = [0, 1, 2, 3, 4];
    const before = [0, 1, 0, 3, 1];
    const after = [0, 2, 2, 3, 2];
    expect(flipCounts(before, after, labels)).toEqual({ changed: 3, fixed: 1, broken: 1, n: 5 });
    expect(() => flipCounts([0], [0, 1], [0, 1])).toThrow();
  });
});
