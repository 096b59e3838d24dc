import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  constantSparsity,
  defaultGradual,
  iterativeCounts,
  iterativeRounds,
  oneShot,
  polynomialDecay,
  scheduleCurves,
  type PolynomialDecayParams,
} from './schedules.ts';
import { magnitudeMaskCount } from './masks.ts';

interface Reference {
  polynomialDecay: {
    params: Required<PolynomialDecayParams>;
    steps: [number, number, boolean][];
  }[];
  iterative: {
    shape: number[];
    final: number;
    rounds: number;
    perRound: number;
    targets: number[];
    weights: number[];
    counts: number[];
    pruned: number[];
  }[];
}
const ref = JSON.parse(
  readFileSync(new URL('./__fixtures__/torch-reference.json', import.meta.url), 'utf8'),
) as Reference;

describe('polynomialDecay', () => {
  it('matches the TF-MOT formula and update rule on the reference steps', () => {
    for (const c of ref.polynomialDecay) {
      const s = polynomialDecay(c.params);
      for (const [step, sparsity, update] of c.steps) {
        expect(s.sparsityAt(step)).toBeCloseTo(sparsity, 12);
        expect([step, s.shouldPrune(step)]).toEqual([step, update]);
      }
    }
  });
  it('reaches the final sparsity at the end step and stays there', () => {
    const s = polynomialDecay({
      initialSparsity: 0.2,
      finalSparsity: 0.9,
      beginStep: 10,
      endStep: 90,
    });
    expect(s.sparsityAt(0)).toBeCloseTo(0.2, 12);
    expect(s.sparsityAt(90)).toBeCloseTo(0.9, 12);
    expect(s.sparsityAt(1e6)).toBeCloseTo(0.9, 12);
    expect(s.params).toMatchObject({ power: 3, frequency: 100 });
  });
  it('validates like TF-MOT', () => {
    const ok: PolynomialDecayParams = {
      initialSparsity: 0,
      finalSparsity: 0.5,
      beginStep: 0,
      endStep: 10,
      frequency: 1,
    };
    expect(() => polynomialDecay(ok)).not.toThrow();
    for (const bad of [
      { finalSparsity: 1 },
      { initialSparsity: -0.1 },
      { beginStep: -1 },
      { endStep: -1 },
      { beginStep: 20 },
      { frequency: 0 },
      { beginStep: 1.5 },
    ]) {
      expect(() => polynomialDecay({ ...ok, ...bad })).toThrow(
        expect.objectContaining({ code: 'bad-schedule' }),
      );
    }
  });
});

describe('constantSparsity and oneShot', () => {
  it('prunes on the frequency grid between begin and end (end -1 = forever)', () => {
    const s = constantSparsity(0.5, 10, -1, 5);
    expect([9, 10, 12, 15, 1e6].map((x) => s.shouldPrune(x))).toEqual([
      false,
      true,
      false,
      true,
      true,
    ]);
    expect(s.sparsityAt(3)).toBe(0.5);
    const e = constantSparsity(0.5, 0, 12, 5);
    expect([10, 12, 15].map((x) => e.shouldPrune(x))).toEqual([true, false, false]);
    expect(() => constantSparsity(1)).toThrow(expect.objectContaining({ code: 'bad-schedule' }));
  });
  it('one-shot updates once', () => {
    const s = oneShot(0.8, 3);
    expect([2, 3, 4].map((x) => s.shouldPrune(x))).toEqual([false, true, false]);
    expect([2, 3, 4].map((x) => s.sparsityAt(x))).toEqual([0, 0.8, 0.8]);
  });
});

describe('iterative rounds', () => {
  it('prunes the same fraction of what remains each round', () => {
    const r = iterativeRounds(0.9, 3);
    expect(r.targets[2]).toBe(0.9);
    const remaining = [1, ...r.targets.map((t) => 1 - t)];
    for (let i = 1; i < remaining.length; i++)
      expect(1 - remaining[i] / remaining[i - 1]).toBeCloseTo(r.perRound, 12);
  });
  it('matches torch’s repeated l1_unstructured: counts and final mask', () => {
    for (const c of ref.iterative) {
      const r = iterativeRounds(c.final, c.rounds);
      expect(r.perRound).toBeCloseTo(c.perRound, 14);
      r.targets.forEach((t, i) => expect(t).toBeCloseTo(c.targets[i], 14));
      const counts = iterativeCounts(c.weights.length, c.perRound, c.rounds);
      expect(counts).toEqual(c.counts);
      const mask = magnitudeMaskCount(Float32Array.from(c.weights), counts[counts.length - 1]);
      const pruned: number[] = [];
      mask.forEach((v, i) => v === 0 && pruned.push(i));
      expect(pruned).toEqual(c.pruned);
    }
  });
  it('rejects bad input', () => {
    expect(() => iterativeRounds(0.5, 0)).toThrow(
      expect.objectContaining({ code: 'bad-schedule' }),
    );
    expect(() => iterativeRounds(1.5, 2)).toThrow(
      expect.objectContaining({ code: 'bad-schedule' }),
    );
  });
});

describe('gradual schedule helpers', () => {
  it('defaults to 0 → 80% over the first 70% of the run, 10 updates, power 3', () => {
    expect(defaultGradual(200)).toEqual({
      initialSparsity: 0,
      finalSparsity: 0.8,
      beginStep: 0,
      endStep: 140,
      frequency: 20,
      power: 3,
    });
    expect(defaultGradual(3).frequency).toBe(1);
  });

  it('draws the target curve and the staircase of sparsities in force', () => {
    const g = defaultGradual(100);
    const { target, applied } = scheduleCurves(g, 100);
    expect(target).toHaveLength(101);
    expect(target[0].y).toBe(0);
    expect(target[70].y).toBeCloseTo(0.8, 12);
    expect(target[100].y).toBeCloseTo(0.8, 12);
    // Masks change at steps 0, 10, ..., 70 only; in between the sparsity holds.
    expect(applied[15].y).toBe(target[10].y);
    expect(applied[70].y).toBeCloseTo(0.8, 12);
    for (let i = 1; i <= 100; i++) expect(applied[i].y).toBeGreaterThanOrEqual(applied[i - 1].y);
  });
});
