/**
 * Undo/redo history of pruning configs, for the store.
 */
import type { PruningConfig } from '../core/types.ts';

/** Undo/redo history of configs. */
export interface History {
  past: PruningConfig[];
  future: PruningConfig[];
}

const MAX_HISTORY = 100;

/** Records `before` as an undo step (when it differs from `after`). */
export function record(h: History, before: PruningConfig, after: PruningConfig): History {
  if (JSON.stringify(before) === JSON.stringify(after)) return h;
  return { past: [...h.past, before].slice(-MAX_HISTORY), future: [] };
}

/** Steps back: returns the config to restore and the new history, or null when there is none. */
export function undo(
  h: History,
  current: PruningConfig,
): { config: PruningConfig; history: History } | null {
  const prev = h.past[h.past.length - 1];
  if (!prev) return null;
  return { config: prev, history: { past: h.past.slice(0, -1), future: [current, ...h.future] } };
}

/** Steps forward again. */
export function redo(
  h: History,
  current: PruningConfig,
): { config: PruningConfig; history: History } | null {
  const next = h.future[0];
  if (!next) return null;
  return { config: next, history: { past: [...h.past, current], future: h.future.slice(1) } };
}
