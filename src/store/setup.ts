/**
 * The setup on screen: computing its masks (fetching gradient scores first when a method needs
 * them), asking the engine to evaluate them, and the slider actions. Masks are computed here with
 * the same core function the engine uses, so what the heatmap shows is what is evaluated.
 * Every result is checked against the setup version, the weights version and the model before it
 * lands, so a result for an older setup is dropped, never shown.
 */
import { MaskMemo, computeMasks, needsGradients, networkMetrics } from '../core/index.ts';
import type { MaskSet, MethodId, PruningConfig, ScoreSet, WeightSet } from '../core/types.ts';
import type { EvalResult } from '../engine/api.ts';
import { AbortedError, isAborted, type Stamped } from '../engine/client.ts';
import { engineClient } from './engine.ts';
import { createEvalScheduler } from './evaluation.ts';
import { pushNotice, useApp, type AppState } from './index.ts';

const get = (): AppState => useApp.getState();
const set = useApp.setState;

/** Turns anything thrown into a sentence for the screen. */
export function errorText(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}

/** Pause after a preview before the full test set is evaluated (a drag keeps it from starting). */
const FULL_SETTLE_MS = 350;

/** Aborts every workbench request of the current model (replaced on each model load). */
let epoch = new AbortController();

/** Drops every workbench request still queued (the model or its weights are changing). */
export function abortWorkbenchRequests(): AbortSignal {
  epoch.abort();
  epoch = new AbortController();
  return epoch.signal;
}

/**
 * Makes `weights` (held by the engine as `version`) the workbench's weights: requests that need
 * the old weights could never run, so they are aborted; scores and baselines of the old weights
 * are dropped with them.
 */
export function setWorkbenchWeights(weights: WeightSet, version: number): void {
  abortWorkbenchRequests();
  set({ weights, weightsVersion: version, scores: {}, baseline: null, baselinePreview: null });
}

/** The signal of the current workbench requests. */
export function workbenchSignal(): AbortSignal {
  return epoch.signal;
}

/** True when a stamped result belongs to the model and weights on screen. */
export function isForCurrentWeights(r: Stamped<unknown>): boolean {
  const s = get();
  return r.model === s.modelId && r.weights === s.weightsVersion;
}

const scheduler = createEvalScheduler<Stamped<EvalResult>>(
  (masks, subset, version) =>
    // A pass of a setup replaced meanwhile (a full pass after a new model's load began) is never
    // asked for: it would wait on weights the engine no longer holds.
    version !== get().maskVersion
      ? Promise.reject(new AbortedError())
      : engineClient().call('evaluate', [masks, subset], {
          priority: subset === 'preview' ? 'interactive' : 'full',
          needs: get().weightsVersion,
          masks: get().maskVersion,
          signal: epoch.signal,
        }),
  (r, version) => {
    if (!isForCurrentWeights(r) || version !== get().maskVersion) return;
    const res = { ...r.value, version };
    if (r.value.subset === 'preview') set({ preview: res, evalError: null });
    else set({ full: res, evalError: null });
  },
  (e) => {
    if (isAborted(e)) return;
    set({ evalError: errorText(e) });
    pushNotice('error', `Evaluation failed: ${errorText(e)}`);
  },
  FULL_SETTLE_MS,
);

/** Which gradient scores the config needs. */
export function neededScores(config: PruningConfig): ('snip' | 'taylor')[] {
  const methods = new Set<MethodId>([
    config.method,
    ...Object.values(config.layers).map((l) => l.method ?? config.method),
  ]);
  return [...methods].filter(needsGradients);
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

/** Fetches the gradient scores `config` needs for the current weights; null when it failed. */
async function fetchScores(config: PruningConfig): Promise<AppState['scores'] | null> {
  let scores = get().scores;
  const missing = neededScores(config).filter((k) => !scores[k]);
  if (missing.length === 0) return scores;
  const weights = get().weights;
  try {
    for (const k of missing) {
      set({
        scoresState: {
          kind: 'computing',
          label: `${k === 'snip' ? 'SNIP' : 'Taylor'} gradient scores`,
        },
      });
      const r = await engineClient().call('gradientScores', [k, {}], {
        priority: 'interactive',
        needs: get().weightsVersion,
        signal: epoch.signal,
      });
      if (!isForCurrentWeights(r) || get().weights !== weights) return null;
      scores = { ...scores, [k]: r.value };
    }
    set({ scores, scoresState: null });
    return scores;
  } catch (e) {
    if (isAborted(e)) return null;
    const message = `Could not compute gradient scores: ${errorText(e)}`;
    set({ scoresState: { kind: 'failed', message } });
    pushNotice('error', message);
    return null;
  }
}

/**
 * Makes `config` current: the setup version moves on at once (so every number of the previous
 * setup reads as previous), then the masks are computed (after gradient scores, if needed) and
 * an evaluation is asked for. An invalid setup keeps its config with a notice and no result.
 * When no scores need fetching, config and masks change in ONE store update, in the caller's task
 * (a slider step is one render: slider, heatmap, histogram and bars together). The evaluation is
 * asked for once the browser has painted, or with `now` in the same task (before the store change
 * renders: a model's first readout does not wait for the first render of its workbench).
 */
export async function applyConfig(
  config: PruningConfig,
  opts: { now?: boolean } = {},
): Promise<void> {
  const { graph, weights, scores: held } = get();
  if (!graph || !weights) return;
  const token = ++applyToken;
  const maskVersion = get().maskVersion + 1;
  const fresh = { config, maskVersion, evalError: null, scoresState: null };
  let scores: AppState['scores'] | null = held;
  if (neededScores(config).some((k) => !held[k])) {
    set(fresh);
    scores = await fetchScores(config);
    if (!scores || token !== applyToken) return;
  }
  let masks: MaskSet;
  try {
    masks = masksFor(config, scores, stepMemos);
  } catch (e) {
    set({ ...fresh, evalError: errorText(e) });
    pushNotice('error', errorText(e));
    return;
  }
  set({ ...fresh, masks, masksVersion: maskVersion, metrics: networkMetrics(graph, masks) });
  if (opts.now) return scheduler.request(masks, maskVersion);
  deferred++;
  afterPaint(() => {
    deferred--;
    if (get().maskVersion === maskVersion) scheduler.request(masks, maskVersion);
  });
}

/** Gradient scores by kind ('none' for a setup that needs none). */
type ScoreKind = 'none' | 'snip' | 'taylor';

/**
 * The workbench's memos of mask parts, one per scores kind: a slider step recomputes only the
 * moved layer's masks (see core/maskMemo.ts; a change of weights or scores starts afresh).
 */
const stepMemos: Record<ScoreKind, MaskMemo> = {
  none: new MaskMemo(),
  snip: new MaskMemo(),
  taylor: new MaskMemo(),
};

/**
 * computeMasks with the scores of whichever gradient method each layer uses.
 * @param memos where to keep parts for the next call (the workbench's setup only)
 */
export function masksFor(
  config: PruningConfig,
  scores: Partial<Record<'snip' | 'taylor', ScoreSet>> = get().scores,
  memos?: Record<ScoreKind, MaskMemo>,
): MaskSet {
  const { graph, weights } = get();
  if (!graph || !weights) return {};
  const kinds = neededScores(config);
  const masks = (kind: ScoreKind): MaskSet =>
    computeMasks(graph, weights, config, kind === 'none' ? undefined : scores[kind], memos?.[kind]);
  if (kinds.length <= 1) return masks(kinds[0] ?? 'none');
  // Both SNIP and Taylor in one setup: compute each method's layers with its own scores.
  const snipMasks = masks('snip');
  const taylorMasks = masks('taylor');
  const out: MaskSet = {};
  for (const layer of graph.layers) {
    const m = config.layers[layer.name]?.method ?? config.method;
    const src = m === 'taylor' ? taylorMasks : snipMasks;
    for (const t of layer.tensors) if (src[t.key]) out[t.key] = src[t.key];
  }
  return out;
}
