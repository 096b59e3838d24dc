/**
 * Training in the workbench (fine-tune with masks held, or from scratch), with progress and weight
 * snapshots. The weights before the run are kept (Undo training brings them back, the setup
 * untouched); a diverging run stops at its first non-finite batch with the old weights back; a lost
 * WebGL context restarts the engine with the last snapshot and resumes the run from that batch.
 * Trained weights get a new weights version, so anything computed on the old weights is dropped.
 */
import { proxy } from 'comlink';
import { APP_PROGRESS, isImportedId, type TrainProgress } from '../engine/api.ts';
import { isAborted } from '../engine/client.ts';
import type { TrainOptions, TrainResult, TrainSnapshot } from '../model/results.ts';
import type { WeightSet } from '../core/types.ts';
import type { WeightSnapshot } from '../experiments/weightHistory.ts';
import { undoTo } from '../experiments/weightHistory.ts';
import { engineClient } from './engine.ts';
import { dropNotice, pushNotice, useApp, type AppState } from './index.ts';
import { evaluateBaseline, forgetEngine, initEngine } from './session.ts';
import { applyConfig, errorText, setWorkbenchWeights, workbenchSignal } from './setup.ts';
import { dropInterrupted, recordSnapshot } from './snapshots.ts';
import { divergedText, lostText, TRAINING_RUNNING } from './trainMessages.ts';

const get = (): AppState => useApp.getState();
const set = useApp.setState;

/** Lost contexts survived in one run (each resumes it); one more ends the run with its weights. */
export const MAX_RESUMES = 3;

/** Keeps the latest progress at most ~10 times a second, and every report in the history. */
function progressSink(): (p: TrainProgress) => void {
  let last = 0;
  return (p) => {
    const now = performance.now();
    useApp.setState((st) => ({ trainHistory: [...st.trainHistory, p] }));
    if (now - last > 100 || p.done === p.total) {
      last = now;
      set({ progress: p });
    }
  };
}

/** Set by Cancel while the engine restarts after a lost context (no run to cancel then). */
let cancelRequested = false;

/** The options of the run the training bar asks for. */
function optionsFor(s: AppState, maxBatches?: number): TrainOptions {
  // A single step always continues from the current weights.
  const scratch = s.trainMode === 'scratch' && maxBatches === undefined;
  return {
    epochs: s.epochs,
    batchSize: s.batchSize,
    learningRate: s.learningRate,
    optimizer: 'adam',
    seed: s.config.seed,
    fromScratch: scratch,
    masks: s.masks,
    ...APP_PROGRESS,
    ...(maxBatches !== undefined ? { maxBatches } : {}),
  };
}

/** One call of the engine's train; periodic snapshots land in the weight history. */
async function runOnce(opts: TrainOptions): Promise<{ r: TrainResult; version: number }> {
  const client = engineClient();
  const version = client.nextVersion();
  const startAt = opts.startAt ?? 0;
  const onSnapshot = (snap: TrainSnapshot): void => {
    if (snap.done > startAt && get().trainStatus !== 'idle')
      recordSnapshot({ kind: 'interrupted', batch: snap.done }, snap.weights);
  };
  // Callbacks cross the worker boundary as comlink proxies (a plain function cannot be cloned).
  const { value: r } = await client.call(
    'train',
    [opts, proxy(progressSink()), proxy(onSnapshot)],
    {
      priority: 'interactive',
      needs: get().weightsVersion,
      sets: version,
      signal: workbenchSignal(),
    },
  );
  return { r, version };
}

/**
 * After a lost context: a fresh engine, the model loaded and `weights` (the last snapshot) set.
 * @returns the weights version they have
 */
async function reloadEngineWith(weights: WeightSet): Promise<number> {
  const client = engineClient();
  client.restart('The graphics context was lost during training.');
  forgetEngine();
  await initEngine();
  const { modelId, datasetId, imported } = get();
  if (isImportedId(modelId)) {
    // An imported model is loaded again from the files this session holds.
    if (!imported || imported.id !== modelId)
      throw new Error('The imported model is no longer held here: open its files again.');
    await client.call('loadImported', [imported.files, datasetId], {
      priority: 'interactive',
      sets: client.nextVersion(),
      setsModel: modelId,
    });
  } else {
    await client.call('load', [modelId, datasetId], {
      priority: 'interactive',
      sets: client.nextVersion(),
      setsModel: modelId,
    });
  }
  const version = client.nextVersion();
  await client.call('setWeights', [weights], { priority: 'interactive', sets: version });
  setWorkbenchWeights(weights, version);
  return version;
}

/** The end of a run that diverged: the weights from before it are back (the engine set them). */
function finishDiverged(r: TrainResult, version: number, before: WeightSnapshot): void {
  if (r.stopped?.reason !== 'diverged') return;
  setWorkbenchWeights(r.weights, version);
  dropInterrupted(before.time);
  const back = undoTo(get().weightHistory, before.id);
  set({ lastRun: null, progress: null, ...(back ? { weightHistory: back.history } : {}) });
  pushNotice('error', divergedText(r.stopped, get().learningRate));
}

/** The end of a run that finished (or was cancelled): its weights become the workbench's. */
async function finishRun(
  r: TrainResult,
  version: number,
  before: WeightSnapshot,
  scratch: boolean,
): Promise<void> {
  if (scratch && r.initial)
    await engineClient().value('setInitialWeights', 'interactive', r.initial);
  setWorkbenchWeights(r.weights, version);
  dropInterrupted(before.time);
  const after = recordSnapshot({ kind: 'after-training' }, r.weights);
  set({ lastRun: { before: before.id, after: after.id } });
  if (r.cancelled) pushNotice('info', 'Training cancelled; the weights so far are kept.');
}

/**
 * A lost context mid-run: restarts the engine with the last snapshot's weights and says what was
 * kept. @returns the options to resume with, or null when the run ends here (cancelled, too many)
 */
async function recoverRun(
  r: TrainResult,
  opts: TrainOptions,
  losses: number,
): Promise<TrainOptions | null> {
  if (r.stopped?.reason !== 'context-lost') return null;
  const lastBatch = r.stopped.lastBatch;
  await reloadEngineWith(r.weights);
  if (lastBatch > (opts.startAt ?? 0))
    recordSnapshot({ kind: 'interrupted', batch: lastBatch }, r.weights);
  const resume = losses <= MAX_RESUMES && !cancelRequested;
  pushNotice('warning', lostText(lastBatch, opts, resume, losses));
  set({ progress: null, trainStatus: resume ? 'running' : 'idle' });
  return resume ? { ...opts, fromScratch: false, startAt: lastBatch } : null;
}

/**
 * Trains (fine-tunes the pruned model with masks held, or from scratch) with progress.
 * @param maxBatches stop after this many batches (1 = one step)
 */
export async function startTraining(maxBatches?: number): Promise<void> {
  const s = get();
  if (s.trainStatus !== 'idle' || !s.graph || !s.weights) return;
  cancelRequested = false;
  set({ trainStatus: 'running', trainHistory: [], progress: null });
  const before = recordSnapshot({ kind: 'before-training' }, s.weights);
  let opts: TrainOptions | null = optionsFor(s, maxBatches);
  const scratch = opts.fromScratch;
  try {
    let run = await runOnce(opts);
    for (let losses = 1; run.r.stopped?.reason === 'context-lost'; losses++) {
      opts = await recoverRun(run.r, opts, losses);
      if (!opts) {
        set({ lastRun: { before: before.id, after: null } });
        await applyConfig(get().config);
        void evaluateBaseline();
        return;
      }
      run = await runOnce(opts);
    }
    set({ trainStatus: 'idle' });
    if (run.r.stopped?.reason === 'diverged') finishDiverged(run.r, run.version, before);
    else await finishRun(run.r, run.version, before, scratch);
    await applyConfig(get().config);
    void evaluateBaseline();
  } catch (e) {
    set({ trainStatus: 'idle' });
    if (!isAborted(e)) pushNotice('error', `Training stopped: ${errorText(e)}`);
  } finally {
    if (get().trainStatus !== 'idle') set({ trainStatus: 'idle' });
    dropNotice(TRAINING_RUNNING);
  }
}

export function pauseTraining(): void {
  if (get().trainStatus !== 'running') return;
  void engineClient()
    .value('pause', 'immediate')
    .catch(() => undefined);
  set({ trainStatus: 'paused' });
}

export function resumeTraining(): void {
  if (get().trainStatus !== 'paused') return;
  void engineClient()
    .value('resume', 'immediate')
    .catch(() => undefined);
  set({ trainStatus: 'running' });
}

export function cancelTraining(): void {
  cancelRequested = true;
  void engineClient()
    .value('cancel', 'immediate')
    .catch(() => undefined);
}

export function setTrainOptions(
  o: Partial<Pick<AppState, 'epochs' | 'learningRate' | 'batchSize' | 'trainMode'>>,
): void {
  set(o);
}

/**
 * Measures dense, masked and compacted latency of the setup on screen, then the sparse kernel
 * against dense at every sparsity (both at the lowest priority).
 */
export async function measureLatency(): Promise<void> {
  const s = get();
  if (s.status !== 'ready' || s.masksVersion !== s.maskVersion) return;
  const version = s.maskVersion;
  set({ latencyState: 'running' });
  try {
    const r = await engineClient().call('latency', [s.masks, 64], {
      priority: 'latency',
      needs: s.weightsVersion,
      masks: version,
      signal: workbenchSignal(),
    });
    set({ latency: { result: r.value, version } });
    const sp = await engineClient().call('sparseLatency', [s.masks, 64], {
      priority: 'latency',
      needs: s.weightsVersion,
      masks: version,
      signal: workbenchSignal(),
    });
    set({ sparseLatency: { result: sp.value, version }, latencyState: 'idle' });
  } catch (e) {
    set({ latencyState: isAborted(e) ? 'idle' : { error: errorText(e) } });
  }
}
