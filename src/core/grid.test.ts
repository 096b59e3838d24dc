import { describe, expect, it } from 'vitest';
import { SweepError } from './errors.ts';
import { DEFAULT_GRID, formatGrid, parseGrid } from './grid.ts';

describe('parseGrid', () => {
  it('reads percent, sorts and drops duplicates', () => {
    expect(parseGrid('0, 50, 90')).toEqual([0, 0.5, 0.9]);
    expect(parseGrid(' 90%;50 0  50 ')).toEqual([0, 0.5, 0.9]);
    expect(parseGrid('99.5,100')).toEqual([0.995, 1]);
  });

  it('rejects empty, non-numeric and out-of-range entries with the entry named', () => {
    expect(() => parseGrid('  ')).toThrow(SweepError);
    expect(() => parseGrid('0, abc')).toThrow(/"abc" is not a number/);
    expect(() => parseGrid('0, 120')).toThrow(/120% is outside/);
    expect(() => parseGrid('-5')).toThrow(/outside/);
    expect(() => parseGrid('%')).toThrow(/not a number/);
  });

  it('round-trips through formatGrid', () => {
    expect(formatGrid(DEFAULT_GRID)).toBe('0, 50, 70, 80, 90, 95, 98, 99');
    expect(parseGrid(formatGrid(DEFAULT_GRID))).toEqual([...DEFAULT_GRID]);
  });
});
