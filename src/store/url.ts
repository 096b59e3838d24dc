/**
 * URL state: one table of typed properties, so a link reproduces the view (model, dataset, method,
 * per-layer sparsities and overrides, seed). Parsing never throws: anything hostile or stale is
 * repaired to a valid value and reported as a notice the UI shows.
 */
import type { LayerPruning, MethodId } from '../core/types.ts';
import type { DatasetId } from '../data/types.ts';
import type { ModelId } from '../engine/api.ts';

export const MODEL_IDS: readonly ModelId[] = ['cnn', 'lenet-300-100', 'lstm', 'gru'];
export const DATASET_IDS: readonly DatasetId[] = ['mnist', 'fashion', 'waves'];
export const METHOD_IDS: readonly MethodId[] = [
  'magnitude',
  'global-magnitude',
  'random',
  'l1-structured',
  'l2-structured',
  'nm-2-4',
  'block',
  'snip',
  'taylor',
  'movement',
];
export const VIEW_IDS = ['workbench', 'experiments', 'lessons'] as const;
export type ViewId = (typeof VIEW_IDS)[number];

/** Which datasets each model fits. */
export const MODEL_DATASETS: Record<ModelId, readonly DatasetId[]> = {
  cnn: ['mnist', 'fashion'],
  'lenet-300-100': ['mnist', 'fashion'],
  lstm: ['mnist', 'fashion', 'waves'],
  gru: ['mnist', 'fashion', 'waves'],
};

/** Everything a link carries. Sparsities are fractions in [0, 1]. */
export interface UrlState {
  model: ModelId;
  dataset: DatasetId;
  method: MethodId;
  globalSparsity: number;
  /** Per-layer settings by layer name; validated against the model's layers once it is loaded. */
  layers: Record<string, LayerPruning>;
  seed: number;
  view: ViewId;
  /** Selected layer, if any. */
  layer: string | null;
}

export const DEFAULT_URL_STATE: UrlState = {
  model: 'cnn',
  dataset: 'mnist',
  method: 'magnitude',
  globalSparsity: 0,
  layers: {},
  seed: 1,
  view: 'workbench',
  layer: null,
};

const MAX_QUERY = 4000;
const LAYER_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,39}$/;

function pick<T extends string>(raw: string | null, allowed: readonly T[]): T | null {
  return raw !== null && (allowed as readonly string[]).includes(raw) ? (raw as T) : null;
}

/** Shortens a value for a notice so a hostile URL cannot flood the screen. */
function show(v: string): string {
  const s = v.length > 24 ? `${v.slice(0, 24)}…` : v;
  return JSON.stringify(s);
}

function parsePercent(raw: string): number | null {
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(raw)) return null;
  const v = Number(raw);
  return v >= 0 && v <= 100 ? Math.round(v * 100) / 10000 : null;
}

/**
 * Parses a query string (with or without '?') into a valid UrlState plus notices describing each
 * repair. Never throws.
 */
export function parseUrlState(search: string): { state: UrlState; notices: string[] } {
  const notices: string[] = [];
  const state: UrlState = { ...DEFAULT_URL_STATE, layers: {} };
  if (search.length > MAX_QUERY) {
    notices.push(`The link was too long (${search.length} characters) and was ignored.`);
    return { state, notices };
  }
  let q: URLSearchParams;
  try {
    q = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  } catch {
    notices.push('The link could not be read and was ignored.');
    return { state, notices };
  }

  const model = q.get('model');
  if (model !== null) {
    const m = pick(model, MODEL_IDS);
    if (m) state.model = m;
    else notices.push(`Unknown model ${show(model)}; opened the cnn instead.`);
  }
  const data = q.get('data');
  if (data !== null) {
    const d = pick(data, DATASET_IDS);
    if (d && MODEL_DATASETS[state.model].includes(d)) state.dataset = d;
    else if (d) {
      state.dataset = MODEL_DATASETS[state.model][0];
      notices.push(`The ${state.model} model does not fit ${d}; opened ${state.dataset} instead.`);
    } else notices.push(`Unknown dataset ${show(data)}; opened ${state.dataset} instead.`);
  } else if (!MODEL_DATASETS[state.model].includes(state.dataset)) {
    state.dataset = MODEL_DATASETS[state.model][0];
  }
  const method = q.get('method');
  if (method !== null) {
    const m = pick(method, METHOD_IDS);
    if (m) state.method = m;
    else notices.push(`Unknown method ${show(method)}; using magnitude.`);
  }
  const g = q.get('g');
  if (g !== null) {
    const v = parsePercent(g);
    if (v !== null) state.globalSparsity = v;
    else notices.push(`Global sparsity ${show(g)} is not a percentage from 0 to 100; set to 0%.`);
  }
  const seed = q.get('seed');
  if (seed !== null) {
    if (/^\d{1,9}$/.test(seed)) state.seed = Number(seed);
    else notices.push(`Seed ${show(seed)} is not a whole number; using 1.`);
  }
  const view = q.get('view');
  if (view !== null) {
    const v = pick(view, VIEW_IDS);
    if (v) state.view = v;
    else notices.push(`Unknown view ${show(view)}; opened the workbench.`);
  }
  const layer = q.get('layer');
  if (layer !== null) {
    if (LAYER_NAME.test(layer)) state.layer = layer;
    else notices.push(`Layer ${show(layer)} is not a layer name; ignored.`);
  }
  const layers = q.get('layers');
  if (layers !== null && layers !== '') {
    const bad: string[] = [];
    for (const part of layers.split(',').slice(0, 64)) {
      // name:percent[L][@method] or name:x (removed)
      const m =
        /^([A-Za-z][A-Za-z0-9_-]{0,39}):(x|\d{1,3}(?:\.\d{1,2})?)(L?)(?:@([a-z0-9-]{1,24}))?$/.exec(
          part,
        );
      if (!m) {
        bad.push(part);
        continue;
      }
      const [, name, amount, lock, meth] = m;
      const entry: LayerPruning = { sparsity: 0, locked: lock === 'L' };
      if (amount === 'x') entry.removed = true;
      else {
        const v = parsePercent(amount);
        if (v === null) {
          bad.push(part);
          continue;
        }
        entry.sparsity = v;
      }
      if (meth !== undefined) {
        const mm = pick(meth, METHOD_IDS);
        if (!mm) {
          bad.push(part);
          continue;
        }
        entry.method = mm;
      }
      state.layers[name] = entry;
    }
    if (bad.length > 0)
      notices.push(
        `Ignored ${bad.length} layer setting${bad.length > 1 ? 's' : ''} the link could not use: ${bad
          .slice(0, 3)
          .map(show)
          .join(', ')}${bad.length > 3 ? '…' : ''}.`,
      );
  }
  return { state, notices };
}

function pct(v: number): string {
  return String(Math.round(v * 10000) / 100);
}

/**
 * Serialises a UrlState into a query string (with leading '?'); defaults are left out, and so are
 * layers that simply follow the global slider (unlocked, no override, at the global sparsity).
 */
export function serializeUrlState(s: UrlState): string {
  const q = new URLSearchParams();
  q.set('model', s.model);
  q.set('data', s.dataset);
  if (s.method !== DEFAULT_URL_STATE.method) q.set('method', s.method);
  if (s.globalSparsity !== 0) q.set('g', pct(s.globalSparsity));
  const parts = Object.entries(s.layers)
    .filter(
      ([, l]) => l.sparsity !== s.globalSparsity || l.locked || l.method !== undefined || l.removed,
    )
    .map(
      ([name, l]) =>
        `${name}:${l.removed ? 'x' : pct(l.sparsity)}${l.locked ? 'L' : ''}${l.method ? `@${l.method}` : ''}`,
    );
  if (parts.length) q.set('layers', parts.join(','));
  if (s.seed !== DEFAULT_URL_STATE.seed) q.set('seed', String(s.seed));
  if (s.view !== DEFAULT_URL_STATE.view) q.set('view', s.view);
  if (s.layer) q.set('layer', s.layer);
  return `?${q.toString().replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%40/g, '@')}`;
}

/**
 * Keeps only the layer settings that name real, prunable layers; reports the rest.
 * `removable` lists the layers that may be removed whole.
 */
export function validateLayers(
  layers: Record<string, LayerPruning>,
  prunable: readonly string[],
  removable: readonly string[],
): { layers: Record<string, LayerPruning>; notices: string[] } {
  const out: Record<string, LayerPruning> = {};
  const notices: string[] = [];
  for (const [name, l] of Object.entries(layers)) {
    if (!prunable.includes(name)) {
      notices.push(`This model has no layer ${show(name)}; its setting was ignored.`);
      continue;
    }
    if (l.removed && !removable.includes(name)) {
      notices.push(`Layer ${name} cannot be removed whole (its input and output shapes differ).`);
      out[name] = { ...l, removed: false };
      continue;
    }
    out[name] = l;
  }
  return { layers: out, notices };
}
