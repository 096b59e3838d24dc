import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatCount,
  formatFlops,
  formatPercent,
  formatRatio,
  formatWeight,
  toFormatter,
} from './formatters.ts';

const T = '\u2009';

describe('formatters', () => {
  it('percent', () => {
    expect(formatPercent(0.623)).toBe('62%');
    expect(formatPercent(0.6234, 1)).toBe('62.3%');
    expect(formatPercent(NaN)).toBe('–');
  });
  it('counts with thin-space thousands', () => {
    expect(formatCount(30100)).toBe(`30${T}100`);
    expect(formatCount(1234567)).toBe(`1${T}234${T}567`);
    expect(formatCount(999)).toBe('999');
  });
  it('bytes in SI units', () => {
    expect(formatBytes(950)).toBe(`950${T}B`);
    expect(formatBytes(120_000)).toBe(`120${T}kB`);
    expect(formatBytes(1_250_000)).toBe(`1.25${T}MB`);
  });
  it('FLOPs as k / M / G', () => {
    expect(formatFlops(950)).toBe('950');
    expect(formatFlops(310_000)).toBe(`310${T}k`);
    expect(formatFlops(2_100_000)).toBe(`2.1${T}M`);
    expect(formatFlops(3.4e9)).toBe(`3.4${T}G`);
  });
  it('weights use a true minus sign and 3 significant digits', () => {
    expect(formatWeight(-0.012345)).toBe('\u22120.0123');
    expect(formatWeight(0)).toBe('0');
    expect(formatRatio(2.13)).toBe('2.1×');
  });
  it('toFormatter accepts specifiers and functions', () => {
    expect(toFormatter('.0%')(0.5)).toBe('50%');
    expect(toFormatter((n) => `${n}!`)(3)).toBe('3!');
  });
});
