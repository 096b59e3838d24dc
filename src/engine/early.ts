/**
 * What the engine worker's entry starts before the engine's own code (tfjs, about 1.2 MB) has
 * loaded and run: reading the cached backend probe from IndexedDB, reading the checkpoint and
 * reading and decoding the test split the page hinted at (warm.ts). The engine takes them over
 * (EngineSources.early). No tfjs here.
 */
import { DataError, loadTestSplit, type DataSource } from '../data/index.ts';
import type { Dataset, DatasetId } from '../data/types.ts';
import { MODELS_DIR, type ModelId } from '../data/models.ts';
import { readCachedProbe, type CachedProbe } from './probe-cache.ts';

/** The promise `map` holds for `id`, or a new one from `load` (dropped again when it fails). */
export function once(
  map: Map<DatasetId, Promise<Dataset>>,
  id: DatasetId,
  load: () => Promise<Dataset>,
): Promise<Dataset> {
  let p = map.get(id);
  if (!p) {
    p = load();
    p.catch((e: unknown) => {
      map.delete(id);
      // The visitor sees e.message; developers find how to rebuild the files here.
      if (e instanceof DataError) console.error(e.detail);
    });
    map.set(id, p);
  }
  return p;
}

/** A source whose files can be asked for ahead of their next read. */
export interface PrefetchingSource extends DataSource {
  prefetch(path: string): Promise<ArrayBuffer>;
}

/**
 * `source` with prefetch: the next read of a file read ahead takes those bytes; the reads after it
 * read the file again (a retry after a refused checkpoint never gets the refused bytes back).
 */
export function prefetching(source: DataSource): PrefetchingSource {
  const ahead = new Map<string, Promise<ArrayBuffer>>();
  const prefetch = (path: string): Promise<ArrayBuffer> => {
    let p = ahead.get(path);
    if (!p) {
      p = source(path);
      ahead.set(path, p);
      p.catch(() => {
        if (ahead.get(path) === p) ahead.delete(path);
      });
    }
    return p;
  };
  const read = (path: string): Promise<ArrayBuffer> => {
    const p = ahead.get(path);
    ahead.delete(path);
    return p ?? source(path);
  };
  return Object.assign(read, { prefetch });
}

/**
 * Work begun by the worker's entry, handed to the engine once its code has loaded (an engine
 * made outside a worker makes its own).
 */
export class EarlyStart {
  /** Test splits read so far (the engine reads through warm). */
  private readonly testSplits = new Map<DatasetId, Promise<Dataset>>();
  /** The checkpoints' source, with what warmCheckpoint read ahead (the engine reads through it). */
  readonly models: PrefetchingSource;

  /** The cached backend probe: IndexedDB's answer, or null as soon as noCachedProbe is called. */
  readonly probe: Promise<CachedProbe | null>;
  private none: () => void = () => undefined;

  /**
   * @param read the cached backend probe, read from IndexedDB at once unless given
   */
  constructor(
    private readonly data: DataSource,
    models: DataSource,
    read: Promise<CachedProbe | null> = readCachedProbe(),
  ) {
    this.models = prefetching(models);
    const none = new Promise<null>((resolve) => {
      this.none = () => resolve(null);
    });
    this.probe = Promise.race([read, none]);
  }

  /** The page knows of no probe cached in this browser: the start need not wait for IndexedDB. */
  noCachedProbe(): void {
    this.none();
  }

  /**
   * Reads ahead the checkpoint manifest and the weights file it lists for the pair (nothing more
   * when it lists none). Checking them is the engine's load's (model/checkpoint.ts).
   */
  async warmCheckpoint(model: ModelId, dataset: DatasetId): Promise<void> {
    const text = new TextDecoder().decode(
      await this.models.prefetch(`${MODELS_DIR}/manifest.json`),
    );
    const entries = (JSON.parse(text) as { entries?: unknown }).entries;
    if (!Array.isArray(entries)) return;
    const entry = (entries as { model?: unknown; dataset?: unknown; weightsFile?: unknown }[]).find(
      (e) => e.model === model && e.dataset === dataset,
    );
    if (typeof entry?.weightsFile === 'string') await this.models.prefetch(entry.weightsFile);
  }

  /** Starts reading the test split of `id` (once). */
  warm(id: DatasetId): Promise<Dataset> {
    return once(this.testSplits, id, () => loadTestSplit(id, this.data));
  }
}

type Listener = EventListenerOrEventListenerObject;

/** The parts of a worker's global scope the entry uses. */
export interface WorkerScope {
  addEventListener(type: 'message', l: (e: MessageEvent) => void): void;
  removeEventListener(type: string, l: Listener): void;
  postMessage(message: unknown, transfer?: Transferable[]): void;
}

/**
 * The worker's scope as an endpoint that keeps every message until a listener is added: the page's
 * engine calls may arrive while the engine's code is still loading, and each later listener (the
 * comlink server) first gets those, in order.
 */
export function heldMessages(scope: WorkerScope) {
  const held: MessageEvent[] = [];
  const hold = (e: MessageEvent): void => void held.push(e);
  scope.addEventListener('message', hold);
  return {
    postMessage: (message: unknown, transfer: Transferable[] = []) =>
      scope.postMessage(message, transfer),
    addEventListener(type: string, l: Listener): void {
      scope.addEventListener(type as 'message', l as (e: MessageEvent) => void);
      if (type !== 'message') return;
      scope.removeEventListener('message', hold as Listener);
      for (const e of held.splice(0)) {
        if (typeof l === 'function') l(e);
        else l.handleEvent(e);
      }
    },
    removeEventListener: (type: string, l: Listener) => scope.removeEventListener(type, l),
  };
}
