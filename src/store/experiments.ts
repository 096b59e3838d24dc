/**
 * The experiments slice: settings of each experiment, the run in progress (progress, time left,
 * cancel), results, and the run history. Runs drive the engine from the main thread on the
 * workbench's current weights (`useApp.getState().weights`): masks are computed here with the same
 * core function the workbench uses, and after any training the engine's weights are ALWAYS restored
 * to the workbench's, also on cancel or error. Partial results are kept and saved.
 */
import { create } from 'zustand';
import { computeMasks, iterativeRounds, networkMetrics } from '../core/index.ts';
import { setGlobalSparsity } from '../core/config.ts';
import type {
  MaskSet,
  MethodId,
  NetGraph,
  PruningConfig,
  ScoreSet,
  WeightSet,
} from '../core/types.ts';
import {
  DEFAULT_COSTS,
  DEFAULT_GRID,
  defaultGradual,
  estimateRemainingMs,
  formatGrid,
  parseGrid,
  planSweep,
  uniformConfig,
  type AfterPruning,
  type GradualSettings,
} from '../core/sweep.ts';
import {
  APP_PROGRESS,
  type EvalResult,
  type TrainOptions,
  type TrainProgress,
  type TrainResult,
} from '../engine/api.ts';
import { getEngine, progressProxy } from '../engine/client.ts';
import { OFFERED_METHODS, methodLabel } from '../core/methods.ts';
import { applyConfig, errorText } from './actions.ts';
import { pushNotice, useApp } from './index.ts';
import {
  deleteRun,
  loadRuns,
  saveRun,
  type ResultRow,
  type RowVariant,
  type RunKind,
  type RunRecord,
  type RunTrace,
} from './runHistory.ts';

export type { ResultRow, RunKind, RunRecord, RunTrace } from './runHistory.ts';

/** Sub-views of the experiments view. */
export type ExperimentTab = 'sweep' | 'sensitivity' | 'schedules' | 'masks' | 'history';

/** What the x axis of a sweep chart shows. */
export type SweepAxis = 'sparsity' | 'compression' | 'speedup';

/** Settings of a method sweep. */
export interface SweepForm {
  methods: MethodId[];
  /** Sparsities in percent as typed, e.g. "0, 50, 90". */
  gridText: string;
  after: AfterPruning;
  finetuneBatches: number;
  subset: 'preview' | 'full';
}

/** Settings of a sensitivity analysis and of the allocation drawn from it. */
export interface SensitivityForm {
  method: MethodId;
  gridText: string;
  subset: 'preview' | 'full';
  /** Global target for the allocation, fraction. */
  target: number;
  mode: 'grid' | 'interpolate';
}

/** Settings of the gradual-vs-one-shot comparison. */
export interface GradualForm extends GradualSettings {
  method: MethodId;
  batches: number;
}

/** Settings of iterative magnitude pruning. */
export interface ImpForm {
  rounds: number;
  finalSparsity: number;
  batchesPerRound: number;
}

/** Progress of the run in progress. */
export interface JobProgress {
  kind: RunKind;
  runId: string;
  status: 'running' | 'cancelling';
  /** 0..1 of the estimated cost. */
  fraction: number;
  /** Estimated time left, or null before the first measurement. */
  etaMs: number | null;
  /** What is being done now, in words. */
  label: string;
}

export interface ExperimentsState {
  tab: ExperimentTab;
  sweep: SweepForm;
  sweepAxis: SweepAxis;
  sensitivity: SensitivityForm;
  gradual: GradualForm;
  imp: ImpForm;
  /** The latest run of each kind (in progress or finished). */
  current: Partial<Record<RunKind, RunRecord>>;
  job: JobProgress | null;
  history: RunRecord[];
  historyLoaded: boolean;
  /** Runs picked for the side-by-side comparison. */
  compare: [string | null, string | null];
}

/** Methods whose masks the engine can recompute during gradual pruning (no gradient scores). */
export const GRADUAL_METHODS: readonly MethodId[] = OFFERED_METHODS.filter((m) => m.gradual).map(
  (m) => m.id,
);

/** Fixed sparsities of methods that ignore the slider (N:M 2:4). */
export const FIXED_SPARSITY: Partial<Record<MethodId, number>> = Object.fromEntries(
  OFFERED_METHODS.filter((m) => m.fixedSparsity !== undefined).map((m) => [m.id, m.fixedSparsity]),
);

const GRADUAL_BATCHES = 150;

/** Initial settings. */
export const initialExperiments: ExperimentsState = {
  tab: 'sweep',
  sweep: {
    methods: ['magnitude', 'random'],
    gridText: formatGrid(DEFAULT_GRID),
    after: 'none',
    finetuneBatches: 30,
    subset: 'full',
  },
  sweepAxis: 'sparsity',
  sensitivity: {
    method: 'magnitude',
    gridText: formatGrid(DEFAULT_GRID),
    subset: 'preview',
    target: 0.8,
    mode: 'grid',
  },
  gradual: { method: 'magnitude', batches: GRADUAL_BATCHES, ...defaultGradual(GRADUAL_BATCHES) },
  imp: { rounds: 4, finalSparsity: 0.9, batchesPerRound: 40 },
  current: {},
  job: null,
  history: [],
  historyLoaded: false,
  compare: [null, null],
};

/** The experiments store. */
export const useExperiments = create<ExperimentsState>()(() => initialExperiments);

const setX = useExperiments.setState;
const getX = useExperiments.getState;

// ---------------------------------------------------------------------------------------------
// Formatting shared by the results table and the CSV (identical text by construction).

/** CSV column names, in table order. */
export const CSV_COLUMNS = [
  'run',
  'method',
  'sparsity',
  'compression',
  'flops_ratio',
  'accuracy',
  'loss',
  'variant',
  'layer',
  'round',
  'target',
] as const;

function fixed(v: number, digits: number): string {
  if (v === Infinity) return 'inf';
  if (!Number.isFinite(v)) return '';
  return v.toFixed(digits);
}

/**
 * A row's cells as text, in CSV_COLUMNS order: sparsities, accuracy and loss with 4 decimals
 * (fractions), ratios with 2 ('inf' when nothing is kept), round blank outside iterative runs.
 */
export function rowCells(r: ResultRow): string[] {
  return [
    r.run,
    r.method,
    fixed(r.sparsity, 4),
    fixed(r.compression, 2),
    fixed(r.flopsRatio, 2),
    fixed(r.accuracy, 4),
    fixed(r.loss, 4),
    r.variant,
    r.layer,
    r.round > 0 ? String(r.round) : '',
    fixed(r.target, 4),
  ];
}

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The rows as CSV (header line, then one line per row, '\n' line ends, RFC 4180 quoting). */
export function rowsToCsv(rows: readonly ResultRow[]): string {
  const lines = [CSV_COLUMNS.join(','), ...rows.map((r) => rowCells(r).map(csvField).join(','))];
  return `${lines.join('\n')}\n`;
}

/** A run as pretty JSON (settings, reference, rows, traces). */
export function runToJson(run: RunRecord): string {
  return JSON.stringify(run, (_k, v: unknown) => (v === Infinity ? 'inf' : v), 2);
}

export { methodLabel };

const VARIANT_LABELS: Record<RowVariant, string> = {
  oneshot: '',
  finetuned: 'fine-tuned',
  rewound: 'rewound (lottery ticket)',
  reinit: 'random re-init (control)',
  gradual: 'gradual',
  pruned: 'after pruning',
  retrained: 'after retraining',
};

/** The series a row belongs to in a sweep chart, and its legend text. */
export function seriesOf(r: ResultRow): { id: string; label: string } {
  const v = VARIANT_LABELS[r.variant];
  return {
    id: `${r.method}/${r.variant}`,
    label: v ? `${methodLabel(r.method)} · ${v}` : methodLabel(r.method),
  };
}

/** The x value of a row on a sweep chart's axis. */
export function xOf(r: ResultRow, axis: SweepAxis): number {
  return axis === 'sparsity' ? r.sparsity : axis === 'compression' ? r.compression : r.flopsRatio;
}

/** Rows grouped into chart series by `series`, one point per row, points sorted by x. */
function groupSeries(
  rows: readonly ResultRow[],
  series: (r: ResultRow) => { id: string; label: string },
  point: (r: ResultRow) => { x: number; y: number },
): RunTrace[] {
  const by = new Map<string, RunTrace>();
  for (const r of rows) {
    const s = series(r);
    let t = by.get(s.id);
    if (!t) by.set(s.id, (t = { id: s.id, label: s.label, points: [] }));
    t.points.push(point(r));
  }
  for (const t of by.values()) t.points.sort((a, b) => a.x - b.x);
  return [...by.values()];
}

/** Sweep rows grouped into chart series (one per method and variant), points sorted by x. */
export function sweepSeries(rows: readonly ResultRow[], axis: SweepAxis): RunTrace[] {
  return groupSeries(rows, seriesOf, (r) => ({ x: xOf(r, axis), y: r.accuracy }));
}

/** Sensitivity rows grouped into one series per layer (x = target sparsity of that layer). */
export function sensitivitySeries(rows: readonly ResultRow[]): RunTrace[] {
  return groupSeries(
    rows,
    (r) => ({ id: r.layer, label: r.layer }),
    (r) => ({ x: r.target, y: r.accuracy }),
  );
}

/** Iterative-pruning rows of one variant as (round, accuracy) points, in run order. */
export function impPoints(
  rows: readonly ResultRow[],
  variant: 'pruned' | 'retrained',
): { x: number; y: number }[] {
  return rows.filter((r) => r.variant === variant).map((r) => ({ x: r.round, y: r.accuracy }));
}

// ---------------------------------------------------------------------------------------------
// Running.

/** Thrown inside a run when the user cancels; the run keeps what it has. */
class Cancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

interface RunContext {
  graph: NetGraph;
  /** The workbench's weights at the start; restored after every training. */
  weights: WeightSet;
  config: PruningConfig;
  subset: 'preview' | 'full';
  record: RunRecord;
  check(): void;
  evaluate(masks: MaskSet): Promise<EvalResult>;
  /** Trains with the workbench's batch size and learning rate; `onProgress` sees every batch. */
  train(
    opts: Partial<TrainOptions> & { maxBatches: number },
    onProgress?: (p: TrainProgress) => void,
  ): Promise<TrainResult>;
  restore(): Promise<void>;
  scores(kind: 'snip' | 'taylor'): Promise<ScoreSet>;
  row(
    partial: Omit<ResultRow, 'run' | 'sparsity' | 'compression' | 'flopsRatio'>,
    masks: MaskSet,
  ): ResultRow;
  trace(t: RunTrace): void;
  /** Reports progress: `done` of `total` cost units, and what is happening. */
  progress(done: number, total: number, label: string): void;
}

let cancelFlag = false;

function newId(kind: RunKind): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${kind}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}-${Math.random().toString(36).slice(2, 5)}`;
}

function updateRecord(kind: RunKind, f: (r: RunRecord) => RunRecord): void {
  const cur = getX().current[kind];
  if (!cur) return;
  setX({ current: { ...getX().current, [kind]: f(cur) } });
}

async function persist(run: RunRecord): Promise<void> {
  try {
    const history = await saveRun(run);
    setX({ history, historyLoaded: true });
  } catch (e) {
    pushNotice('warning', `The run could not be saved in this browser: ${errorText(e)}`);
  }
}

/**
 * Runs `body` as experiment `kind`: refuses when another run or a training is going on, restores
 * the engine's weights to the workbench's afterwards (whatever happens), records the outcome and
 * saves the run, partial or not, in the history.
 */
async function run(
  kind: RunKind,
  subset: 'preview' | 'full',
  settings: RunRecord['settings'],
  body: (ctx: RunContext) => Promise<void>,
): Promise<void> {
  const app = useApp.getState();
  if (getX().job) {
    pushNotice('info', 'An experiment is already running; wait for it or cancel it first.');
    return;
  }
  if (app.trainStatus !== 'idle') {
    pushNotice(
      'info',
      'Training is running in the workbench; let it finish before starting an experiment.',
    );
    return;
  }
  const { graph, weights, config } = app;
  if (!graph || !weights || app.status !== 'ready') {
    pushNotice('info', 'The model is not loaded yet.');
    return;
  }
  cancelFlag = false;
  const record: RunRecord = {
    id: newId(kind),
    kind,
    createdAt: Date.now(),
    model: app.modelId,
    dataset: app.datasetId,
    status: 'running',
    subset,
    settings,
    reference: null,
    rows: [],
    traces: [],
  };
  setX({
    current: { ...getX().current, [kind]: record },
    job: {
      kind,
      runId: record.id,
      status: 'running',
      fraction: 0,
      etaMs: null,
      label: 'Starting…',
    },
  });
  const engine = getEngine();
  const t0 = performance.now();
  let trained = false;
  const ctx: RunContext = {
    graph,
    weights,
    config,
    subset,
    record,
    check() {
      if (cancelFlag) throw new Cancelled();
    },
    async evaluate(masks) {
      ctx.check();
      return engine.evaluate(masks, subset);
    },
    async train(opts, onProgress) {
      ctx.check();
      const s = useApp.getState();
      trained = true;
      const full: TrainOptions = {
        epochs: 1000,
        batchSize: s.batchSize,
        learningRate: s.learningRate,
        optimizer: 'adam',
        seed: config.seed,
        fromScratch: false,
        ...APP_PROGRESS,
        ...opts,
      };
      const r = await engine.train(
        full,
        progressProxy((p) => onProgress?.(p)),
      );
      if (r.cancelled || cancelFlag) throw new Cancelled();
      return r;
    },
    async restore() {
      await engine.setWeights(weights);
    },
    async scores(kind2) {
      const have = useApp.getState().scores[kind2];
      if (have && useApp.getState().weights === weights) return have;
      const s = await engine.gradientScores(kind2, {});
      if (useApp.getState().weights === weights)
        useApp.setState((st) => ({ scores: { ...st.scores, [kind2]: s } }));
      return s;
    },
    row(partial, masks) {
      const t = networkMetrics(graph, masks).total;
      const r: ResultRow = {
        run: record.id,
        ...partial,
        sparsity: t.weightSparsity,
        compression: t.compressionRatio,
        flopsRatio: t.flopsRatio,
      };
      updateRecord(kind, (rec) => ({ ...rec, rows: [...rec.rows, r] }));
      return r;
    },
    trace(t) {
      updateRecord(kind, (rec) => ({
        ...rec,
        traces: [...rec.traces.filter((x) => x.id !== t.id), t],
      }));
    },
    progress(done, total, label) {
      const elapsed = performance.now() - t0;
      const job = getX().job;
      if (!job || job.runId !== record.id) return;
      setX({
        job: {
          ...job,
          fraction: total > 0 ? Math.min(1, done / total) : 0,
          etaMs: estimateRemainingMs(total, done, elapsed),
          label: job.status === 'cancelling' ? 'Cancelling…' : label,
        },
      });
    },
  };
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
      pushNotice('error', `The experiment stopped: ${message}`);
    }
  } finally {
    if (trained) {
      try {
        await engine.setWeights(weights);
      } catch (e) {
        pushNotice(
          'error',
          `Could not restore the workbench weights in the engine: ${errorText(e)}`,
        );
      }
    }
  }
  updateRecord(kind, (rec) => ({ ...rec, status, ...(message ? { message } : {}) }));
  setX({ job: null });
  const final = getX().current[kind];
  if (final && final.rows.length + final.traces.length > 0) await persist(final);
}

/** Stops the run in progress after the current step (a running training stops at once). */
export function cancelExperiment(): void {
  const job = getX().job;
  if (!job) return;
  cancelFlag = true;
  setX({ job: { ...job, status: 'cancelling', label: 'Cancelling…' } });
  void getEngine().cancel();
}

/**
 * The checkpoint's initial weights, fetched once per loaded model: the lottery control trains
 * from scratch, and the engine then reports that run's initialisation as "initial", so later
 * rewinds must not ask again. Dropped when a new model loads or the workbench trains from scratch.
 */
let initialCache: { graph: NetGraph; weights: WeightSet } | null = null;
useApp.subscribe((s, prev) => {
  if (s.graph !== prev.graph) initialCache = null;
  if (s.trainStatus !== 'idle' && prev.trainStatus === 'idle' && s.trainMode === 'scratch')
    initialCache = null;
});

async function rewindTarget(graph: NetGraph): Promise<WeightSet> {
  if (initialCache?.graph !== graph)
    initialCache = { graph, weights: await getEngine().initialWeights() };
  return initialCache.weights;
}

/** The reference accuracy of the unpruned weights on the subset (the baseline when it applies). */
async function referenceAccuracy(ctx: RunContext): Promise<number> {
  const app = useApp.getState();
  if (ctx.subset === 'full' && app.baseline && app.weights === ctx.weights)
    return app.baseline.accuracy;
  return (await ctx.evaluate({})).accuracy;
}

/** Runs the method sweep (or a sensitivity analysis when `sensitivity`) from the current form. */
async function runPlanned(sensitivity: boolean): Promise<void> {
  const app = useApp.getState();
  if (!app.graph) return;
  const kind: RunKind = sensitivity ? 'sensitivity' : 'sweep';
  const form = getX().sweep;
  const sens = getX().sensitivity;
  let plan;
  try {
    const grid = parseGrid(sensitivity ? sens.gridText : form.gridText);
    plan = planSweep(
      app.graph,
      app.config,
      sensitivity
        ? { kind: 'sensitivity', methods: [sens.method], grid, after: 'none', finetuneBatches: 1 }
        : {
            kind: 'methods',
            methods: form.methods,
            grid,
            after: form.after,
            finetuneBatches: form.finetuneBatches,
            fixedSparsity: FIXED_SPARSITY,
          },
    );
  } catch (e) {
    pushNotice('error', errorText(e));
    return;
  }
  const subset = sensitivity ? sens.subset : form.subset;
  const settings: RunRecord['settings'] = sensitivity
    ? { method: sens.method, grid: plan.grid }
    : {
        methods: form.methods,
        grid: plan.grid,
        after: form.after,
        finetuneBatches: form.finetuneBatches,
      };
  const jobs = plan.jobs;
  await run(kind, subset, settings, async (ctx) => {
    const total = plan.totalCost + DEFAULT_COSTS.evaluate;
    let done = 0;
    ctx.progress(0, total, 'Evaluating the unpruned model…');
    const reference = await referenceAccuracy(ctx);
    updateRecord(kind, (r) => ({ ...r, reference }));
    done += DEFAULT_COSTS.evaluate;
    const scores: Partial<Record<'snip' | 'taylor', ScoreSet>> = {};
    for (const k of plan.scoreKinds) {
      ctx.progress(done, total, `Computing ${k === 'snip' ? 'SNIP' : 'Taylor'} gradient scores…`);
      scores[k] = await ctx.scores(k);
      done += DEFAULT_COSTS.scores;
    }
    const initial = jobs.some((j) => j.arm === 'rewound') ? await rewindTarget(ctx.graph) : null;
    const results: { acc: number; loss: number }[] = [];
    for (const job of jobs) {
      ctx.check();
      const what = `${methodLabel(job.method)}${job.layer ? ` · ${job.layer}` : ''} at ${(job.sparsity * 100).toFixed(job.sparsity >= 0.95 ? 1 : 0)}%`;
      ctx.progress(done, total, `${job.index + 1} of ${jobs.length}: ${what}`);
      const s = job.method === 'snip' || job.method === 'taylor' ? scores[job.method] : undefined;
      const masks = computeMasks(ctx.graph, ctx.weights, job.config, s);
      let res: { acc: number; loss: number };
      if (job.sameAs !== null) {
        res = results[job.sameAs];
      } else if (job.arm === 'oneshot') {
        const r = await ctx.evaluate(masks);
        res = { acc: r.accuracy, loss: r.loss };
      } else {
        const before = done;
        const trainShare = job.cost - DEFAULT_COSTS.evaluate;
        const onProgress = (p: TrainProgress): void =>
          ctx.progress(
            before + (trainShare * p.done) / Math.max(1, p.total),
            total,
            `${job.index + 1} of ${jobs.length}: ${what}, ${job.arm === 'finetuned' ? 'fine-tuning' : job.arm === 'rewound' ? 'retraining the rewound ticket' : 'training the re-initialised control'} (batch ${p.done} of ${p.total})`,
          );
        try {
          if (job.arm === 'rewound' && initial) {
            const rewound: WeightSet = {};
            for (const [k, w] of Object.entries(initial)) {
              const m = masks[k];
              rewound[k] = m ? w.map((v, i) => (m[i] ? v : 0)) : w;
            }
            await getEngine().setWeights(rewound);
          }
          await ctx.train(
            {
              maxBatches: job.trainBatches,
              masks,
              fromScratch: job.arm === 'reinit',
              seed: job.arm === 'reinit' ? ctx.config.seed + 1000 : ctx.config.seed,
            },
            onProgress,
          );
          const r = await ctx.evaluate(masks);
          res = { acc: r.accuracy, loss: r.loss };
        } finally {
          await ctx.restore();
        }
      }
      results[job.index] = res;
      done += job.cost;
      ctx.row(
        {
          method: job.method,
          variant: job.arm,
          layer: job.layer ?? '',
          round: 0,
          target: job.sparsity,
          accuracy: res.acc,
          loss: res.loss,
        },
        masks,
      );
    }
    ctx.progress(total, total, 'Done');
  });
}

/** Records the row of one evaluated model of a gradual or iterative run (no layer). */
function evaluatedRow(
  ctx: RunContext,
  fields: { method: MethodId; variant: RowVariant; round: number; target: number },
  e: EvalResult,
  masks: MaskSet,
): void {
  ctx.row(
    {
      method: fields.method,
      variant: fields.variant,
      layer: '',
      round: fields.round,
      target: fields.target,
      accuracy: e.accuracy,
      loss: e.loss,
    },
    masks,
  );
}

/**
 * Publishes growing traces during a training: `push` copies them to the record at most every
 * 150 ms and on the last batch, `flush` at once. One publisher serves all arms of a run.
 */
function tracePublisher(ctx: RunContext): {
  push(p: TrainProgress, traces: RunTrace[]): void;
  flush(traces: RunTrace[]): void;
} {
  let last = 0;
  const flush = (traces: RunTrace[]): void => {
    for (const t of traces) ctx.trace({ ...t, points: [...t.points] });
  };
  return {
    push(p, traces) {
      const now = performance.now();
      if (now - last > 150 || p.done === p.total) {
        last = now;
        flush(traces);
      }
    },
    flush,
  };
}

/** Runs the method sweep from the sweep form. */
export function runSweep(): Promise<void> {
  return runPlanned(false);
}

/** Runs the sensitivity analysis from the sensitivity form. */
export function runSensitivity(): Promise<void> {
  return runPlanned(true);
}

/**
 * Gradual pruning during training against one-shot pruning to the same final sparsity, then
 * fine-tuned for the same number of batches; both evaluated, both from the workbench's weights.
 */
export async function runGradual(): Promise<void> {
  const f = getX().gradual;
  const settings: RunRecord['settings'] = { ...f };
  await run('gradual', 'full', settings, async (ctx) => {
    const c = DEFAULT_COSTS;
    const total = 2 * f.batches * c.trainBatch + 4 * c.evaluate;
    let done = 0;
    ctx.progress(0, total, 'Evaluating the unpruned model…');
    const reference = await referenceAccuracy(ctx);
    updateRecord('gradual', (r) => ({ ...r, reference }));
    done += c.evaluate;
    const base = uniformConfig(ctx.graph, ctx.config, f.method, 0);
    /** Evaluates one arm's masks and records its row. */
    const evaluateArm = async (label: string, variant: RowVariant, masks: MaskSet) => {
      ctx.progress(done, total, label);
      const e = await ctx.evaluate(masks);
      evaluatedRow(ctx, { method: f.method, variant, round: 0, target: f.finalSparsity }, e, masks);
      done += c.evaluate;
    };
    // Arm 1: gradual.
    const trace: RunTrace = {
      id: 'gradual-sparsity',
      label: 'gradual: sparsity in force',
      points: [],
    };
    const lossG: RunTrace = { id: 'gradual-loss', label: 'gradual', points: [] };
    const live = tracePublisher(ctx);
    const g = await ctx.train(
      {
        maxBatches: f.batches,
        gradual: {
          config: base,
          initialSparsity: f.initialSparsity,
          finalSparsity: f.finalSparsity,
          beginStep: f.beginStep,
          endStep: f.endStep,
          frequency: f.frequency,
          power: f.power,
        },
      },
      (p) => {
        // p.sparsity is what batch p.done - 1 trained with (masks update before a batch).
        trace.points.push({ x: p.done - 1, y: p.sparsity });
        lossG.points.push({ x: p.done, y: p.loss });
        live.push(p, [trace, lossG]);
        ctx.progress(
          done + c.trainBatch * p.done,
          total,
          `Gradual pruning: batch ${p.done} of ${p.total}, ${(p.sparsity * 100).toFixed(1)}% pruned`,
        );
      },
    );
    live.flush([trace, lossG]);
    done += f.batches * c.trainBatch;
    const gm =
      g.masks ?? computeMasks(ctx.graph, g.weights, setGlobalSparsity(base, f.finalSparsity));
    await evaluateArm('Evaluating the gradually pruned model…', 'gradual', gm);
    await ctx.restore();
    // Arm 2: one-shot, before and after fine-tuning.
    const om = computeMasks(ctx.graph, ctx.weights, setGlobalSparsity(base, f.finalSparsity));
    await evaluateArm('Evaluating one-shot pruning…', 'oneshot', om);
    const lossO: RunTrace = { id: 'oneshot-loss', label: 'one-shot, fine-tuned', points: [] };
    const oneTrace: RunTrace = {
      id: 'oneshot-sparsity',
      label: 'one-shot: sparsity in force',
      points: [],
    };
    try {
      await ctx.train({ maxBatches: f.batches, masks: om }, (p) => {
        lossO.points.push({ x: p.done, y: p.loss });
        oneTrace.points.push({ x: p.done - 1, y: p.sparsity });
        live.push(p, [lossO, oneTrace]);
        ctx.progress(
          done + c.trainBatch * p.done,
          total,
          `One-shot then fine-tune: batch ${p.done} of ${p.total}`,
        );
      });
      live.flush([lossO, oneTrace]);
      done += f.batches * c.trainBatch;
      await evaluateArm('Evaluating the fine-tuned one-shot model…', 'finetuned', om);
    } finally {
      await ctx.restore();
    }
    ctx.progress(total, total, 'Done');
  });
}

/**
 * Iterative magnitude pruning: `rounds` rounds of pruning a fraction of the surviving weights
 * (targets from core iterativeRounds, masks only ever grow sparser) and retraining with the masks
 * held; accuracy recorded after pruning and after retraining in each round.
 */
export async function runImp(): Promise<void> {
  const f = getX().imp;
  let targets: number[];
  try {
    if (!Number.isInteger(f.batchesPerRound) || f.batchesPerRound < 1)
      throw new Error('Batches per round must be a whole number ≥ 1.');
    targets = iterativeRounds(f.finalSparsity, f.rounds).targets;
  } catch (e) {
    pushNotice('error', errorText(e));
    return;
  }
  await run('imp', 'full', { ...f }, async (ctx) => {
    const c = DEFAULT_COSTS;
    const total = c.evaluate + targets.length * (2 * c.evaluate + f.batchesPerRound * c.trainBatch);
    let done = 0;
    ctx.progress(0, total, 'Evaluating the unpruned model…');
    const reference = await referenceAccuracy(ctx);
    updateRecord('imp', (r) => ({ ...r, reference }));
    done += c.evaluate;
    let weights = ctx.weights;
    let prev: MaskSet | null = null;
    const base = uniformConfig(ctx.graph, ctx.config, 'magnitude', 0);
    try {
      for (let r = 0; r < targets.length; r++) {
        const round = r + 1;
        const masks = computeMasks(ctx.graph, weights, setGlobalSparsity(base, targets[r]));
        if (prev)
          for (const [k, m] of Object.entries(masks))
            if (prev[k]) for (let i = 0; i < m.length; i++) m[i] &= prev[k][i];
        prev = masks;
        /** Evaluates this round's masks on the current weights and records the row. */
        const evaluateRound = async (variant: 'pruned' | 'retrained'): Promise<void> => {
          const e = await ctx.evaluate(masks);
          evaluatedRow(ctx, { method: 'magnitude', variant, round, target: targets[r] }, e, masks);
          done += c.evaluate;
        };
        ctx.progress(
          done,
          total,
          `Round ${round} of ${targets.length}: pruning to ${(targets[r] * 100).toFixed(1)}%`,
        );
        await evaluateRound('pruned');
        const before = done;
        const tr = await ctx.train({ maxBatches: f.batchesPerRound, masks }, (p) =>
          ctx.progress(
            before + c.trainBatch * p.done,
            total,
            `Round ${round} of ${targets.length}: retraining, batch ${p.done} of ${p.total}`,
          ),
        );
        weights = tr.weights;
        done += f.batchesPerRound * c.trainBatch;
        await evaluateRound('retrained');
      }
    } finally {
      await ctx.restore();
    }
    ctx.progress(total, total, 'Done');
  });
}

// ---------------------------------------------------------------------------------------------
// Forms, history and applying results.

/** Switches the experiments sub-view. */
export function setExperimentTab(tab: ExperimentTab): void {
  setX({ tab });
}

/** Updates the sweep form. */
export function patchSweep(p: Partial<SweepForm>): void {
  setX({ sweep: { ...getX().sweep, ...p } });
}

/** Updates the sensitivity form. */
export function patchSensitivity(p: Partial<SensitivityForm>): void {
  setX({ sensitivity: { ...getX().sensitivity, ...p } });
}

/** Updates the gradual form; changing the batch count rescales the schedule to its defaults. */
export function patchGradual(p: Partial<GradualForm>): void {
  const cur = getX().gradual;
  const next = { ...cur, ...p };
  if (p.batches !== undefined && p.batches !== cur.batches) {
    const d = defaultGradual(p.batches);
    Object.assign(next, { beginStep: d.beginStep, endStep: d.endStep, frequency: d.frequency });
  }
  setX({ gradual: next });
}

/** Updates the iterative-pruning form. */
export function patchImp(p: Partial<ImpForm>): void {
  setX({ imp: { ...getX().imp, ...p } });
}

/** Sets the sweep chart's x axis. */
export function setSweepAxis(axis: SweepAxis): void {
  setX({ sweepAxis: axis });
}

/** Loads the stored history once. */
export async function loadHistory(): Promise<void> {
  if (getX().historyLoaded) return;
  try {
    const history = await loadRuns();
    setX({ history, historyLoaded: true });
  } catch (e) {
    setX({ historyLoaded: true });
    pushNotice('warning', `The saved runs could not be read: ${errorText(e)}`);
  }
}

/** Deletes a stored run. */
export async function removeRun(id: string): Promise<void> {
  try {
    const history = await deleteRun(id);
    const [a, b] = getX().compare;
    setX({ history, compare: [a === id ? null : a, b === id ? null : b] });
  } catch (e) {
    pushNotice('error', `The run could not be deleted: ${errorText(e)}`);
  }
}

/** Picks the run for one side of the comparison. */
export function setCompare(side: 0 | 1, id: string | null): void {
  const c: [string | null, string | null] = [...getX().compare];
  c[side] = id;
  setX({ compare: c });
}

/**
 * The pruning setup of a per-layer allocation: `base` with `method`, each layer at its allocated
 * sparsity (0 when it has none), nothing locked, and the global slider at the allocation's total.
 */
export function allocationConfig(
  base: PruningConfig,
  method: MethodId,
  sparsities: Record<string, number>,
  total: number,
): PruningConfig {
  const layers: PruningConfig['layers'] = {};
  for (const name of Object.keys(base.layers))
    layers[name] = { sparsity: sparsities[name] ?? 0, locked: false };
  return { ...base, method, globalSparsity: total, layers };
}

/** Makes a per-layer allocation the workbench's setup (method and per-layer sparsities). */
export async function applyAllocation(
  method: MethodId,
  sparsities: Record<string, number>,
  total: number,
): Promise<void> {
  await applyConfig(allocationConfig(useApp.getState().config, method, sparsities, total));
  pushNotice(
    'info',
    'The allocation is now the workbench setup: open the Workbench to see each layer.',
  );
}
