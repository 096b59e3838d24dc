/**
 * A small bounded history of weight snapshots per model (the checkpoint, before and after each
 * training run, the last weights of an interrupted run, each applied experiment), so Undo of a
 * training run brings the old weights back and a lost context or a reload restores the latest
 * weights rather than the checkpoint. Pure functions on plain data; the store holds the value.
 */
import type { WeightSet } from '../core/types.ts';

/** What a snapshot holds. */
export type SnapshotKind =
  | { kind: 'checkpoint' }
  | { kind: 'before-training' }
  | { kind: 'after-training' }
  /** The last snapshot of a run that did not finish (lost context, reload): weights as of `batch`. */
  | { kind: 'interrupted'; batch: number }
  | { kind: 'experiment'; name: string };

/** One snapshot. `modelKey` names the model and dataset, e.g. 'cnn/mnist'. */
export type WeightSnapshot = SnapshotKind & {
  id: string;
  /** For display: 'checkpoint', 'before training', 'after training', 'batch 12 (interrupted)', 'applied experiment …'. */
  label: string;
  modelKey: string;
  weights: WeightSet;
  /** Test accuracy of these weights (0..1) when it is known. */
  accuracy?: number;
  /** ms since the epoch. */
  time: number;
};

/** The history: snapshots oldest first, and the one the model holds now. */
export interface WeightHistory {
  entries: readonly WeightSnapshot[];
  /** Id of the snapshot the model's weights are now, or null when none (or unknown). */
  current: string | null;
  /** When `current` was last set (ms since the epoch). */
  currentSince: number;
  /** Most snapshots kept per model; the oldest go first, the newest checkpoint stays. */
  cap: number;
}

/** Snapshots kept per model by default. */
export const HISTORY_CAP = 8;

export function emptyHistory(cap = HISTORY_CAP): WeightHistory {
  return { entries: [], current: null, currentSince: 0, cap: Math.max(2, cap) };
}

/** The display label of a kind. */
export function snapshotLabel(k: SnapshotKind): string {
  switch (k.kind) {
    case 'checkpoint':
      return 'checkpoint';
    case 'before-training':
      return 'before training';
    case 'after-training':
      return 'after training';
    case 'interrupted':
      return `batch ${k.batch} (interrupted)`;
    case 'experiment':
      return `applied experiment ${k.name}`;
  }
}

/** What pushSnapshot takes: a kind plus the weights; id, label and time are filled in. */
export type SnapshotInput = SnapshotKind & {
  modelKey: string;
  weights: WeightSet;
  accuracy?: number;
  time?: number;
  id?: string;
};

let counter = 0;
function newId(time: number): string {
  counter = (counter + 1) % 1e6;
  return `${time.toString(36)}-${counter.toString(36)}`;
}

/** Drops the oldest entries of `modelKey` beyond the cap, sparing its newest checkpoint. */
function capped(entries: WeightSnapshot[], modelKey: string, cap: number): WeightSnapshot[] {
  const mine = entries.filter((e) => e.modelKey === modelKey);
  let excess = mine.length - cap;
  if (excess <= 0) return entries;
  const keep = mine.filter((e) => e.kind === 'checkpoint').at(-1);
  const drop = new Set<string>();
  for (const e of mine) {
    if (excess <= 0) break;
    if (e === keep) continue;
    drop.add(e.id);
    excess--;
  }
  return entries.filter((e) => !drop.has(e.id));
}

/**
 * Adds a snapshot and makes it current. An 'interrupted' snapshot replaces a newest entry of the
 * same model that is also 'interrupted' (the periodic snapshots of one run), so a run leaves one.
 * @returns the new history and the snapshot as stored
 */
export function pushSnapshot(
  h: WeightHistory,
  input: SnapshotInput,
): { history: WeightHistory; snapshot: WeightSnapshot } {
  const time = input.time ?? Date.now();
  const snapshot = {
    ...input,
    id: input.id ?? newId(time),
    label: snapshotLabel(input),
    time,
  } as WeightSnapshot;
  let entries = [...h.entries];
  const last = entries.filter((e) => e.modelKey === input.modelKey).at(-1);
  if (snapshot.kind === 'interrupted' && last?.kind === 'interrupted')
    entries = entries.filter((e) => e !== last);
  entries.push(snapshot);
  entries = capped(entries, input.modelKey, h.cap);
  return { history: { ...h, entries, current: snapshot.id, currentSince: time }, snapshot };
}

/**
 * Makes snapshot `id` current (Undo to it; the later snapshots stay, for a redo by id).
 * @returns the new history and the snapshot whose weights to set, or null when `id` is unknown
 */
export function undoTo(
  h: WeightHistory,
  id: string,
  now = Date.now(),
): { history: WeightHistory; snapshot: WeightSnapshot } | null {
  const snapshot = h.entries.find((e) => e.id === id);
  if (!snapshot) return null;
  return { history: { ...h, current: id, currentSince: now }, snapshot };
}

/** Snapshots of one model, oldest first. */
export function snapshotsOf(h: WeightHistory, modelKey: string): WeightSnapshot[] {
  return h.entries.filter((e) => e.modelKey === modelKey);
}

/** The newest snapshot of a model (optionally of given kinds), or null. */
export function latestSnapshot(
  h: WeightHistory,
  modelKey: string,
  kinds?: readonly SnapshotKind['kind'][],
): WeightSnapshot | null {
  const list = snapshotsOf(h, modelKey).filter((e) => !kinds || kinds.includes(e.kind));
  return list.at(-1) ?? null;
}

/**
 * The target of a plain Undo: the snapshot before the current one of the same model (before the
 * newest when none is current), or null at the start of the history.
 */
export function undoTarget(h: WeightHistory, modelKey: string): WeightSnapshot | null {
  const list = snapshotsOf(h, modelKey);
  const at = list.findIndex((e) => e.id === h.current);
  const from = at < 0 ? list.length - 1 : at;
  return from > 0 ? list[from - 1] : null;
}

/**
 * The resume offer after a reload: the newest snapshot of `modelKey` taken during or after a
 * training run ('interrupted' or 'after-training') that is newer than the newest checkpoint
 * snapshot, unless the visitor deliberately moved away from it (an Undo to an older snapshot made
 * after it). Null when there is nothing to offer.
 */
export function unsavedRun(h: WeightHistory, modelKey: string): WeightSnapshot | null {
  const run = latestSnapshot(h, modelKey, ['interrupted', 'after-training']);
  if (!run) return null;
  const checkpoint = latestSnapshot(h, modelKey, ['checkpoint']);
  if (checkpoint && checkpoint.time > run.time) return null;
  const current = h.entries.find((e) => e.id === h.current);
  if (current && current.modelKey === modelKey && current !== run && h.currentSince > run.time)
    return null;
  return run;
}
