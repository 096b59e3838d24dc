/**
 * Sweep planner: turns "these methods over this sparsity grid, then this after-pruning step" (or a
 * per-layer sensitivity analysis) into an ordered list of jobs, each with the PruningConfig to
 * compute masks from and a cost estimate for progress and time left. Pure: the store runs the jobs.
 *
 * Conventions:
 * - Sparsities are fractions in [0, 1]; the text a person types is in percent (parseGrid).
 * - A method sweep sets the same sparsity in every prunable layer (setGlobalSparsity on a config
 *   with no locks, overrides or removed layers). A method with a fixed sparsity (N:M 2:4) gets one
 *   job at that sparsity, whatever the grid.
 * - A sensitivity analysis prunes one layer at a time over the grid with the others at 0, from the
 *   LAST layer to the first, sparsities ascending: the engine's evaluator caches the activations
 *   entering each layer and recomputes from the earliest layer whose masks changed, so each step of
 *   a layer's curve only recomputes that layer and the ones after it.
 * - Jobs with identical effective settings and arm (e.g. sparsity 0 for every method, which is the
 *   unpruned model) are planned once; later duplicates point at the first (`sameAs`) and cost 0.
 * - Costs are in units of one full-network evaluation; an evaluation that can reuse cached
 *   activations costs the share of the network's dense FLOPs it recomputes.
 */
import { setGlobalSparsity, prunableLayers } from './config.ts';
import { networkMetrics } from './metrics.ts';
import { SweepError } from './errors.ts';
import { normaliseGrid } from './grid.ts';
import type { LayerPruning, MethodId, NetGraph, PruningConfig } from './types.ts';

/** What happens after pruning, before evaluation. */
export type AfterPruning = 'none' | 'finetune' | 'lottery';

/**
 * One arm of a job: 'oneshot' = pruned and evaluated; 'finetuned' = pruned, then trained with the
 * masks held; 'rewound' = survivors rewound to their initial values, then trained (lottery ticket);
 * 'reinit' = the same mask on a random re-initialisation, then trained (the lottery control).
 */
export type SweepArm = 'oneshot' | 'finetuned' | 'rewound' | 'reinit';

/** What to sweep. */
export interface SweepSpec {
  /** 'methods': uniform sparsity in every layer, per method; 'sensitivity': one layer at a time. */
  kind: 'methods' | 'sensitivity';
  /** Methods to compare (a sensitivity analysis takes exactly one). */
  methods: MethodId[];
  /** Sparsities as fractions in [0, 1]; sorted and deduplicated by the planner. */
  grid: readonly number[];
  after: AfterPruning;
  /** Training batches per trained arm ('finetune' and 'lottery'); an integer ≥ 1. */
  finetuneBatches: number;
  /** Sensitivity: the layers to analyse (default every prunable layer). */
  layers?: string[];
  /** Methods whose sparsity is fixed whatever the slider says (N:M 2:4 → 0.5). */
  fixedSparsity?: Partial<Record<MethodId, number>>;
}

/** Relative costs, in units of one full-network evaluation. */
export interface SweepCosts {
  /** One evaluation of the whole network (1 by definition). */
  evaluate: number;
  /** One training batch. */
  trainBatch: number;
  /** One batch of gradient scores (SNIP / Taylor), fetched once per sweep and kind. */
  scores: number;
  /** Fixed overhead of an evaluation even when everything is cached (the classifier, transfers). */
  evalOverhead: number;
}

/** Costs measured on a 2-core machine with WebGL on SwiftShader (probe CNN, 2,000 test images). */
export const DEFAULT_COSTS: SweepCosts = {
  evaluate: 1,
  trainBatch: 0.12,
  scores: 0.3,
  evalOverhead: 0.05,
};

/** One job of a sweep. */
export interface SweepJob {
  /** Position in the plan. */
  index: number;
  method: MethodId;
  arm: SweepArm;
  /** Sensitivity: the one layer pruned; null in a method sweep. */
  layer: string | null;
  /** Target sparsity (the achieved one comes from the masks). */
  sparsity: number;
  /** The setup to compute masks from. */
  config: PruningConfig;
  /** Training batches before evaluation (0 for 'oneshot'). */
  trainBatches: number;
  /** Estimated cost (units of SweepCosts); 0 for a duplicate. */
  cost: number;
  /** Index of an earlier job with the same settings and arm whose result applies; else null. */
  sameAs: number | null;
  /**
   * Index (among the prunable layers) of the first layer the evaluation must recompute: 0 = the
   * whole network; the number of prunable layers = nothing changed since the previous evaluation.
   */
  recomputeFrom: number;
}

/** The planned sweep. */
export interface SweepPlan {
  jobs: SweepJob[];
  /** Gradient scores to fetch once before the jobs run. */
  scoreKinds: ('snip' | 'taylor')[];
  /** Sum of job costs plus the scores. */
  totalCost: number;
  /** The grid actually used (sorted, deduplicated). */
  grid: number[];
}

const SCORE_KINDS: Partial<Record<MethodId, 'snip' | 'taylor'>> = {
  snip: 'snip',
  taylor: 'taylor',
};

/** A config with `method` and no locks, per-layer overrides or removed layers, all at 0. */
function cleanConfig(graph: NetGraph, base: PruningConfig, method: MethodId): PruningConfig {
  const layers: Record<string, LayerPruning> = {};
  for (const name of prunableLayers(graph)) layers[name] = { sparsity: 0, locked: false };
  return { method, globalSparsity: 0, layers, seed: base.seed };
}

/**
 * The setup of a method sweep point: `method` at `sparsity` in every prunable layer (locks,
 * per-layer overrides and removed layers of `base` dropped; its seed kept).
 */
export function uniformConfig(
  graph: NetGraph,
  base: PruningConfig,
  method: MethodId,
  sparsity: number,
): PruningConfig {
  return setGlobalSparsity(cleanConfig(graph, base, method), sparsity);
}

/** The setup of a sensitivity point: `layer` at `sparsity` with `method`, every other layer at 0. */
export function singleLayerConfig(
  graph: NetGraph,
  base: PruningConfig,
  method: MethodId,
  layer: string,
  sparsity: number,
): PruningConfig {
  const c = cleanConfig(graph, base, method);
  c.layers[layer] = { sparsity, locked: false };
  return c;
}

/** Per prunable layer, the effective (method, sparsity) as a comparable string ('-' = untouched). */
function layerKeys(graph: NetGraph, config: PruningConfig): string[] {
  return prunableLayers(graph).map((name) => {
    const l = config.layers[name];
    const method = l?.method ?? config.method;
    const s =
      method === 'global-magnitude'
        ? config.globalSparsity
        : (l?.sparsity ?? config.globalSparsity);
    // A zero sparsity keeps everything, except N:M which ignores the slider.
    if (s === 0 && method !== 'nm-2-4') return '-';
    return `${method}@${s}${l?.removed ? '/removed' : ''}`;
  });
}

/** Share of the network's dense FLOPs in prunable layers index ≥ i (i = 0 → 1). */
function suffixFlopShares(graph: NetGraph): number[] {
  const flops = networkMetrics(graph, {}).layers.map((l) => l.denseFlops);
  const total = flops.reduce((a, b) => a + b, 0);
  const out = new Array<number>(flops.length + 1).fill(0);
  for (let i = flops.length - 1; i >= 0; i--) out[i] = out[i + 1] + flops[i];
  return out.map((v) => (total > 0 ? v / total : 0));
}

function checkSpec(graph: NetGraph, spec: SweepSpec): void {
  if (spec.methods.length === 0) {
    throw new SweepError('no-methods', 'Pick at least one pruning method to sweep.');
  }
  if (new Set(spec.methods).size !== spec.methods.length) {
    throw new SweepError('bad-method', 'A method is listed twice; pick each method once.');
  }
  if (
    spec.after !== 'none' &&
    (!Number.isInteger(spec.finetuneBatches) || spec.finetuneBatches < 1)
  ) {
    throw new SweepError(
      'bad-batches',
      `Training after pruning needs a whole number of batches ≥ 1 (got ${String(spec.finetuneBatches)}).`,
    );
  }
  if (spec.kind === 'sensitivity') {
    if (spec.methods.length !== 1) {
      throw new SweepError(
        'bad-method',
        'A sensitivity analysis uses one method; pick exactly one.',
      );
    }
    const m = spec.methods[0];
    if (m === 'global-magnitude') {
      throw new SweepError(
        'bad-method',
        'Global magnitude ranks all layers together, so it cannot prune one layer alone; use Magnitude (per layer).',
      );
    }
    if (spec.fixedSparsity?.[m] !== undefined) {
      throw new SweepError(
        'bad-method',
        `${m} has a fixed sparsity, so there is no curve to draw; pick another method.`,
      );
    }
    const known = new Set(prunableLayers(graph));
    for (const l of spec.layers ?? []) {
      if (!known.has(l))
        throw new SweepError('bad-layer', `Layer ${l} has no weights to prune in this model.`);
    }
  }
}

function armsOf(after: AfterPruning): SweepArm[] {
  return after === 'none'
    ? ['oneshot']
    : after === 'finetune'
      ? ['finetuned']
      : ['rewound', 'reinit'];
}

interface Point {
  method: MethodId;
  layer: string | null;
  sparsity: number;
  config: PruningConfig;
}

/**
 * Plans a sweep (see the module comment for ordering, deduplication and costs).
 * @param graph the network
 * @param base the workbench's config (its seed is used; its locks and overrides are not)
 * @param spec what to sweep
 * @param costs relative costs (DEFAULT_COSTS)
 * @throws SweepError on an empty method list or grid, a bad sparsity, a bad batch count, an
 *   unknown layer, or a method that cannot be used for a sensitivity analysis
 */
export function planSweep(
  graph: NetGraph,
  base: PruningConfig,
  spec: SweepSpec,
  costs: SweepCosts = DEFAULT_COSTS,
): SweepPlan {
  checkSpec(graph, spec);
  const grid = normaliseGrid(spec.grid);
  const points: Point[] = [];
  if (spec.kind === 'methods') {
    for (const method of spec.methods) {
      const fixed = spec.fixedSparsity?.[method];
      for (const s of fixed !== undefined ? [fixed] : grid) {
        points.push({
          method,
          layer: null,
          sparsity: s,
          config: uniformConfig(graph, base, method, s),
        });
      }
    }
  } else {
    const method = spec.methods[0];
    const wanted = new Set(spec.layers ?? prunableLayers(graph));
    const layers = prunableLayers(graph)
      .filter((l) => wanted.has(l))
      .reverse();
    for (const layer of layers) {
      for (const s of grid) {
        points.push({
          method,
          layer,
          sparsity: s,
          config: singleLayerConfig(graph, base, method, layer, s),
        });
      }
    }
  }

  const shares = suffixFlopShares(graph);
  const nLayers = shares.length - 1;
  const seen = new Map<string, number>();
  const jobs: SweepJob[] = [];
  // Settings of the previous evaluation; null when the weights changed since (training, restore).
  let prevEval: string[] | null = null;
  for (const p of points) {
    const keys = layerKeys(graph, p.config);
    for (const arm of armsOf(spec.after)) {
      const key = `${arm}|${keys.join('|')}`;
      const index = jobs.length;
      const dup = seen.get(key);
      const trainBatches = arm === 'oneshot' ? 0 : spec.finetuneBatches;
      if (dup !== undefined) {
        jobs.push({ index, ...p, arm, trainBatches, cost: 0, sameAs: dup, recomputeFrom: nLayers });
        continue;
      }
      seen.set(key, index);
      let from = 0;
      if (arm === 'oneshot' && prevEval) {
        from = keys.findIndex((k, i) => k !== prevEval![i]);
        if (from < 0) from = nLayers;
      }
      const evalCost =
        costs.evaluate * (costs.evalOverhead + (1 - costs.evalOverhead) * shares[from]);
      const cost = evalCost + trainBatches * costs.trainBatch;
      jobs.push({ index, ...p, arm, trainBatches, cost, sameAs: null, recomputeFrom: from });
      prevEval = arm === 'oneshot' ? keys : null;
    }
  }
  const kinds = new Set<'snip' | 'taylor'>();
  for (const m of spec.methods) {
    const k = SCORE_KINDS[m];
    if (k) kinds.add(k);
  }
  const scoreKinds = [...kinds];
  const totalCost = jobs.reduce((a, j) => a + j.cost, 0) + scoreKinds.length * costs.scores;
  return { jobs, scoreKinds, totalCost, grid };
}

/**
 * Time left from measured progress: the remaining cost at the rate measured so far.
 * @param totalCost the plan's total cost
 * @param doneCost cost of the work finished (fractions of a job allowed)
 * @param elapsedMs wall time spent on that work
 * @returns milliseconds left, or null before anything was measured
 */
export function estimateRemainingMs(
  totalCost: number,
  doneCost: number,
  elapsedMs: number,
): number | null {
  if (!(doneCost > 0) || !(elapsedMs > 0)) return null;
  return Math.max(0, totalCost - doneCost) * (elapsedMs / doneCost);
}
