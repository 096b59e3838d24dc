import { describe, expect, it } from 'vitest';
import { computeMasks, view2d } from './compute.ts';
import {
  countToPrune,
  globalMagnitudeMasks,
  magnitudeMask,
  randomMask,
  sparsityOf,
} from './masks.ts';
import { deriveSeed } from './random.ts';
import { keptUnits } from './metrics.ts';
import { unitGroups } from './graph.ts';
import {
  lenet300100,
  probeCnn,
  randomWeights,
  smallCnn,
  smallRnn,
  stackedRnn,
  layerConfig,
} from './fixture-graphs.ts';
import { compact, forward, netOf } from './fixture-forward.ts';
import type { NetGraph, ScoreSet, WeightSet } from './types.ts';

function zeros(m: Uint8Array): number {
  return m.length - m.reduce((a, b) => a + b, 0);
}

function input(n: number, seed: number): Float64Array {
  return new Float64Array(n).map((_, i) => Math.sin(i * 1.7 + seed));
}

function maxDiff(a: Float64Array, b: Float64Array): number {
  expect(a.length).toBe(b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

function scoresFrom(weights: WeightSet, f: (w: number, i: number) => number): ScoreSet {
  const out: ScoreSet = {};
  for (const [k, w] of Object.entries(weights)) out[k] = w.map(f);
  return out;
}

describe('structured masks keep the model exact when compacted', () => {
  const cases: [string, NetGraph][] = [
    ['cnn', smallCnn()],
    ['lstm', smallRnn('lstm', 5, 3, 6)],
    ['gru', smallRnn('gru', 5, 3, 6)],
    ['stacked lstm', stackedRnn('lstm')],
    ['stacked gru', stackedRnn('gru')],
  ];
  for (const [name, graph] of cases) {
    for (const method of ['l1-structured', 'l2-structured', 'taylor'] as const) {
      it(`${name}, ${method}: masked and compacted outputs agree, pruned unit count exact`, () => {
        const weights = randomWeights(graph, 3);
        const scores = scoresFrom(weights, (w, i) => w * Math.cos(i));
        for (const s of [0.25, 0.5, 0.8]) {
          const masks = computeMasks(graph, weights, layerConfig(graph, method, s), scores);
          const kept = keptUnits(graph, masks);
          for (const g of unitGroups(graph))
            expect(kept[g.layer].length).toBe(g.units - countToPrune(g.units, s));
          const masked = netOf(graph, weights, masks);
          const small = compact(masked, kept);
          const n = graph.inputShape.reduce((a, b) => a * b, 1);
          for (let e = 0; e < 3; e++) {
            const x = input(n, e);
            expect(
              maxDiff(forward(masked, x, graph.inputShape), forward(small, x, graph.inputShape)),
            ).toBeLessThan(1e-5);
          }
        }
      });
    }
  }
  it('compaction with unstructured pruning on top still agrees', () => {
    const graph = smallCnn();
    const weights = randomWeights(graph, 9);
    const cfg = layerConfig(graph, 'l1-structured', 0.5, {
      dense1: { sparsity: 0.6, method: 'magnitude' },
    });
    const masks = computeMasks(graph, weights, cfg);
    const masked = netOf(graph, weights, masks);
    const small = compact(masked, keptUnits(graph, masks));
    const x = input(64, 1);
    expect(maxDiff(forward(masked, x, [8, 8, 1]), forward(small, x, [8, 8, 1]))).toBeLessThan(1e-5);
  });
});

describe('computeMasks semantics', () => {
  const graph = smallCnn();
  const weights = randomWeights(graph, 5);

  it('returns a mask for every tensor, biases untouched by unstructured methods', () => {
    const masks = computeMasks(graph, weights, layerConfig(graph, 'magnitude', 0.6));
    for (const l of graph.layers)
      for (const t of l.tensors) {
        expect(masks[t.key].length).toBe(weights[t.key].length);
        if (t.role === 'bias') expect(zeros(masks[t.key])).toBe(0);
        else expect(masks[t.key]).toEqual(magnitudeMask(weights[t.key], 0.6));
      }
  });

  it('uses per-layer methods and sparsities', () => {
    const cfg = layerConfig(graph, 'magnitude', 0.3, {
      conv2: { sparsity: 0.9 },
      dense1: { sparsity: 0.5, method: 'random' },
    });
    const masks = computeMasks(graph, weights, cfg);
    expect(zeros(masks['conv2/kernel'])).toBe(countToPrune(216, 0.9));
    expect(masks['dense1/kernel']).toEqual(
      randomMask(120, 0.5, deriveSeed(42, 'random-mask/dense1/kernel')),
    );
    expect(zeros(masks['conv1/kernel'])).toBe(countToPrune(36, 0.3));
  });

  it('ranks every global-magnitude layer together at the global sparsity', () => {
    const cfg = layerConfig(graph, 'global-magnitude', 0.1, {
      conv1: { sparsity: 0.1, method: 'magnitude' },
    });
    cfg.globalSparsity = 0.7;
    const masks = computeMasks(graph, weights, cfg);
    const names = ['conv2', 'dense1', 'dense2', 'out'];
    const expected = globalMagnitudeMasks(
      names.map((n) => weights[`${n}/kernel`]),
      0.7,
    );
    names.forEach((n, i) => expect(masks[`${n}/kernel`]).toEqual(expected[i]));
    expect(zeros(masks['conv1/kernel'])).toBe(countToPrune(36, 0.1));
  });

  it('structured pruning takes dependants along and ANDs with the consumer’s own mask', () => {
    const cfg = layerConfig(graph, 'l1-structured', 0.5, {
      dense1: { sparsity: 0.4, method: 'magnitude' },
    });
    const masks = computeMasks(graph, weights, cfg);
    // conv2 prunes 3 of 6 channels → 3 × 4 positions × 5 outputs rows of dense1 zeroed, plus magnitude.
    const structuralRows = 3 * 4 * 5;
    expect(zeros(masks['dense1/kernel'])).toBeGreaterThan(structuralRows);
    const own = magnitudeMask(weights['dense1/kernel'], 0.4);
    for (let i = 0; i < 120; i++) if (own[i] === 0) expect(masks['dense1/kernel'][i]).toBe(0);
    expect(zeros(masks['conv2/bias'])).toBe(3);
  });

  it('falls back to unstructured magnitude on the output layer', () => {
    const masks = computeMasks(graph, weights, layerConfig(graph, 'l2-structured', 0.5));
    const out = masks['out/kernel'];
    const own = magnitudeMask(weights['out/kernel'], 0.5);
    // Output kernel rows fed by pruned dense2 units are zero as well.
    for (let i = 0; i < out.length; i++) if (own[i] === 0) expect(out[i]).toBe(0);
    expect(zeros(masks['out/bias'])).toBe(0);
  });

  it('nm-2-4 keeps 2 of every 4 along the input axis at any slider value', () => {
    for (const s of [0, 0.9]) {
      const masks = computeMasks(graph, weights, layerConfig(graph, 'nm-2-4', s));
      expect(sparsityOf(masks['dense1/kernel'])).toBe(0.5);
      // conv1 kernel [3,3,1,4] → view [9, 4]: groups of 4, 4 and a tail of 1 (kept).
      expect(view2d([3, 3, 1, 4])).toEqual([9, 4]);
      expect(zeros(masks['conv1/kernel'])).toBe(4 * 4);
    }
  });

  it('block prunes 1×4 blocks of the 2-D view', () => {
    const masks = computeMasks(graph, weights, layerConfig(graph, 'block', 0.5));
    const m = masks['dense1/kernel']; // [24, 5] → blocks of cols 0..3 and 4
    expect(sparsityOf(m)).toBeGreaterThan(0.3);
    for (let r = 0; r < 24; r++) for (let c = 1; c < 4; c++) expect(m[r * 5 + c]).toBe(m[r * 5]);
  });

  it('snip and movement rank the scores; taylor is structured over |score|', () => {
    const scores = scoresFrom(weights, (_, i) => (i % 7) - 3);
    const snip = computeMasks(graph, weights, layerConfig(graph, 'snip', 0.5), scores);
    expect(zeros(snip['dense1/kernel'])).toBe(60);
    const mv = computeMasks(graph, weights, layerConfig(graph, 'movement', 0.5), scores);
    expect(mv['dense1/kernel']).toEqual(snip['dense1/kernel']);
    const taylor = computeMasks(graph, weights, layerConfig(graph, 'taylor', 0.5), scores);
    expect(zeros(taylor['conv1/bias'])).toBe(2);
  });

  it('throws missing-scores for score methods without scores', () => {
    for (const m of ['snip', 'taylor', 'movement'] as const) {
      expect(() => computeMasks(graph, weights, layerConfig(graph, m, 0.5))).toThrow(
        expect.objectContaining({
          code: 'missing-scores',
          message: expect.stringMatching(/compute them first/),
        }),
      );
    }
  });

  it('removes a removable layer by zeroing its tensors only, and refuses others', () => {
    const masks = computeMasks(
      graph,
      weights,
      layerConfig(graph, 'magnitude', 0, { dense2: { sparsity: 0, removed: true } }),
    );
    expect(zeros(masks['dense2/kernel'])).toBe(25);
    expect(zeros(masks['dense2/bias'])).toBe(5);
    expect(zeros(masks['out/kernel'])).toBe(0);
    expect(() =>
      computeMasks(
        graph,
        weights,
        layerConfig(graph, 'magnitude', 0, { conv2: { sparsity: 0, removed: true } }),
      ),
    ).toThrow(expect.objectContaining({ code: 'not-removable' }));
  });

  it('rejects weights that do not fit, NaN weights and bad sparsity', () => {
    const bad = { ...weights, 'conv1/kernel': new Float32Array(5) };
    expect(() => computeMasks(graph, bad, layerConfig(graph, 'magnitude', 0.5))).toThrow(
      expect.objectContaining({ code: 'shape-mismatch' }),
    );
    const nan = {
      ...weights,
      'dense1/kernel': weights['dense1/kernel'].map((v, i) => (i === 3 ? NaN : v)),
    };
    expect(() => computeMasks(graph, nan, layerConfig(graph, 'l1-structured', 0.5))).toThrow(
      expect.objectContaining({ code: 'nan-weights' }),
    );
    expect(() => computeMasks(graph, weights, layerConfig(graph, 'magnitude', 1.2))).toThrow(
      expect.objectContaining({
        code: 'bad-sparsity',
        message: expect.stringMatching(/dense1|conv1/),
      }),
    );
    const missing = { ...weights };
    delete missing['out/bias'];
    expect(() => computeMasks(graph, missing, layerConfig(graph, 'magnitude', 0.5))).toThrow(
      expect.objectContaining({ code: 'missing-weights' }),
    );
  });

  it('handles the zoo-sized models', () => {
    for (const g of [probeCnn(), lenet300100()]) {
      const w = randomWeights(g, 1);
      for (const m of [
        'magnitude',
        'l1-structured',
        'nm-2-4',
        'block',
        'global-magnitude',
      ] as const) {
        const masks = computeMasks(g, w, layerConfig(g, m, 0.5));
        expect(Object.keys(masks).sort()).toEqual(Object.keys(w).sort());
      }
    }
  });
});
