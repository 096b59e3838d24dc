/**
 * The accuracy-vs-sparsity curve of the current method (uniform sparsity, preview subset), and
 * gradient scores fetched for views other than the workbench setup (mask comparison).
 */
import { methodInfo, networkMetrics, setGlobalSparsity } from '../core/index.ts';
import type { MaskSet, NetGraph, PruningConfig } from '../core/types.ts';
import { isAborted } from '../engine/client.ts';
import { engineClient } from './engine.ts';
import { pushNotice, useApp, type AppState, type CurvePoint } from './index.ts';
import {
  errorText,
  evaluationsIdle,
  isForCurrentWeights,
  masksFor,
  neededScores,
  workbenchSignal,
} from './setup.ts';

const get = (): AppState => useApp.getState();
const set = useApp.setState;

/** The config of one curve point: every layer at `sparsity` with the global method, unlocked. */
function uniform(config: PruningConfig, sparsity: number): PruningConfig {
  const layers = Object.fromEntries(
    Object.entries(config.layers).map(([k, l]) => [k, { ...l, method: undefined, locked: false }]),
  );
  return setGlobalSparsity({ ...config, layers }, sparsity);
}

/**
 * A curve point measured at slider setting `sparsity` with `masks`: x is the fraction of weights
 * those masks prune (networkMetrics' total weightSparsity, the quantity the marker is placed at),
 * y the accuracy (0..1).
 */
export function curvePoint(
  graph: NetGraph,
  masks: MaskSet,
  sparsity: number,
  accuracy: number,
): CurvePoint {
  return { x: networkMetrics(graph, masks).total.weightSparsity, y: accuracy, sparsity };
}

/**
 * Recomputes the accuracy-vs-sparsity curve of the current method. Each point waits until the
 * workbench's own evaluations are done; the curve stops when the method or the weights change.
 * A method that needs gradient scores waits for them (the setup fetches them).
 */
export async function computeCurve(
  grid: number[] = [0, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.98],
): Promise<void> {
  const { graph, config, weightsVersion } = get();
  if (!graph) return;
  const method = config.method;
  const fixed = methodInfo(method).fixedSparsity;
  const points: CurvePoint[] = [];
  for (const sp of fixed !== undefined ? [0, fixed] : grid) {
    await evaluationsIdle();
    const s = get();
    if (s.config.method !== method || s.weightsVersion !== weightsVersion) return; // superseded
    const c = uniform(config, sp);
    if (neededScores(c).some((k) => !s.scores[k])) return; // scores still being fetched
    const masks = masksFor(c);
    try {
      const r = await engineClient().call('evaluate', [masks, 'preview'], {
        priority: 'full',
        needs: weightsVersion,
        signal: workbenchSignal(),
      });
      if (!isForCurrentWeights(r) || get().config.method !== method) return;
      points.push(curvePoint(graph, masks, sp, r.value.accuracy));
      set({ curve: { method, points: [...points], version: weightsVersion } });
    } catch (e) {
      if (!isAborted(e)) pushNotice('error', `The accuracy curve stopped: ${errorText(e)}`);
      return;
    }
  }
}

/**
 * Fetches the gradient scores of `kinds` for the current weights (kept in the store); resolves
 * with them, or throws with a message.
 */
export async function ensureScores(
  kinds: readonly ('snip' | 'taylor')[],
): Promise<AppState['scores']> {
  for (const k of kinds) {
    if (get().scores[k]) continue;
    const r = await engineClient().call('gradientScores', [k, {}], {
      priority: 'interactive',
      needs: get().weightsVersion,
      signal: workbenchSignal(),
    });
    if (isForCurrentWeights(r)) set({ scores: { ...get().scores, [k]: r.value } });
  }
  return get().scores;
}
