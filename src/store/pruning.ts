/**
 * Undo/redo history of setups (model, dataset and pruning config), as pure functions.
 */
import type { PruningConfig } from '../core/types.ts';
import type { DatasetId } from '../data/types.ts';
import type { CurrentModelId } from './index.ts';

/** What one undo step restores: the model, its dataset and the pruning config. */
export interface Setup {
  modelId: CurrentModelId;
  datasetId: DatasetId;
  config: PruningConfig;
  /**
   * A weight snapshot to bring back with this setup (id in the weight history), set on the setup
   * recorded before an experiment's result was applied, so Undo brings those weights back too.
   */
  weights?: string;
}

/** Undo/redo history of setups. */
export interface History<T = Setup> {
  past: T[];
  future: T[];
}

const MAX_HISTORY = 100;

/** Records `before` as an undo step (when it differs from `after`). */
export function record<T>(h: History<T>, before: T, after: T): History<T> {
  if (JSON.stringify(before) === JSON.stringify(after)) return h;
  return { past: [...h.past, before].slice(-MAX_HISTORY), future: [] };
}

/** Steps back: returns the config to restore and the new history, or null when there is none. */
export function undo<T>(h: History<T>, current: T): { setup: T; history: History<T> } | null {
  const prev = h.past[h.past.length - 1];
  if (prev === undefined) return null;
  return { setup: prev, history: { past: h.past.slice(0, -1), future: [current, ...h.future] } };
}

/** Steps forward again. */
export function redo<T>(h: History<T>, current: T): { setup: T; history: History<T> } | null {
  const next = h.future[0];
  if (next === undefined) return null;
  return { setup: next, history: { past: [...h.past, current], future: h.future.slice(1) } };
}
