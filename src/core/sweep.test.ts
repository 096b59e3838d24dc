import { describe, expect, it } from 'vitest';
import { computeMasks } from './compute.ts';
import { emptyConfig, prunableLayers } from './config.ts';
import { probeCnn, randomWeights, smallCnn } from './fixture-graphs.ts';
import { SweepError } from './errors.ts';
import { DEFAULT_GRID } from './grid.ts';
import { prunedOverlap } from './masks.ts';
import { estimateRemainingMs, planSweep, type SweepSpec } from './sweep.ts';

const graph = smallCnn();
const weights = randomWeights(graph, 3);
const base = { ...emptyConfig(graph, 'random', 7), globalSparsity: 0.3 };
base.layers.conv1 = { sparsity: 0.6, locked: true, method: 'snip' };

function spec(over: Partial<SweepSpec> = {}): SweepSpec {
  return {
    kind: 'methods',
    methods: ['magnitude', 'random'],
    grid: [0, 0.5, 0.9],
    after: 'none',
    finetuneBatches: 10,
    ...over,
  };
}

describe('planSweep: method sweeps', () => {
  it('plans one job per method and sparsity, in order, from clean uniform configs', () => {
    const plan = planSweep(graph, base, spec());
    expect(plan.jobs.map((j) => [j.method, j.sparsity, j.arm])).toEqual([
      ['magnitude', 0, 'oneshot'],
      ['magnitude', 0.5, 'oneshot'],
      ['magnitude', 0.9, 'oneshot'],
      ['random', 0, 'oneshot'],
      ['random', 0.5, 'oneshot'],
      ['random', 0.9, 'oneshot'],
    ]);
    for (const j of plan.jobs) {
      expect(j.config.method).toBe(j.method);
      expect(j.config.seed).toBe(7);
      expect(j.config.globalSparsity).toBe(j.sparsity);
      expect(Object.keys(j.config.layers)).toEqual(prunableLayers(graph));
      for (const l of Object.values(j.config.layers)) {
        expect(l).toEqual({ sparsity: j.sparsity, locked: false });
      }
    }
  });

  it('gives configs whose masks reach the target sparsity in every layer', () => {
    const plan = planSweep(
      graph,
      base,
      spec({ methods: ['magnitude', 'global-magnitude', 'random'] }),
    );
    for (const j of plan.jobs) {
      const masks = computeMasks(graph, weights, j.config);
      const kernels = graph.layers.flatMap((l) => l.tensors.filter((t) => t.role === 'kernel'));
      let pruned = 0;
      let n = 0;
      for (const t of kernels) {
        n += masks[t.key].length;
        pruned += masks[t.key].reduce((a, v) => a + (v === 0 ? 1 : 0), 0);
      }
      expect(pruned / n).toBeCloseTo(j.sparsity, 1);
    }
  });

  it('plans the unpruned point once: later methods at 0% reuse it at no cost', () => {
    const plan = planSweep(graph, base, spec());
    expect(plan.jobs[3].sameAs).toBe(0);
    expect(plan.jobs[3].cost).toBe(0);
    expect(plan.jobs.filter((j) => j.sameAs !== null)).toHaveLength(1);
    expect(plan.totalCost).toBeCloseTo(
      plan.jobs.reduce((a, j) => a + j.cost, 0),
      12,
    );
  });

  it('runs a fixed-sparsity method (N:M) at its own sparsity only', () => {
    const plan = planSweep(
      graph,
      base,
      spec({ methods: ['nm-2-4', 'magnitude'], fixedSparsity: { 'nm-2-4': 0.5 } }),
    );
    expect(plan.jobs.filter((j) => j.method === 'nm-2-4').map((j) => j.sparsity)).toEqual([0.5]);
    expect(plan.jobs.filter((j) => j.method === 'magnitude')).toHaveLength(3);
  });

  it('plans fine-tuning and the lottery ticket with its control, costing the batches', () => {
    const ft = planSweep(graph, base, spec({ after: 'finetune', finetuneBatches: 20 }));
    expect(ft.jobs.every((j) => j.arm === 'finetuned' && j.trainBatches === 20)).toBe(true);
    const lt = planSweep(graph, base, spec({ after: 'lottery', finetuneBatches: 20 }));
    expect(lt.jobs.map((j) => j.arm).slice(0, 4)).toEqual([
      'rewound',
      'reinit',
      'rewound',
      'reinit',
    ]);
    expect(lt.jobs).toHaveLength(12);
    const none = planSweep(graph, base, spec());
    const fresh = (p: typeof ft) => p.jobs.filter((j) => j.sameAs === null);
    expect(fresh(ft)[1].cost).toBeGreaterThan(fresh(none)[1].cost + 20 * 0.1);
    // Training changes the weights: no evaluation after it can reuse cached activations.
    expect(ft.jobs.every((j) => j.sameAs !== null || j.recomputeFrom === 0)).toBe(true);
  });

  it('asks for gradient scores once per kind', () => {
    expect(
      planSweep(graph, base, spec({ methods: ['snip', 'taylor', 'magnitude'] })).scoreKinds,
    ).toEqual(['snip', 'taylor']);
    expect(planSweep(graph, base, spec()).scoreKinds).toEqual([]);
  });

  it('sorts and deduplicates the grid', () => {
    expect(planSweep(graph, base, spec({ grid: [0.9, 0, 0.5, 0.9] })).grid).toEqual([0, 0.5, 0.9]);
  });
});

describe('planSweep: sensitivity', () => {
  const g = probeCnn();
  const cfg = emptyConfig(g, 'magnitude', 1);
  /** A one-method magnitude sensitivity analysis over 0, 50 and 90%, with `over` on top. */
  const sensitivity = (over: Partial<SweepSpec> = {}): SweepSpec => ({
    kind: 'sensitivity',
    methods: ['magnitude'],
    grid: [0, 0.5, 0.9],
    after: 'none',
    finetuneBatches: 1,
    ...over,
  });

  it('prunes one layer at a time, from the last layer to the first, sparsities ascending', () => {
    const plan = planSweep(g, cfg, sensitivity());
    expect(plan.jobs.map((j) => [j.layer, j.sparsity])).toEqual([
      ['dense2', 0],
      ['dense2', 0.5],
      ['dense2', 0.9],
      ['dense1', 0],
      ['dense1', 0.5],
      ['dense1', 0.9],
      ['conv2', 0],
      ['conv2', 0.5],
      ['conv2', 0.9],
      ['conv1', 0],
      ['conv1', 0.5],
      ['conv1', 0.9],
    ]);
    for (const j of plan.jobs) {
      for (const [name, l] of Object.entries(j.config.layers)) {
        expect(l.sparsity).toBe(name === j.layer ? j.sparsity : 0);
      }
    }
  });

  it('reuses the unpruned point and recomputes only from the changed layer on', () => {
    const plan = planSweep(g, cfg, sensitivity());
    const layers = prunableLayers(g);
    // Only the first 0% point is evaluated; the others are the same unpruned model.
    expect(plan.jobs.filter((j) => j.sparsity === 0).map((j) => j.sameAs)).toEqual([null, 0, 0, 0]);
    const fresh = plan.jobs.filter((j) => j.sameAs === null);
    expect(fresh[0].recomputeFrom).toBe(0);
    for (const j of fresh.slice(1)) expect(j.recomputeFrom).toBe(layers.indexOf(j.layer!));
    // Pruning the classifier recomputes a sliver of the network; pruning conv1 recomputes all of it.
    const dense2 = fresh.find((j) => j.layer === 'dense2' && j.sparsity === 0.9)!;
    const conv1 = fresh.find((j) => j.layer === 'conv1' && j.sparsity === 0.9)!;
    expect(dense2.cost).toBeLessThan(0.1);
    expect(conv1.cost).toBeCloseTo(1, 6);
    // Cheaper than evaluating every point from scratch.
    expect(plan.totalCost).toBeLessThan(fresh.length * 0.75);
  });

  it('costs less than one full evaluation per evaluated point over the default grid', () => {
    const plan = planSweep(g, cfg, sensitivity({ grid: DEFAULT_GRID }));
    expect(plan.jobs).toHaveLength(4 * DEFAULT_GRID.length);
    const fresh = plan.jobs.filter((j) => j.sameAs === null);
    expect(fresh).toHaveLength(1 + 4 * (DEFAULT_GRID.length - 1));
    expect(plan.totalCost).toBeLessThan(fresh.length * 0.75);
  });

  it('limits the analysis to the layers asked for', () => {
    const plan = planSweep(
      g,
      cfg,
      sensitivity({ methods: ['random'], grid: [0.5], layers: ['conv1', 'dense1'] }),
    );
    expect(plan.jobs.map((j) => j.layer)).toEqual(['dense1', 'conv1']);
  });

  it('rejects methods that cannot prune one layer alone, and unknown layers', () => {
    const s = (over: Partial<SweepSpec>): SweepSpec => sensitivity({ grid: [0.5], ...over });
    expect(() => planSweep(g, cfg, s({ methods: ['global-magnitude'] }))).toThrow(
      /Global magnitude/,
    );
    expect(() =>
      planSweep(g, cfg, s({ methods: ['nm-2-4'], fixedSparsity: { 'nm-2-4': 0.5 } })),
    ).toThrow(/fixed sparsity/);
    expect(() => planSweep(g, cfg, s({ methods: ['magnitude', 'random'] }))).toThrow(/exactly one/);
    expect(() => planSweep(g, cfg, s({ layers: ['pool1'] }))).toThrow(/pool1 has no weights/);
  });
});

describe('planSweep: validation', () => {
  it('says what is wrong', () => {
    const codes = (over: Partial<SweepSpec>): string => {
      try {
        planSweep(graph, base, spec(over));
        return 'ok';
      } catch (e) {
        return e instanceof SweepError ? e.code : 'other';
      }
    };
    expect(codes({ methods: [] })).toBe('no-methods');
    expect(codes({ methods: ['random', 'random'] })).toBe('bad-method');
    expect(codes({ grid: [] })).toBe('bad-grid');
    expect(codes({ grid: [0.5, 1.2] })).toBe('bad-grid');
    expect(codes({ grid: [Number.NaN] })).toBe('bad-grid');
    expect(codes({ after: 'finetune', finetuneBatches: 0 })).toBe('bad-batches');
    expect(codes({ after: 'lottery', finetuneBatches: 2.5 })).toBe('bad-batches');
    expect(codes({ after: 'none', finetuneBatches: 0 })).toBe('ok');
  });
});

describe('estimateRemainingMs', () => {
  it('extrapolates the measured rate and knows nothing before the first measurement', () => {
    expect(estimateRemainingMs(10, 0, 0)).toBeNull();
    expect(estimateRemainingMs(10, 2, 1000)).toBe(4000);
    expect(estimateRemainingMs(10, 10, 5000)).toBe(0);
    expect(estimateRemainingMs(10, 12, 5000)).toBe(0);
  });
});

describe('prunedOverlap on planned masks', () => {
  it('measures how far magnitude and random masks agree (about s for random)', () => {
    const g = probeCnn();
    const w = randomWeights(g, 5);
    const plan = planSweep(
      g,
      emptyConfig(g),
      spec({ methods: ['magnitude', 'random'], grid: [0.5] }),
    );
    const [m, r] = plan.jobs.map((j) => computeMasks(g, w, j.config)['dense1/kernel']);
    // Independent sets of half the weights overlap in a quarter: J = 0.25 / 0.75.
    expect(prunedOverlap(m, r).jaccard).toBeCloseTo(1 / 3, 1);
  });
});
