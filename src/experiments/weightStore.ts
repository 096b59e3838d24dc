/**
 * The weight history kept in IndexedDB (idb-keyval, database 'pruning-lab-weights'), one record per
 * model ('weights:<modelKey>'), so a reload can offer the weights of the last training run. Every
 * call checks storageStatus() first (once) and degrades to keeping nothing, saying why; no call
 * throws. Snapshots read back with non-finite weights are dropped.
 */
import { del, get, promisifyRequest, set, type UseStore } from 'idb-keyval';
import { findNonFinite } from '../core/finite.ts';
import { storageStatus, type StorageStatus } from './storage.ts';
import {
  emptyHistory,
  snapshotsOf,
  unsavedRun,
  type WeightHistory,
  type WeightSnapshot,
} from './weightHistory.ts';

/** What is stored per model. */
interface StoredHistory {
  format: 1;
  entries: WeightSnapshot[];
  current: string | null;
  currentSince: number;
}

export interface WeightStore {
  /** The storage probe's verdict (cached after the first call). */
  status(): Promise<StorageStatus>;
  /**
   * Writes the snapshots of `modelKey` (and the current pointer when it is one of them).
   * @returns 'ok', or why nothing was kept (e.g. the quota was hit while writing)
   */
  save(h: WeightHistory, modelKey: string): Promise<StorageStatus>;
  /** The stored history of `modelKey` (an empty one when nothing is stored or storage is out). */
  load(modelKey: string): Promise<WeightHistory>;
  /**
   * The resume offer on start: the stored snapshot of a training run newer than the checkpoint
   * (see unsavedRun), or null. Call before pushing the checkpoint snapshot of this page load.
   */
  latestUnsavedRun(modelKey: string): Promise<WeightSnapshot | null>;
  /** Forgets what is stored for `modelKey`. */
  clear(modelKey: string): Promise<void>;
}

export const WEIGHTS_DB = 'pruning-lab-weights';

/** idb-keyval's createStore on a given IndexedDB factory rather than the global one. */
export function createStoreOn(factory: IDBFactory, dbName: string, storeName: string): UseStore {
  const request = factory.open(dbName);
  request.onupgradeneeded = () => request.result.createObjectStore(storeName);
  const db = promisifyRequest(request);
  return (txMode, callback) =>
    db.then((d) => callback(d.transaction(storeName, txMode).objectStore(storeName)));
}
const recordKey = (modelKey: string) => `weights:${modelKey}`;

function isStored(v: unknown): v is StoredHistory {
  return (
    typeof v === 'object' &&
    v !== null &&
    (v as StoredHistory).format === 1 &&
    Array.isArray((v as StoredHistory).entries)
  );
}

/**
 * A WeightStore over IndexedDB.
 * @param factory the IndexedDB to use (the page's by default; undefined = none, nothing is kept)
 * @param cap snapshots per model in histories loaded back
 */
export function weightStore(
  factory: IDBFactory | undefined = (globalThis as { indexedDB?: IDBFactory }).indexedDB,
  cap?: number,
): WeightStore {
  let probe: Promise<StorageStatus> | null = null;
  let idb: UseStore | null = null;
  const status = (): Promise<StorageStatus> => (probe ??= storageStatus(factory));
  /** The idb-keyval store, or null when storage is out. */
  const store = async (): Promise<UseStore | null> => {
    if ((await status()).kind !== 'ok') return null;
    return (idb ??= createStoreOn(factory!, WEIGHTS_DB, 'snapshots'));
  };

  async function load(modelKey: string): Promise<WeightHistory> {
    const s = await store();
    const h = emptyHistory(cap);
    if (!s) return h;
    try {
      const v: unknown = await get(recordKey(modelKey), s);
      if (!isStored(v)) return h;
      const entries = v.entries.filter(
        (e) => e.modelKey === modelKey && findNonFinite(e.weights) === null,
      );
      const current = entries.some((e) => e.id === v.current) ? v.current : null;
      return { ...h, entries, current, currentSince: v.currentSince };
    } catch {
      return h;
    }
  }

  return {
    status,
    async save(h, modelKey) {
      const s = await store();
      if (!s) return status();
      const entries = snapshotsOf(h, modelKey);
      const current = entries.some((e) => e.id === h.current) ? h.current : null;
      const record: StoredHistory = { format: 1, entries, current, currentSince: h.currentSince };
      try {
        await set(recordKey(modelKey), record, s);
        return { kind: 'ok' };
      } catch (e) {
        const name = e instanceof Error || e instanceof DOMException ? e.name : '';
        return {
          kind: 'unavailable',
          problem: 'quota',
          reason: `The weights could not be kept for a reload (${name || 'write failed'}): the browser storage may be full; clear this site’s data to free space.`,
        };
      }
    },
    load,
    async latestUnsavedRun(modelKey) {
      return unsavedRun(await load(modelKey), modelKey);
    },
    async clear(modelKey) {
      const s = await store();
      if (s) await del(recordKey(modelKey), s).catch(() => undefined);
    },
  };
}
