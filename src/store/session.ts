/**
 * The session: starting the engine, loading a model on a dataset, and recovering after the engine
 * was lost. A load replaces model, weights, masks, scores and results in ONE state change, and
 * every workbench request of the old model is aborted, so nothing of the old model reaches the
 * new one (masks of the cnn never meet the LSTM).
 */
import { emptyConfig, normaliseConfig, prunableLayers } from '../core/index.ts';
import type { PruningConfig } from '../core/types.ts';
import { MODEL_DATASETS } from '../data/models.ts';
import type { DatasetId } from '../data/types.ts';
import { isImportedId } from '../engine/api.ts';
import { isAborted } from '../engine/client.ts';
import { applyStoredOverrides } from './backends.ts';
import { engineClient } from './engine.ts';
import { loadImportedSetup } from './imported.ts';
import { pushNotice, useApp, type AppState, type CurrentModelId } from './index.ts';
import {
  abortWorkbenchRequests,
  applyConfig,
  errorText,
  evaluationsIdle,
  setWorkbenchWeights,
  workbenchSignal,
} from './setup.ts';
import { checkRestoreOffer, recordSnapshot } from './snapshots.ts';
import { validateLayers } from './url.ts';

const get = (): AppState => useApp.getState();
const set = useApp.setState;

let backendPromise: Promise<void> | null = null;

/** Starts the engine once and records the backend it got. */
export function initEngine(): Promise<void> {
  backendPromise ??= engineClient()
    .value('init', 'interactive')
    .then((backend) => {
      set({ backend });
      if (backend.fallbackReason) pushNotice('warning', backend.fallbackReason);
      return applyStoredOverrides();
    })
    .catch((e: unknown) => {
      backendPromise = null;
      throw e;
    });
  return backendPromise;
}

/** Forgets the started engine (after a restart), so the next load starts it again. */
export function forgetEngine(): void {
  backendPromise = null;
}

/** Everything tied to the loaded model and weights, cleared together when they change. */
export function clearedModelState(): Partial<AppState> {
  return {
    graph: null,
    weights: null,
    masks: {},
    metrics: null,
    scores: {},
    scoresState: null,
    preview: null,
    full: null,
    curve: null,
    baseline: null,
    baselinePreview: null,
    latency: null,
    sparseLatency: null,
    evalError: null,
    weightsVersion: 0,
  };
}

let loadToken = 0;

/** A new load token: a load that finds a newer token when it finishes drops its result. */
export function nextLoadToken(): number {
  return ++loadToken;
}

/** True while `token` is the newest load. */
export function isCurrentLoad(token: number): boolean {
  return token === loadToken;
}

/** The config to apply after loading: the pending one (repaired against the graph) or empty. */
export function configAfterLoad(graph: NonNullable<AppState['graph']>, pending?: PruningConfig) {
  const base = emptyConfig(graph, get().config.method, get().config.seed);
  if (!pending) return base;
  const prunable = prunableLayers(graph);
  const removable = graph.layers.filter((l) => l.removable).map((l) => l.name);
  const v = validateLayers(pending.layers, prunable, removable);
  v.notices.forEach((n) => pushNotice('warning', n));
  return normaliseConfig(graph, { ...pending, layers: v.layers });
}

/**
 * Loads a pretrained model on a dataset (a dataset the model does not fit becomes its default).
 * `pending` is a config to apply once the graph is known (stale layer names are repaired with a
 * notice). A newer load supersedes this one: its result is then ignored.
 */
export async function loadModel(
  modelId: CurrentModelId,
  datasetId: DatasetId,
  opts: { pending?: PruningConfig; keepHistory?: boolean; recovering?: boolean } = {},
): Promise<void> {
  if (isImportedId(modelId)) return loadImportedSetup(modelId, datasetId, opts);
  if (!MODEL_DATASETS[modelId].includes(datasetId)) datasetId = MODEL_DATASETS[modelId][0];
  const token = nextLoadToken();
  const previous = modelOnScreen();
  const signal = abortWorkbenchRequests();
  set({
    ...clearedModelState(),
    modelId,
    datasetId,
    status: 'loading',
    error: null,
    maskVersion: get().maskVersion + 1,
  });
  try {
    const client = engineClient();
    const version = client.nextVersion();
    // The load goes first: on a first start the engine fetches the files while its backend starts.
    const loading = client.call('load', [modelId, datasetId], {
      priority: 'interactive',
      sets: version,
      setsModel: modelId,
      signal,
    });
    const [, { value: r }] = await Promise.all([initEngine(), loading]);
    if (!isCurrentLoad(token)) return;
    const config = configAfterLoad(r.graph, opts.pending);
    const prunable = prunableLayers(r.graph);
    const selected = get().selectedLayer;
    set({
      graph: r.graph,
      weights: r.weights,
      weightsVersion: version,
      backend: r.backend,
      pretrainedAccuracy: r.pretrainedAccuracy,
      status: 'ready',
      selectedLayer: selected && prunable.includes(selected) ? selected : (prunable[0] ?? null),
      history: opts.keepHistory ? get().history : { past: [], future: [] },
      trainHistory: [],
      progress: null,
    });
    // The first readout's evaluation is asked for now, before this change renders the workbench.
    const applied = applyConfig(config, { now: true });
    if (!opts.recovering) {
      await checkRestoreOffer();
      if (token !== loadToken) return;
      recordSnapshot({ kind: 'checkpoint' }, r.weights);
      set({ lastRun: null });
    }
    if (r.pretrainedAccuracy === null)
      pushNotice(
        'info',
        `No pretrained ${modelId} is shipped for this dataset yet, so it starts untrained (random weights). Press Train to train it here.`,
      );
    await applied;
    void evaluateBaseline();
  } catch (e) {
    if (!isCurrentLoad(token) || isAborted(e)) return;
    if (!keepModelOnScreen(previous, e)) set({ status: 'error', error: errorText(e) });
  }
}

/** The model on screen and everything a load replaces (to put back after a refused load). */
function modelOnScreen(): Partial<AppState> {
  const s = get();
  const keys: (keyof AppState)[] = [
    ...(Object.keys(clearedModelState()) as (keyof AppState)[]),
    'modelId',
    'datasetId',
    'status',
    'error',
    'maskVersion',
    'masksVersion',
    'pretrainedAccuracy',
    'backend',
  ];
  return Object.fromEntries(keys.map((k) => [k, s[k]])) as Partial<AppState>;
}

/**
 * After a load failed (network gone, a checkpoint refused): when the engine still holds the model
 * that was on screen, that model comes back exactly as it was, with the error as a notice, so no
 * value of the old model ever stands for the one that failed.
 * @returns false when there is no model to keep (the failure then blocks the workbench)
 */
function keepModelOnScreen(previous: Partial<AppState>, e: unknown): boolean {
  const held = engineClient().holds();
  if (previous.status !== 'ready' || held.model !== previous.modelId) return false;
  if (held.weights !== previous.weightsVersion) return false;
  set(previous);
  pushNotice('error', errorText(e));
  const s = get();
  if (s.full?.version !== s.maskVersion) void applyConfig(s.config);
  if (!s.baseline) void evaluateBaseline();
  return true;
}

/**
 * Evaluates the unpruned weights (preview subset, then the full test set) as the reference the
 * accuracy readout and the accuracy curve compare against. Runs after the user's own evaluation.
 */
export async function evaluateBaseline(): Promise<void> {
  const weightsVersion = get().weightsVersion;
  const opts = { needs: weightsVersion, signal: workbenchSignal() };
  try {
    await evaluationsIdle();
    const client = engineClient();
    const p = await client.call('evaluate', [{}, 'preview'], { ...opts, priority: 'full' });
    if (get().weightsVersion === weightsVersion && p.weights === weightsVersion)
      set({ baselinePreview: p.value });
    const f = await client.call('evaluate', [{}, 'full'], { ...opts, priority: 'full' });
    if (get().weightsVersion === weightsVersion && f.weights === weightsVersion)
      set({ baseline: f.value });
  } catch (e) {
    if (!isAborted(e)) pushNotice('warning', `The unpruned reference failed: ${errorText(e)}`);
  }
}

/**
 * Restarts the engine after a crash or a lost WebGL context, keeping everything the user set and
 * the current weight snapshot (during a run: its last snapshot).
 * @param opts.crashed the worker crashed: a run in progress can never finish, so it ends here
 */
export async function recoverEngine(
  reason: string,
  opts: { crashed?: boolean } = {},
): Promise<void> {
  // A run recovers by itself from a lost context (its call settles with the last snapshot); after
  // a crash its call never settles, so the run ends and the restart below drops the call.
  const training = get().trainStatus !== 'idle';
  if (training && !opts.crashed) return;
  if (training) set({ trainStatus: 'idle', progress: null });
  const { modelId, datasetId, config, weightHistory } = get();
  const current = weightHistory.entries.find((e) => e.id === weightHistory.current);
  const weights =
    current && current.modelKey === `${modelId}/${datasetId}` ? current.weights : get().weights;
  engineClient().restart(reason);
  forgetEngine();
  pushNotice(
    'warning',
    `${reason} The engine was restarted; your pruning setup and ${current ? `the weights (${current.label})` : 'the weights'} are kept.${training ? ' The training run ended there: press Fine-tune to continue from these weights.' : ''}`,
  );
  await loadModel(modelId, datasetId, { pending: config, keepHistory: true, recovering: true });
  if (!weights) return;
  const client = engineClient();
  const version = client.nextVersion();
  await client.call('setWeights', [weights], { priority: 'interactive', sets: version });
  setWorkbenchWeights(weights, version);
  await applyConfig(get().config);
  void evaluateBaseline();
}
