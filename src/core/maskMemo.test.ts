/**
 * computeMasks with a MaskMemo gives exactly the masks computed afresh, step after step: a part is
 * reused only while its inputs are the same, never after a change of weights, method, seed, scores
 * or removal.
 */
import { describe, expect, it } from 'vitest';
import { computeMasks } from './compute.ts';
import { MaskMemo } from './maskMemo.ts';
import { layerConfig, randomWeights, removableCnn, smallCnn } from './fixture-graphs.ts';
import type { MaskSet, NetGraph, PruningConfig, ScoreSet, WeightSet } from './types.ts';

/** One step: the setup on screen, its weights and scores. */
interface Step {
  config: PruningConfig;
  weights: WeightSet;
  scores?: ScoreSet;
}

/** Runs the steps through one memo; each result must equal computeMasks without a memo. */
function replay(graph: NetGraph, steps: Step[]): MaskSet[] {
  const memo = new MaskMemo();
  return steps.map((s) => {
    const memoised = computeMasks(graph, s.weights, s.config, s.scores, memo);
    expect(memoised).toEqual(computeMasks(graph, s.weights, s.config, s.scores));
    return memoised;
  });
}

function scoresOf(weights: WeightSet, f: (w: number, i: number) => number): ScoreSet {
  return Object.fromEntries(Object.entries(weights).map(([k, w]) => [k, w.map(f)]));
}

describe('computeMasks with a MaskMemo', () => {
  const graph = smallCnn();
  const w1 = randomWeights(graph, 1);
  const w2 = randomWeights(graph, 2);
  const at = (
    method: PruningConfig['method'],
    over: Parameters<typeof layerConfig>[3] = {},
    seed = 42,
  ) => layerConfig(graph, method, 0.5, over, seed);

  it('a slider step recomputes the moved layer only, and the result is the fresh one', () => {
    const [a, b, c] = replay(graph, [
      { config: at('magnitude'), weights: w1 },
      { config: at('magnitude', { conv2: { sparsity: 0.8 } }), weights: w1 },
      {
        config: at('magnitude', { conv2: { sparsity: 0.8 }, dense1: { sparsity: 0.1 } }),
        weights: w1,
      },
    ]);
    expect(b['conv2/kernel']).not.toEqual(a['conv2/kernel']);
    expect(b['conv1/kernel']).toEqual(a['conv1/kernel']);
    expect(c['dense1/kernel']).not.toEqual(b['dense1/kernel']);
  });

  it('new weights, a new method or a new seed never reuse a mask of the old ones', () => {
    const [a, b, c, d, e] = replay(graph, [
      { config: at('magnitude'), weights: w1 },
      { config: at('magnitude'), weights: w2 },
      { config: at('l1-structured'), weights: w2 },
      { config: at('random'), weights: w2 },
      { config: at('random', {}, 7), weights: w2 },
    ]);
    expect(b['conv1/kernel']).not.toEqual(a['conv1/kernel']);
    // Structured: conv1's pruned filters also cut conv2's input rows.
    expect(c['conv2/kernel']).not.toEqual(b['conv2/kernel']);
    expect(d['conv1/kernel']).not.toEqual(c['conv1/kernel']);
    expect(e['conv1/kernel']).not.toEqual(d['conv1/kernel']);
  });

  it('new scores, global magnitude and removals give the fresh masks too', () => {
    const s1 = scoresOf(w1, (_, i) => (i * 7919) % 101);
    const s2 = scoresOf(w1, (_, i) => (i * 104729) % 97);
    const [a, b] = replay(graph, [
      { config: at('snip'), weights: w1, scores: s1 },
      { config: at('snip'), weights: w1, scores: s2 },
      { config: at('global-magnitude'), weights: w1 },
      { config: { ...at('global-magnitude'), globalSparsity: 0.3 }, weights: w1 },
      { config: at('global-magnitude', { dense1: { method: 'magnitude' } }), weights: w1 },
    ]);
    expect(b['dense1/kernel']).not.toEqual(a['dense1/kernel']);
    const r = removableCnn();
    const rw = randomWeights(r, 3);
    const base = layerConfig(r, 'l2-structured', 0.5);
    replay(r, [
      { config: base, weights: rw },
      {
        config: {
          ...base,
          layers: { ...base.layers, conv2: { ...base.layers.conv2, removed: true } },
        },
        weights: rw,
      },
      { config: base, weights: rw },
    ]);
  });

  it('checks new weights for NaN even after a clean run on other weights', () => {
    const memo = new MaskMemo();
    computeMasks(graph, w1, at('magnitude'), undefined, memo);
    const bad = { ...w1, 'dense2/kernel': w1['dense2/kernel'].map((v, i) => (i === 3 ? NaN : v)) };
    expect(() => computeMasks(graph, bad, at('magnitude'), undefined, memo)).toThrow(/NaN/);
  });
});
