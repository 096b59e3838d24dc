/**
 * Store actions: loading a model, moving sliders, undo/redo, evaluation and training. The masks are
 * computed here, on the main thread, by the same core function the engine uses, so what the heatmap
 * shows is exactly what the model is evaluated with.
 */
import { computeMasks } from '../core/index.ts';
import type { MaskSet, MethodId, PruningConfig } from '../core/types.ts';
import type { DatasetId } from '../data/types.ts';
import { getEngine, progressProxy, restartEngine } from '../engine/client.ts';
import { APP_PROGRESS, type ModelId, type TrainProgress } from '../engine/api.ts';
import { methodInfo } from '../core/methods.ts';
import { createEvalScheduler } from './evaluation.ts';
import { dismissNotice, pushNotice, useApp, type AppState } from './index.ts';
import {
  emptyConfig,
  networkMetrics,
  normaliseConfig,
  patchLayer,
  prunableLayers,
  setGlobalSparsity,
  setLayerSparsity,
} from '../core/index.ts';
import { record, redo as redoStep, undo as undoStep } from './pruning.ts';
import { MODEL_DATASETS, validateLayers } from './url.ts';

const get = (): AppState => useApp.getState();
const set = useApp.setState;

/** Turns anything thrown into a sentence for the screen. */
export function errorText(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}

/** Pause after a preview before the full test set is evaluated (a drag keeps it from starting). */
const FULL_SETTLE_MS = 350;

const scheduler = createEvalScheduler(
  (masks, subset) => getEngine().evaluate(masks, subset),
  (r, version) => {
    if (r.subset === 'preview') set({ preview: { ...r, version }, evalError: null });
    else set({ full: { ...r, version }, evalError: null });
  },
  (e) => {
    set({ evalError: errorText(e) });
    pushNotice('error', `Evaluation failed: ${errorText(e)}`);
  },
  FULL_SETTLE_MS,
);

/** Which gradient scores the config needs. */
function neededScores(config: PruningConfig): ('snip' | 'taylor')[] {
  const methods = new Set<MethodId>([
    config.method,
    ...Object.values(config.layers).map((l) => l.method ?? config.method),
  ]);
  return (['snip', 'taylor'] as const).filter((k) => methods.has(k));
}

let applyToken = 0;
/** Evaluation requests waiting for the next paint. */
let deferred = 0;

/** Resolves when the workbench's own evaluations (deferred or running) are all done. */
export async function evaluationsIdle(): Promise<void> {
  while (deferred > 0) await new Promise((r) => setTimeout(r, 16));
  await scheduler.idle();
}

/**
 * Runs `fn` once the browser has painted the current frame, so the engine's work (which shares the
 * CPU with a software GPU on machines without one) starts after the heatmap is on screen.
 */
function afterPaint(fn: () => void): void {
  let done = false;
  const run = (): void => {
    if (done) return;
    done = true;
    fn();
  };
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(run, 0));
  // A hidden tab gets no animation frames: do not wait for one longer than this.
  setTimeout(run, 100);
}

/**
 * Makes `config` current: computes the masks (fetching gradient scores first if a method needs
 * them) and asks for an evaluation. Invalid setups leave the previous masks in place with a notice.
 */
export async function applyConfig(config: PruningConfig): Promise<void> {
  const { graph, weights } = get();
  if (!graph || !weights) return;
  const token = ++applyToken;
  set({ config });
  let scores = get().scores;
  const missing = neededScores(config).filter((k) => !scores[k]);
  if (missing.length > 0) {
    try {
      for (const k of missing) {
        const s = await getEngine().gradientScores(k, {});
        scores = { ...scores, [k]: s };
      }
      set({ scores });
    } catch (e) {
      pushNotice('error', `Could not compute gradient scores: ${errorText(e)}`);
      return;
    }
    if (token !== applyToken) return;
  }
  let masks: MaskSet;
  try {
    masks = computeMasksFor(config);
  } catch (e) {
    pushNotice('error', errorText(e));
    return;
  }
  const maskVersion = get().maskVersion + 1;
  set({ masks, maskVersion, metrics: networkMetrics(graph, masks) });
  deferred++;
  afterPaint(() => {
    deferred--;
    if (get().maskVersion === maskVersion) scheduler.request(masks, maskVersion);
  });
}

/** computeMasks with the scores of whichever gradient method each layer uses. */
function computeMasksFor(config: PruningConfig): MaskSet {
  const { graph, weights, scores } = get();
  if (!graph || !weights) return {};
  const kinds = neededScores(config);
  if (kinds.length <= 1)
    return computeMasks(graph, weights, config, kinds[0] ? scores[kinds[0]] : undefined);
  // Both SNIP and Taylor in one setup: compute each method's layers with its own scores.
  const snipMasks = computeMasks(graph, weights, config, scores.snip);
  const taylorMasks = computeMasks(graph, weights, config, scores.taylor);
  const out: MaskSet = {};
  for (const layer of graph.layers) {
    const m = config.layers[layer.name]?.method ?? config.method;
    const src = m === 'taylor' ? taylorMasks : snipMasks;
    for (const t of layer.tensors) if (src[t.key]) out[t.key] = src[t.key];
  }
  return out;
}

type Phase = 'change' | 'commit';

/** Applies a change as part of a drag (one undo step per drag) or as a single step. */
function change(next: PruningConfig, phase: Phase): void {
  const s = get();
  const origin = s.dragOrigin ?? s.config;
  if (phase === 'change') set({ dragOrigin: origin });
  else set({ dragOrigin: null, history: record(s.history, origin, next) });
  // A slider reports a keyboard step twice (change, then commit): compute and evaluate it once.
  if (JSON.stringify(next) !== JSON.stringify(s.config)) void applyConfig(next);
}

export function setGlobal(v: number, phase: Phase = 'commit'): void {
  change(setGlobalSparsity(get().config, v), phase);
}

export function setLayer(layer: string, v: number, phase: Phase = 'commit'): void {
  change(setLayerSparsity(get().config, layer, v), phase);
}

export function setMethod(method: MethodId): void {
  change({ ...get().config, method }, 'commit');
}

export function setLayerMethod(layer: string, method: MethodId | undefined): void {
  change(patchLayer(get().config, layer, { method }), 'commit');
}

export function toggleLock(layer: string): void {
  const l = get().config.layers[layer];
  if (l) change(patchLayer(get().config, layer, { locked: !l.locked }), 'commit');
}

export function toggleRemoved(layer: string): void {
  const l = get().config.layers[layer];
  if (l) change(patchLayer(get().config, layer, { removed: !l.removed }), 'commit');
}

export function undo(): void {
  const s = get();
  const r = undoStep(s.history, s.config);
  if (r) {
    set({ history: r.history });
    void applyConfig(r.config);
  }
}

export function redo(): void {
  const s = get();
  const r = redoStep(s.history, s.config);
  if (r) {
    set({ history: r.history });
    void applyConfig(r.config);
  }
}

/** Back to the unpruned pretrained model (an undoable step for the pruning part). */
export async function resetAll(): Promise<void> {
  const { modelId, datasetId, graph, config } = get();
  if (!graph) return;
  await loadModel(modelId, datasetId, { keepHistory: true });
  const fresh = emptyConfig(graph, config.method, config.seed);
  set({ history: record(get().history, config, fresh) });
  await applyConfig(fresh);
}

let backendPromise: Promise<void> | null = null;

/** Starts the engine once and records the backend it got. */
export function initEngine(): Promise<void> {
  backendPromise ??= getEngine()
    .init()
    .then((backend) => {
      set({ backend });
      if (backend.fallbackReason) pushNotice('warning', backend.fallbackReason);
    });
  return backendPromise;
}

/**
 * Loads a pretrained model on a dataset. `pending` carries a config from the URL to apply once the
 * graph is known (stale layer names are repaired with a notice).
 */
export async function loadModel(
  modelId: ModelId,
  datasetId: DatasetId,
  opts: { pending?: PruningConfig; keepHistory?: boolean } = {},
): Promise<void> {
  if (!MODEL_DATASETS[modelId].includes(datasetId)) datasetId = MODEL_DATASETS[modelId][0];
  set({ modelId, datasetId, status: 'loading', error: null });
  try {
    await initEngine();
    const r = await getEngine().load(modelId, datasetId);
    const prunable = prunableLayers(r.graph);
    let config = emptyConfig(r.graph, get().config.method, get().config.seed);
    if (opts.pending) {
      const removable = r.graph.layers.filter((l) => l.removable).map((l) => l.name);
      const v = validateLayers(opts.pending.layers, prunable, removable);
      v.notices.forEach((n) => pushNotice('warning', n));
      config = normaliseConfig(r.graph, { ...opts.pending, layers: v.layers });
    }
    const selected = get().selectedLayer;
    set({
      graph: r.graph,
      weights: r.weights,
      backend: r.backend,
      pretrainedAccuracy: r.pretrainedAccuracy,
      baseline: null,
      baselinePreview: null,
      metrics: null,
      scores: {},
      preview: null,
      full: null,
      curve: null,
      status: 'ready',
      selectedLayer: selected && prunable.includes(selected) ? selected : (prunable[0] ?? null),
      history: opts.keepHistory ? get().history : { past: [], future: [] },
      trainHistory: [],
      progress: null,
    });
    if (r.pretrainedAccuracy === null)
      pushNotice(
        'info',
        `No pretrained ${modelId} is shipped for this dataset yet, so it starts untrained (random weights). Press Train to train it here.`,
      );
    await applyConfig(config);
    const weights = r.weights;
    void (async () => {
      // The user's own evaluation goes first; the unpruned reference follows when the engine is free.
      await evaluationsIdle();
      const baselinePreview = await getEngine().evaluate({}, 'preview');
      if (get().weights === weights) set({ baselinePreview });
      const baseline = await getEngine().evaluate({}, 'full');
      if (get().weights === weights) set({ baseline });
    })().catch(() => undefined);
  } catch (e) {
    set({ status: 'error', error: errorText(e) });
  }
}

/** Restarts the engine after a crash or a lost WebGL context, keeping everything the user set. */
export async function recoverEngine(reason: string): Promise<void> {
  const { modelId, datasetId, config, weights } = get();
  restartEngine();
  backendPromise = null;
  pushNotice('warning', `${reason} The engine was restarted; your pruning setup is kept.`);
  await loadModel(modelId, datasetId, { pending: config, keepHistory: true });
  if (weights) await getEngine().setWeights(weights);
}

export function selectLayer(name: string): void {
  set({ selectedLayer: name });
}

export function setTheme(theme: 'light' | 'dark'): void {
  set({ theme });
}

export { dismissNotice };

/**
 * Trains (fine-tunes the pruned model with masks held, or from scratch) with progress.
 * @param maxBatches stop after this many batches (1 = one step)
 */
export async function startTraining(maxBatches?: number): Promise<void> {
  const s = get();
  if (s.trainStatus !== 'idle' || !s.graph) return;
  set({ trainStatus: 'running', trainHistory: [], progress: null });
  let last = 0;
  const onProgress = (p: TrainProgress): void => {
    const now = performance.now();
    useApp.setState((st) => ({ trainHistory: [...st.trainHistory, p] }));
    if (now - last > 100 || p.done === p.total) {
      last = now;
      set({ progress: p });
    }
  };
  try {
    const r = await getEngine().train(
      {
        epochs: s.epochs,
        batchSize: s.batchSize,
        learningRate: s.learningRate,
        optimizer: 'adam',
        seed: s.config.seed,
        // A single step always continues from the current weights.
        fromScratch: s.trainMode === 'scratch' && maxBatches === undefined,
        masks: s.masks,
        ...APP_PROGRESS,
        ...(maxBatches !== undefined ? { maxBatches } : {}),
      },
      progressProxy(onProgress),
    );
    if (s.trainMode === 'scratch' && maxBatches === undefined && r.initial)
      await getEngine().setInitialWeights(r.initial);
    set({ weights: r.weights, scores: {}, trainStatus: 'idle' });
    if (r.cancelled) pushNotice('info', 'Training cancelled; the weights so far are kept.');
    await applyConfig(get().config);
  } catch (e) {
    set({ trainStatus: 'idle' });
    pushNotice('error', `Training stopped: ${errorText(e)}`);
  }
}

export function pauseTraining(): void {
  if (get().trainStatus !== 'running') return;
  void getEngine().pause();
  set({ trainStatus: 'paused' });
}

export function resumeTraining(): void {
  if (get().trainStatus !== 'paused') return;
  void getEngine().resume();
  set({ trainStatus: 'running' });
}

export function cancelTraining(): void {
  void getEngine().cancel();
}

export function setTrainOptions(
  o: Partial<Pick<AppState, 'epochs' | 'learningRate' | 'batchSize' | 'trainMode'>>,
): void {
  set(o);
}

/** Recomputes the accuracy-vs-sparsity curve of the current method (uniform sparsity). */
export async function computeCurve(
  grid: number[] = [0, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.98],
): Promise<void> {
  const { graph, weights, config } = get();
  if (!graph || !weights) return;
  const method = config.method;
  const fixed = methodInfo(method).fixedSparsity;
  const points: { x: number; y: number }[] = [];
  const sparsities = fixed !== undefined ? [0, fixed] : grid;
  for (const sp of sparsities) {
    // Each curve point waits until the workbench's own evaluations are done: they come first.
    await evaluationsIdle();
    const c = setGlobalSparsity(
      {
        ...config,
        layers: Object.fromEntries(
          Object.entries(config.layers).map(([k, l]) => [
            k,
            { ...l, method: undefined, locked: false },
          ]),
        ),
      },
      sp,
    );
    if (get().config.method !== method || get().weights !== weights) return; // superseded
    const masks = computeMasksFor(c);
    const r = await getEngine().evaluate(masks, 'preview');
    points.push({ x: sp, y: r.accuracy });
    set({ curve: { method, points: [...points], version: get().maskVersion } });
  }
}
