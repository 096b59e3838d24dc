/**
 * The page's first word to a new engine worker, before any engine call: the model and dataset its
 * link will most likely load, so the worker starts reading that checkpoint and reading and decoding
 * that test split while the page's own code is still loading, and whether this browser has a
 * backend probe cached (on a first visit the start need not wait for IndexedDB to say it has none).
 * Plain data, no tfjs: the page's entry imports it.
 */
import { DATASET_IDS } from '../data/catalog.ts';
import { MODEL_DATASETS, parseModelId, type ModelId } from '../data/models.ts';
import type { DatasetId } from '../data/types.ts';
import { localStore } from '../localStore.ts';

/** Posted to a new engine worker (see worker.ts). */
export interface WarmMessage {
  type: 'warm';
  dataset: DatasetId;
  model: ModelId;
  /** False when this browser has never had a backend probe cached (see markProbeCached). */
  probeCached: boolean;
}

/** localStorage key set once a backend probe was measured and cached in this browser. */
export const PROBE_CACHED_KEY = 'pruning-lab:probe-cached';

/** Notes that this browser has a backend probe cached (storage refused: nothing, harmless). */
export function markProbeCached(): void {
  try {
    localStore()?.setItem(PROBE_CACHED_KEY, '1');
  } catch {
    // a full or refused storage only costs the next start its wait for IndexedDB
  }
}

/** True unless this browser has surely never had a probe cached (unknown counts as cached). */
export function probeMaybeCached(): boolean {
  const s = localStore();
  return s === null || s.getItem(PROBE_CACHED_KEY) !== null;
}

/** True for a WarmMessage naming a known model and dataset. */
export function isWarmMessage(data: unknown): data is WarmMessage {
  if (typeof data !== 'object' || data === null) return false;
  const m = data as { type?: unknown; dataset?: unknown; model?: unknown; probeCached?: unknown };
  return (
    m.type === 'warm' &&
    typeof m.probeCached === 'boolean' &&
    DATASET_IDS.includes(m.dataset as DatasetId) &&
    parseModelId(String(m.model)) !== null
  );
}

/** The model a link will most likely load: its `model`, else the cnn; null as for likelyDataset. */
export function likelyModel(search: string): ModelId | null {
  const q = new URLSearchParams(search);
  const model = q.get('model');
  if (model === null && q.has('lesson')) return null;
  return parseModelId(model ?? '') ?? 'cnn';
}

/**
 * The dataset a link (`location.search`) will most likely load: its `dataset` when its model fits
 * it, else its model's first (the cnn's without a model). Null for a lesson link without a model
 * (the lesson's step picks one). A wrong guess costs one test split read, nothing else.
 */
export function likelyDataset(search: string): DatasetId | null {
  const model = likelyModel(search);
  if (model === null) return null;
  const fits = MODEL_DATASETS[model];
  return fits.find((d) => d === new URLSearchParams(search).get('dataset')) ?? fits[0];
}
