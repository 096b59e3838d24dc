/**
 * Experiment actions: the forms, starting and cancelling a run (the runner in src/experiments does
 * the work over the engine client), the saved history and applying an allocation. A run starts
 * from a snapshot of the workbench and never changes the workbench's weights or baseline.
 */
import { parseGrid } from '../core/grid.ts';
import { defaultGradual } from '../core/schedules.ts';
import { planSweep, type SweepPlan } from '../core/sweep.ts';
import type { MethodId, PruningConfig } from '../core/types.ts';
import { deleteRun, loadRuns, saveRun } from '../experiments/history.ts';
import { runPlan } from '../experiments/planned.ts';
import type { SweepAxis } from '../experiments/report.ts';
import {
  newRecord,
  runExperiment,
  type RunContext,
  type RunEnv,
  type RunHooks,
} from '../experiments/runner.ts';
import {
  impTargets,
  runGradual as gradualBody,
  runImp as impBody,
  timelapseTarget,
} from '../experiments/schedules.ts';
import { applySetup } from './edits.ts';
import { engineClient } from './engine.ts';
import {
  FIXED_SPARSITY,
  useExperiments,
  type ExperimentTab,
  type GradualForm,
  type ImpForm,
  type RunKind,
  type RunRecord,
  type SensitivityForm,
  type SweepForm,
  type TimeLapseState,
} from './experimentsState.ts';
import { dropNotice, pushNotice, useApp } from './index.ts';
import { ensureScores } from './curve.ts';
import { errorText, masksFor } from './setup.ts';
import { recordSnapshot } from './snapshots.ts';
import { TRAINING_RUNNING } from './trainMessages.ts';

export * from './experimentsState.ts';
export * from '../experiments/report.ts';

const setX = useExperiments.setState;
const getX = useExperiments.getState;

let cancelFlag = false;

/** The checkpoint's initial weights for rewinding, kept per loaded weights version. */
let initialCache: { version: number; weights: import('../core/types.ts').WeightSet } | null = null;

async function persist(run: RunRecord): Promise<void> {
  try {
    const history = await saveRun(run);
    setX({ history, historyLoaded: true });
  } catch (e) {
    pushNotice('warning', `The run could not be saved in this browser: ${errorText(e)}`);
  }
}

/** The refusal of a second run while one runs (taken down when the run ends). */
export const ALREADY_RUNNING = 'An experiment is already running; wait for it or cancel it first.';

/** Why a run cannot start now, or null. */
function refusal(): string | null {
  const app = useApp.getState();
  if (getX().job) return ALREADY_RUNNING;
  if (app.trainStatus !== 'idle') return TRAINING_RUNNING;
  if (!app.graph || !app.weights || app.status !== 'ready') return 'The model is not loaded yet.';
  return null;
}

/** A snapshot of the workbench for the runner. */
function workbenchEnv(): RunEnv | null {
  const s = useApp.getState();
  if (!s.graph || !s.weights) return null;
  return {
    client: engineClient(),
    model: s.modelId,
    dataset: s.datasetId,
    graph: s.graph,
    weights: s.weights,
    weightsVersion: s.weightsVersion,
    config: s.config,
    batchSize: s.batchSize,
    learningRate: s.learningRate,
    baseline: s.baseline?.accuracy ?? null,
    scores: s.scores,
    ...(initialCache?.version === s.weightsVersion ? { initial: initialCache.weights } : {}),
  };
}

/** Hooks that publish a run's record and progress into the experiments slice. */
function storeHooks(kind: RunKind, runId: string, weightsVersion: number): RunHooks {
  return {
    onRecord: (r) => setX({ current: { ...getX().current, [kind]: r } }),
    onProgress: (p) => {
      const job = getX().job;
      if (job?.runId === runId) setX({ job: { ...job, ...p } });
    },
    onScores: (k, sc) => {
      if (useApp.getState().weightsVersion === weightsVersion)
        useApp.setState((st) => ({ scores: { ...st.scores, [k]: sc } }));
    },
    onInitial: (w) => {
      initialCache = { version: weightsVersion, weights: w };
    },
    cancelled: () => cancelFlag,
  };
}

/** Runs `body` as experiment `kind` from the workbench's current state, then saves the run. */
async function run(
  kind: RunKind,
  subset: 'preview' | 'full',
  settings: RunRecord['settings'],
  body: (ctx: RunContext) => Promise<void>,
): Promise<void> {
  const why = refusal();
  const env = workbenchEnv();
  if (why || !env) {
    pushNotice('info', why ?? 'The model is not loaded yet.');
    return;
  }
  cancelFlag = false;
  const record = newRecord(env, kind, subset, settings);
  setX({
    job: {
      kind,
      runId: record.id,
      status: 'running',
      fraction: 0,
      etaMs: null,
      label: 'Starting…',
    },
  });
  const final = await runExperiment(
    env,
    storeHooks(kind, record.id, env.weightsVersion),
    record,
    body,
  );
  if (final.status === 'error')
    pushNotice('error', `The experiment stopped: ${final.message ?? ''}`);
  setX({ job: null });
  dropNotice(ALREADY_RUNNING);
  if (final.rows.length + final.traces.length > 0) await persist(final);
}

/** Stops the run in progress after the current step (a running training stops at once). */
export function cancelExperiment(): void {
  const job = getX().job;
  if (!job) return;
  cancelFlag = true;
  setX({ job: { ...job, status: 'cancelling', label: 'Cancelling…' } });
  void engineClient().value('cancel', 'immediate');
}

/** The plan of a sweep or a sensitivity analysis from its form, or null with a notice. */
function planFor(sensitivity: boolean): SweepPlan | null {
  const app = useApp.getState();
  if (!app.graph) return null;
  const form = getX().sweep;
  const sens = getX().sensitivity;
  try {
    const grid = parseGrid(sensitivity ? sens.gridText : form.gridText);
    return planSweep(
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
    return null;
  }
}

/** Runs the method sweep from the sweep form. */
export async function runSweep(): Promise<void> {
  const plan = planFor(false);
  if (!plan) return;
  const f = getX().sweep;
  const settings = {
    methods: f.methods,
    grid: plan.grid,
    after: f.after,
    finetuneBatches: f.finetuneBatches,
  };
  await run('sweep', f.subset, settings, (ctx) => runPlan(ctx, plan));
}

/** Runs the sensitivity analysis from the sensitivity form. */
export async function runSensitivity(): Promise<void> {
  const plan = planFor(true);
  if (!plan) return;
  const f = getX().sensitivity;
  await run('sensitivity', f.subset, { method: f.method, grid: plan.grid }, (ctx) =>
    runPlan(ctx, plan),
  );
}

/**
 * Gradual pruning against one-shot then fine-tuned, from the workbench's weights, recording a
 * time-lapse of the chosen layer (else the workbench's selected layer) during the gradual arm.
 */
export async function runGradual(): Promise<void> {
  const f = getX().gradual;
  await run('gradual', 'full', { ...f }, (ctx) => {
    const app = useApp.getState();
    const target = timelapseTarget(ctx.graph, [getX().timelapseLayer, app.selectedLayer]);
    if (!target) return gradualBody(ctx, f);
    const runId = getX().job?.runId ?? '';
    const lapse: TimeLapseState = {
      runId,
      model: app.modelId,
      layer: target.layer.name,
      tensor: target.tensor,
      frames: null,
      backend: null,
    };
    setX({ timelapse: lapse });
    return gradualBody(ctx, f, {
      tensor: target.tensor,
      onFrames: (frames, backend) => {
        if (getX().timelapse?.runId === runId) setX({ timelapse: { ...lapse, frames, backend } });
      },
    });
  });
}

/** Chooses the layer the next gradual run records a time-lapse of. */
export function setTimelapseLayer(layer: string): void {
  setX({ timelapseLayer: layer });
}

/** Iterative magnitude pruning from the form. */
export async function runImp(): Promise<void> {
  const f = getX().imp;
  let targets: number[];
  try {
    targets = impTargets(f);
  } catch (e) {
    pushNotice('error', errorText(e));
    return;
  }
  await run('imp', 'full', { ...f }, (ctx) => impBody(ctx, f, targets));
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

/** Makes a per-layer allocation the workbench's setup (one undo step). */
export async function applyAllocation(
  method: MethodId,
  sparsities: Record<string, number>,
  total: number,
): Promise<void> {
  setX({ applied: { method, sparsities, total } });
  // The weights it is applied to are kept as a snapshot: Undo brings them back with the setup.
  const w = useApp.getState().weights;
  const kept = w ? recordSnapshot({ kind: 'experiment', name: 'sensitivity allocation' }, w) : null;
  await applySetup(
    { config: allocationConfig(useApp.getState().config, method, sparsities, total) },
    kept ? { weightsBefore: kept.id } : {},
  );
  pushNotice(
    'info',
    'The allocation is now the workbench setup: open the Workbench to see each layer.',
  );
}

/**
 * Evaluates a per-layer allocation on the workbench's weights without applying it (experiment
 * priority): resolves with its accuracy on `subset`, 0..1.
 */
export async function evaluateAllocation(
  method: MethodId,
  sparsities: Record<string, number>,
  total: number,
  subset: 'preview' | 'full',
): Promise<number> {
  const kinds = method === 'snip' || method === 'taylor' ? [method] : [];
  await ensureScores(kinds);
  const config = allocationConfig(useApp.getState().config, method, sparsities, total);
  const r = await engineClient().call('evaluate', [masksFor(config), subset], {
    priority: 'experiment',
    needs: useApp.getState().weightsVersion,
  });
  return r.value.accuracy;
}
