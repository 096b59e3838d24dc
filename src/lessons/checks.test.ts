import { describe, expect, it } from 'vitest';
import { accuracyAt, parseNumber } from './checks.ts';
import { observe } from './fixtures.ts';
import { scene } from './scene.ts';

describe('parseNumber', () => {
  it('reads percentages typed as 92, 92 %, 0.92 or 92,5', () => {
    expect(parseNumber('92', '%')).toBe(92);
    expect(parseNumber('92 %', '%')).toBe(92);
    expect(parseNumber('0.92', '%')).toBeCloseTo(92);
    expect(parseNumber('92,5', '%')).toBe(92.5);
    expect(parseNumber('0.5', 'pt')).toBe(0.5);
    expect(parseNumber('-1.2 points', 'pt')).toBe(-1.2);
    expect(parseNumber('about ten', '%')).toBeNull();
  });

  it('reads counts as the summary shows them', () => {
    expect(parseNumber('11,300', 'count')).toBe(11300);
    expect(parseNumber('11.3k', 'count')).toBe(11300);
    expect(parseNumber('1.2 M', 'count')).toBe(1.2e6);
    expect(parseNumber('5 ms', 'ms')).toBe(5);
    expect(parseNumber('12 KB', 'KB')).toBe(12);
  });
});

describe('accuracyAt', () => {
  it('interpolates between measured points and clamps at the ends', () => {
    const c = [
      { sparsity: 0.5, accuracy: 0.8 },
      { sparsity: 0, accuracy: 1 },
    ];
    expect(accuracyAt(c, 0.25)).toBeCloseTo(0.9);
    expect(accuracyAt(c, 0.9)).toBe(0.8);
    expect(accuracyAt([], 0.5)).toBeNull();
  });
});

describe('observeStructure', () => {
  it('sees structured pruning take every gate of an LSTM unit alike, magnitude not', async () => {
    const structured = await observe(scene('lstm', 'waves', 'l1-structured', 0.5, 'lstm1'));
    const g = structured.gateSparsity.lstm1;
    expect(g).toHaveLength(4);
    expect(Math.max(...g) - Math.min(...g)).toBeLessThan(0.005);
    expect(structured.removedUnits.lstm1).toBeGreaterThan(0);
    const magnitude = await observe(scene('lstm', 'waves', 'magnitude', 0.6, 'lstm1'));
    const m = magnitude.gateSparsity.lstm1;
    expect(Math.max(...m) - Math.min(...m)).toBeGreaterThan(0.005);
    expect(magnitude.removedUnits.lstm1).toBe(0);
  });
});
