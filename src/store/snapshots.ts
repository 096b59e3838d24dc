/**
 * The weight history of the workbench: snapshots of the weights (the checkpoint of each load, the
 * weights before and after each training run, the last weights of an interrupted run, each applied
 * experiment), kept in the store and, where the browser allows, in IndexedDB. Undo of a training
 * run and the restore offer after a reload set a snapshot's weights back without touching the
 * pruning setup.
 */
import type { WeightSet } from '../core/types.ts';
import {
  pushSnapshot,
  undoTo,
  type SnapshotKind,
  type WeightHistory,
  type WeightSnapshot,
} from '../experiments/weightHistory.ts';
import { weightStore, type WeightStore } from '../experiments/weightStore.ts';
import { engineClient } from './engine.ts';
import { pushNotice, useApp, type AppState } from './index.ts';
import { evaluateBaseline } from './session.ts';
import { applyConfig, errorText, setWorkbenchWeights } from './setup.ts';

const get = (): AppState => useApp.getState();
const set = useApp.setState;

let persistent: WeightStore | null = null;
/** The IndexedDB side of the history (created on first use; keeps nothing where storage is out). */
function stored(): WeightStore {
  return (persistent ??= weightStore());
}

/** Uses another store for the snapshots (tests: an in-memory IndexedDB, or none). */
export function setWeightStore(store: WeightStore): void {
  persistent = store;
}

/** The key snapshots are kept under: model and dataset, e.g. 'cnn/mnist'. */
export function modelKey(s: Pick<AppState, 'modelId' | 'datasetId'> = get()): string {
  return `${s.modelId}/${s.datasetId}`;
}

/** Histories waiting to be written to IndexedDB, the latest per model key. */
const unsaved = new Map<string, WeightHistory>();

/** Starts the waiting writes (never throws). */
function writeUnsaved(): void {
  const batch = [...unsaved];
  unsaved.clear();
  for (const [key, h] of batch)
    void stored()
      .save(h, key)
      .then((status) => set({ storage: status }))
      .catch(() => undefined);
}

/**
 * Writes the history of the current model to IndexedDB in the background, once the page is idle
 * (at most a second later, and at once when the page is left): a write clones every snapshot of
 * the model (up to eight sets of weights), which in the task of a click on ▶ Fine-tune or of a
 * run's end made that task a long one. Writes asked for meanwhile become one per model.
 */
function persist(): void {
  const first = unsaved.size === 0;
  unsaved.set(modelKey(), get().weightHistory);
  if (!first) return;
  if (typeof requestIdleCallback === 'function') {
    requestIdleCallback(writeUnsaved, { timeout: 1000 });
    addEventListener('pagehide', writeUnsaved, { once: true });
  } else setTimeout(writeUnsaved, 0);
}

/**
 * Adds a snapshot of `weights` (the current model's) and makes it current.
 * @param keep false keeps it in memory only (e.g. a periodic snapshot of a run on a large model)
 * @returns the snapshot as stored
 */
export function recordSnapshot(
  kind: SnapshotKind,
  weights: WeightSet,
  opts: { accuracy?: number; keep?: boolean } = {},
): WeightSnapshot {
  const { history, snapshot } = pushSnapshot(get().weightHistory, {
    ...kind,
    modelKey: modelKey(),
    weights,
    ...(opts.accuracy !== undefined ? { accuracy: opts.accuracy } : {}),
  });
  set({ weightHistory: history });
  if (opts.keep !== false) persist();
  return snapshot;
}

/** Drops the 'interrupted' snapshots of the current model taken since `since` (ms). */
export function dropInterrupted(since: number): void {
  const h = get().weightHistory;
  const key = modelKey();
  const entries = h.entries.filter(
    (e) => !(e.modelKey === key && e.kind === 'interrupted' && e.time >= since),
  );
  set({ weightHistory: { ...h, entries } });
}

/**
 * On a model load (before its checkpoint snapshot is pushed): probes storage and looks for the
 * weights of a run newer than the checkpoint from an earlier visit, offered for restoring.
 */
export async function checkRestoreOffer(): Promise<void> {
  const key = modelKey();
  try {
    const [status, offer, kept] = await Promise.all([
      stored().status(),
      stored().latestUnsavedRun(key),
      stored().load(key),
    ]);
    if (modelKey() !== key) return;
    const h = get().weightHistory;
    const known = new Set(h.entries.map((e) => e.id));
    const entries = [...kept.entries.filter((e) => !known.has(e.id)), ...h.entries];
    set({ storage: status, restoreOffer: offer, weightHistory: { ...h, entries } });
  } catch {
    set({ restoreOffer: null });
  }
}

/**
 * Makes snapshot `id` the workbench's weights (the pruning setup stays as it is), then evaluates
 * the setup on them.
 * @returns true when the weights were set
 */
export async function restoreSnapshot(id: string, what: string): Promise<boolean> {
  const target = undoTo(get().weightHistory, id);
  if (!target || get().trainStatus !== 'idle') return false;
  const client = engineClient();
  const version = client.nextVersion();
  try {
    await client.call('setWeights', [target.snapshot.weights], {
      priority: 'interactive',
      sets: version,
    });
  } catch (e) {
    pushNotice('error', `Could not bring back ${what}: ${errorText(e)}`);
    return false;
  }
  setWorkbenchWeights(target.snapshot.weights, version);
  set({ weightHistory: target.history });
  persist();
  await applyConfig(get().config);
  void evaluateBaseline();
  return true;
}

/** Undo of the last training run: the weights from before it are back, the setup unchanged. */
export async function undoTraining(): Promise<void> {
  const run = get().lastRun;
  if (!run) return;
  if (await restoreSnapshot(run.before, 'the weights from before training')) {
    set({ lastRun: null });
    pushNotice(
      'info',
      'Training undone: the weights from before the run are back; your pruning setup is unchanged.',
    );
  }
}

/** Restores the weights offered after a reload. */
export async function acceptRestoreOffer(): Promise<void> {
  const offer = get().restoreOffer;
  if (!offer) return;
  set({ restoreOffer: null });
  if (!get().weightHistory.entries.some((e) => e.id === offer.id))
    set({ weightHistory: pushSnapshot(get().weightHistory, offer).history });
  if (await restoreSnapshot(offer.id, `the weights of ${offer.label}`))
    pushNotice('info', `The weights of the last training run (${offer.label}) are back.`);
}

/** Declines the restore offer (the checkpoint stays). */
export function dismissRestoreOffer(): void {
  set({ restoreOffer: null });
}

/** Probes whether this browser keeps data across a reload (sets `storage`; never throws). */
export async function probeStorage(): Promise<void> {
  try {
    set({ storage: await stored().status() });
  } catch {
    set({ storage: null });
  }
}
