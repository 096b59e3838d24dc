/**
 * The experiment runner: runs one experiment (sweep, sensitivity, gradual vs one-shot, iterative
 * pruning) over the engine client on a snapshot of the workbench (graph, weights, config), and
 * reports the growing record and the progress through hooks. No store inside: the store's
 * experiment actions build the environment and publish what the hooks report.
 *
 * The workbench's weights are never overwritten: every training runs on borrowed weights (a fresh
 * weights version), and afterwards the workbench's weights are put back under THEIR version, so a
 * workbench evaluation (which needs that version) waits while an experiment holds other weights
 * and never measures them. Partial results are kept on cancel or error.
 */
import { networkMetrics } from '../core/index.ts';
import { estimateRemainingMs } from '../core/sweep.ts';
import type { MaskSet, NetGraph, PruningConfig, ScoreSet, WeightSet } from '../core/types.ts';
import {
  APP_PROGRESS,
  type EvalResult,
  type TrainOptions,
  type TrainProgress,
  type TrainResult,
  type TrainStop,
} from '../engine/api.ts';
import type { EngineClient } from '../engine/client.ts';
import type { ResultRow, RunKind, RunRecord, RunTrace } from './history.ts';

/** What a run starts from: the workbench at the moment it starts. */
export interface RunEnv {
  client: EngineClient;
  model: string;
  dataset: string;
  graph: NetGraph;
  weights: WeightSet;
  /** The engine's version of `weights` (restored under it after any training). */
  weightsVersion: number;
  config: PruningConfig;
  /** Training settings of the workbench. */
  batchSize: number;
  learningRate: number;
  /** Full-test-set accuracy of `weights`, when known (saves one evaluation). */
  baseline: number | null;
  /** Gradient scores already computed for `weights`. */
  scores: Partial<Record<'snip' | 'taylor', ScoreSet>>;
  /** The initial weights for rewinding (fetched from the engine when absent). */
  initial?: WeightSet;
}

/** Progress of a run: a fraction of the estimated cost, time left, and what runs now. */
export interface RunProgress {
  fraction: number;
  etaMs: number | null;
  label: string;
}

/** How a run reports. */
export interface RunHooks {
  /** The record changed (a row, a trace, the reference, the final status). */
  onRecord(r: RunRecord): void;
  onProgress(p: RunProgress): void;
  /** Gradient scores computed for the workbench's weights (worth keeping). */
  onScores?(kind: 'snip' | 'taylor', s: ScoreSet): void;
  /** The initial weights fetched for rewinding (worth keeping). */
  onInitial?(w: WeightSet): void;
  /** True once the user asked to cancel. */
  cancelled(): boolean;
}

/** Thrown inside a run when the user cancels; the run keeps what it has. */
export class Cancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

/** What experiment bodies work with. */
export interface RunContext {
  graph: NetGraph;
  /** The workbench's weights at the start. */
  weights: WeightSet;
  config: PruningConfig;
  subset: 'preview' | 'full';
  check(): void;
  evaluate(masks: MaskSet): Promise<EvalResult>;
  /** Trains on borrowed weights with the workbench's batch size and learning rate. */
  train(
    opts: Partial<TrainOptions> & { maxBatches: number },
    onProgress?: (p: TrainProgress) => void,
  ): Promise<TrainResult>;
  /** Loads other weights into the engine (borrowed until `restore`). */
  setWeights(w: WeightSet): Promise<void>;
  /** Puts the workbench's weights back. */
  restore(): Promise<void>;
  scores(kind: 'snip' | 'taylor'): Promise<ScoreSet>;
  initialWeights(): Promise<WeightSet>;
  /** Accuracy of the unpruned weights on the run's subset, recorded as the run's reference. */
  reference(): Promise<number>;
  row(
    partial: Omit<ResultRow, 'run' | 'sparsity' | 'compression' | 'flopsRatio'>,
    masks: MaskSet,
  ): ResultRow;
  trace(t: RunTrace): void;
  /** Reports progress: `done` of `total` cost units, and what is happening. */
  progress(done: number, total: number, label: string): void;
}

function newId(kind: RunKind): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${kind}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}-${Math.random().toString(36).slice(2, 5)}`;
}

/** A new, empty record of a run. */
export function newRecord(
  env: RunEnv,
  kind: RunKind,
  subset: 'preview' | 'full',
  settings: RunRecord['settings'],
): RunRecord {
  return {
    id: newId(kind),
    kind,
    createdAt: Date.now(),
    model: env.model,
    dataset: env.dataset,
    status: 'running',
    subset,
    settings,
    reference: null,
    rows: [],
    traces: [],
  };
}

type EngineOps = Pick<
  RunContext,
  'evaluate' | 'train' | 'setWeights' | 'restore' | 'scores' | 'initialWeights'
>;

/** Why an experiment's training stopped before its end, and what to try, for the run's message. */
export function stoppedText(stop: TrainStop, learningRate: number): string {
  if (stop.reason === 'context-lost')
    return `The graphics context was lost after batch ${stop.lastBatch} of its training; the workbench keeps its weights. Run the experiment again.`;
  const last =
    stop.lastFiniteLoss === null
      ? 'the first batch already failed'
      : `the last finite loss was ${stop.lastFiniteLoss.toPrecision(4)}`;
  return `Its training diverged at batch ${stop.batch} (${last}), so its results would be meaningless. Try a lower learning rate than ${learningRate.toPrecision(2)} in the training bar.`;
}

/** The context's engine calls (experiment priority; training on borrowed weights). */
function engineOps(
  env: RunEnv,
  hooks: RunHooks,
  state: { record: RunRecord; borrowed: boolean },
  check: () => void,
): EngineOps {
  const { client, weights, config } = env;
  let initial = env.initial;
  return {
    async evaluate(masks) {
      check();
      return client.value('evaluate', 'experiment', masks, state.record.subset);
    },
    async train(opts, onProgress) {
      check();
      state.borrowed = true;
      const full: TrainOptions = {
        epochs: 1000,
        batchSize: env.batchSize,
        learningRate: env.learningRate,
        optimizer: 'adam',
        seed: config.seed,
        fromScratch: false,
        ...APP_PROGRESS,
        ...opts,
      };
      const { value: r } = await client.call('train', [full, (p) => onProgress?.(p)], {
        priority: 'experiment',
        sets: client.nextVersion(),
      });
      if (r.cancelled || hooks.cancelled()) throw new Cancelled();
      // A run that stopped on its own did not train what the experiment asked for.
      if (r.stopped) throw new Error(stoppedText(r.stopped, full.learningRate));
      return r;
    },
    async setWeights(w) {
      state.borrowed = true;
      await client.call('setWeights', [w], { priority: 'experiment', sets: client.nextVersion() });
    },
    async restore() {
      await client.call('setWeights', [weights], {
        priority: 'experiment',
        sets: env.weightsVersion,
      });
      state.borrowed = false;
    },
    async scores(kind) {
      const have = env.scores[kind];
      if (have) return have;
      const s = await client.value('gradientScores', 'experiment', kind, {});
      env.scores = { ...env.scores, [kind]: s };
      hooks.onScores?.(kind, s);
      return s;
    },
    async initialWeights() {
      if (!initial) {
        initial = await client.value('initialWeights', 'experiment');
        hooks.onInitial?.(initial);
      }
      return initial;
    },
  };
}

/** The context a body runs in; `publish` keeps the record current. */
function createContext(
  env: RunEnv,
  hooks: RunHooks,
  state: { record: RunRecord; borrowed: boolean },
): RunContext {
  const t0 = performance.now();
  const publish = (f: (r: RunRecord) => RunRecord): void => {
    state.record = f(state.record);
    hooks.onRecord(state.record);
  };
  const check = (): void => {
    if (hooks.cancelled()) throw new Cancelled();
  };
  const ops = engineOps(env, hooks, state, check);
  return {
    graph: env.graph,
    weights: env.weights,
    config: env.config,
    subset: state.record.subset,
    check,
    ...ops,
    async reference() {
      const v =
        state.record.subset === 'full' && env.baseline !== null
          ? env.baseline
          : (await ops.evaluate({})).accuracy;
      publish((r) => ({ ...r, reference: v }));
      return v;
    },
    row(partial, masks) {
      const t = networkMetrics(env.graph, masks).total;
      const r: ResultRow = {
        run: state.record.id,
        ...partial,
        sparsity: t.weightSparsity,
        compression: t.compressionRatio,
        flopsRatio: t.flopsRatio,
      };
      publish((rec) => ({ ...rec, rows: [...rec.rows, r] }));
      return r;
    },
    trace(t) {
      publish((rec) => ({ ...rec, traces: [...rec.traces.filter((x) => x.id !== t.id), t] }));
    },
    progress(done, total, label) {
      hooks.onProgress({
        fraction: total > 0 ? Math.min(1, done / total) : 0,
        etaMs: estimateRemainingMs(total, done, performance.now() - t0),
        label: hooks.cancelled() ? 'Cancelling…' : label,
      });
    },
  };
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Runs `body` as one experiment and resolves with its final record (status 'done', 'cancelled'
 * or 'error' with a message; rows kept in every case). The workbench's weights are back in the
 * engine under their own version when it resolves, whatever happened.
 */
export async function runExperiment(
  env: RunEnv,
  hooks: RunHooks,
  record: RunRecord,
  body: (ctx: RunContext) => Promise<void>,
): Promise<RunRecord> {
  const state = { record, borrowed: false };
  hooks.onRecord(record);
  const ctx = createContext(env, hooks, state);
  let status: RunRecord['status'] = 'done';
  let message: string | undefined;
  try {
    await body(ctx);
  } catch (e) {
    if (e instanceof Cancelled) {
      status = 'cancelled';
      message = 'Cancelled; the results so far are kept.';
    } else {
      status = 'error';
      message = errorText(e);
    }
  } finally {
    if (state.borrowed) {
      try {
        await ctx.restore();
      } catch (e) {
        status = 'error';
        message = `Could not give the workbench its weights back: ${errorText(e)}`;
      }
    }
  }
  state.record = { ...state.record, status, ...(message ? { message } : {}) };
  hooks.onRecord(state.record);
  return state.record;
}
