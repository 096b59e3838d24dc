/**
 * Experiment results and their history in the browser (IndexedDB through idb-keyval, key 'runs'),
 * so results survive a reload. Records are plain data: numbers, strings and arrays only.
 */
import { get, set, update } from 'idb-keyval';
import type { MethodId } from '../core/types.ts';

/** What kind of experiment produced a run. */
export type RunKind = 'sweep' | 'sensitivity' | 'gradual' | 'imp';

/**
 * How a result row was obtained: a sweep arm ('oneshot', 'finetuned', 'rewound', 'reinit'),
 * 'gradual' (pruned during training), or an iterative round ('pruned' before retraining,
 * 'retrained' after).
 */
export type RowVariant =
  'oneshot' | 'finetuned' | 'rewound' | 'reinit' | 'gradual' | 'pruned' | 'retrained';

/** One measured point. Sparsities are fractions; ratios dense/pruned; accuracy 0..1. */
export interface ResultRow {
  /** Id of the run the row belongs to. */
  run: string;
  method: MethodId;
  variant: RowVariant;
  /** The one layer pruned (sensitivity), else ''. */
  layer: string;
  /** Iterative round (1-based), else 0. */
  round: number;
  /** Target sparsity asked for. */
  target: number;
  /** Achieved sparsity over every weight of the network (networkMetrics total). */
  sparsity: number;
  compression: number;
  flopsRatio: number;
  accuracy: number;
  loss: number;
}

/** A line recorded during a run (e.g. the live sparsity trace of gradual pruning). */
export interface RunTrace {
  id: string;
  label: string;
  points: { x: number; y: number }[];
}

/** One experiment run as stored. */
export interface RunRecord {
  id: string;
  kind: RunKind;
  /** ms since the epoch. */
  createdAt: number;
  model: string;
  dataset: string;
  status: 'running' | 'done' | 'cancelled' | 'error';
  /** Test subset the accuracies were measured on. */
  subset: 'preview' | 'full';
  /** The settings, as plain data, for the history list and for repeating the run. */
  settings: Record<string, string | number | boolean | string[] | number[]>;
  /** Accuracy of the unpruned weights on the same subset, or null when unknown. */
  reference: number | null;
  rows: ResultRow[];
  traces: RunTrace[];
  /** Why the run stopped early, if it did. */
  message?: string;
}

const KEY = 'runs';
/** How many runs are kept; the oldest go first. */
export const MAX_RUNS = 50;

/** The list with `run` first (replacing a run with the same id), capped at `cap`. */
export function withRun(list: readonly RunRecord[], run: RunRecord, cap = MAX_RUNS): RunRecord[] {
  return [run, ...list.filter((r) => r.id !== run.id)].slice(0, cap);
}

/** The list without the run `id`. */
export function withoutRun(list: readonly RunRecord[], id: string): RunRecord[] {
  return list.filter((r) => r.id !== id);
}

/** Keeps only entries that look like runs (stored data may predate a schema change). */
export function validRuns(value: unknown): RunRecord[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (r): r is RunRecord =>
      typeof r === 'object' &&
      r !== null &&
      typeof (r as RunRecord).id === 'string' &&
      typeof (r as RunRecord).kind === 'string' &&
      Array.isArray((r as RunRecord).rows) &&
      Array.isArray((r as RunRecord).traces),
  );
}

/** Runs stored in this browser, newest first ([] when IndexedDB is unavailable). */
export async function loadRuns(): Promise<RunRecord[]> {
  if (typeof indexedDB === 'undefined') return [];
  return validRuns(await get(KEY));
}

/** Stores a run (newest first) and returns the new list. */
export async function saveRun(run: RunRecord): Promise<RunRecord[]> {
  if (typeof indexedDB === 'undefined') return [run];
  let out: RunRecord[] = [];
  await update(KEY, (old: unknown) => (out = withRun(validRuns(old), run)));
  return out;
}

/** Deletes a run and returns the new list. */
export async function deleteRun(id: string): Promise<RunRecord[]> {
  if (typeof indexedDB === 'undefined') return [];
  let out: RunRecord[] = [];
  await update(KEY, (old: unknown) => (out = withoutRun(validRuns(old), id)));
  return out;
}

/** Replaces the whole history (e.g. clearing it). */
export async function replaceRuns(runs: RunRecord[]): Promise<void> {
  if (typeof indexedDB === 'undefined') return;
  await set(KEY, runs);
}
