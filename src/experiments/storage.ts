/**
 * An honest probe of the browser's IndexedDB: can this page keep data across a reload? Opens a
 * small probe database, writes and reads one value, and says why not when it cannot (no IndexedDB,
 * `open` throwing or failing, storage full, private browsing). Shared by everything the app keeps
 * in IndexedDB (weight snapshots, experiment runs), so the UI says one thing about storage.
 */

/** Why storage is unavailable, for code; `reason` says it in words a visitor can read. */
export type StorageProblem = 'missing' | 'open-failed' | 'quota' | 'private' | 'timeout';

export type StorageStatus =
  { kind: 'ok' } | { kind: 'unavailable'; problem: StorageProblem; reason: string };

/** The probe's database; it holds one small value and is kept (re-opening it is cheap). */
export const PROBE_DB = 'pruning-lab-probe';
const PROBE_STORE = 'probe';
/** How long the probe waits for IndexedDB to answer before calling it unavailable, in ms. */
export const PROBE_TIMEOUT_MS = 3000;

const REASONS: Record<StorageProblem, string> = {
  missing:
    'This browser offers no IndexedDB here, so nothing is kept after a reload: export results you want to keep.',
  'open-failed':
    'The browser refused to open storage for this page (storage may be blocked for this site), so nothing is kept after a reload: allow site data in the browser settings, or export results you want to keep.',
  quota:
    'The browser storage for this page is full, so nothing new is kept after a reload: free space by clearing this site’s data, or export results you want to keep.',
  private:
    'Storage is not available in a private window, so nothing is kept after a reload: open the page in a normal window, or export results you want to keep.',
  timeout:
    'The browser storage did not answer, so nothing may be kept after a reload: reload the page, or export results you want to keep.',
};

function unavailable(problem: StorageProblem): StorageStatus {
  return { kind: 'unavailable', problem, reason: REASONS[problem] };
}

/** Maps a DOMException (or anything thrown) from IndexedDB to the problem it reveals. */
export function problemOf(e: unknown, during: 'open' | 'write'): StorageProblem {
  const name = e instanceof Error || e instanceof DOMException ? e.name : '';
  if (name === 'QuotaExceededError') return 'quota';
  // Firefox private windows: InvalidStateError on open ("A mutation operation was attempted on a
  // database that did not allow mutations"); older Safari private mode: the write is refused.
  if (name === 'InvalidStateError') return 'private';
  if (name === 'SecurityError') return 'open-failed';
  return during === 'open' ? 'open-failed' : 'quota';
}

/** A request as a promise; rejects with the request's error. */
function done<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function openProbe(factory: IDBFactory): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = factory.open(PROBE_DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(PROBE_STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB open failed'));
    req.onblocked = () => reject(new Error('IndexedDB open blocked'));
  });
}

/** Writes and reads back one value; true when it came back. */
async function writeRead(db: IDBDatabase): Promise<boolean> {
  const value = { at: Date.now(), bytes: new Float32Array(16) };
  const tx = db.transaction(PROBE_STORE, 'readwrite');
  await done(tx.objectStore(PROBE_STORE).put(value, 'probe'));
  const back = await done<{ at: number } | undefined>(
    db.transaction(PROBE_STORE, 'readonly').objectStore(PROBE_STORE).get('probe'),
  );
  return back?.at === value.at;
}

/**
 * Probes IndexedDB: `{kind: 'ok'}` when a value can be written and read back, else why not.
 * @param factory the IndexedDB to probe (the page's `indexedDB` by default; undefined = missing)
 * @param timeoutMs how long to wait for an answer before reporting 'timeout'
 */
export async function storageStatus(
  factory: IDBFactory | undefined = (globalThis as { indexedDB?: IDBFactory }).indexedDB,
  timeoutMs = PROBE_TIMEOUT_MS,
): Promise<StorageStatus> {
  if (!factory) return unavailable('missing');
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<StorageStatus>((resolve) => {
    timer = setTimeout(() => resolve(unavailable('timeout')), timeoutMs);
  });
  const probe = (async (): Promise<StorageStatus> => {
    let db: IDBDatabase;
    try {
      db = await openProbe(factory);
    } catch (e) {
      return unavailable(problemOf(e, 'open'));
    }
    try {
      return (await writeRead(db)) ? { kind: 'ok' } : unavailable('quota');
    } catch (e) {
      return unavailable(problemOf(e, 'write'));
    } finally {
      db.close();
    }
  })();
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
