/**
 * URL state as one table of fields (as TF Playground's state.ts): each row says which query key it
 * uses, how to read it (repairing bad values with a notice), how to write it, its default and where
 * it lives in the app's state. Parsing, serialising and change detection all come from the table,
 * so adding a field is adding one row. Parsing never throws: anything hostile or stale is repaired
 * to a valid value and reported as a notice the UI shows.
 */
import { OFFERED_METHODS, offeredMethod } from '../core/methods.ts';
import type { LayerPruning, MethodId } from '../core/types.ts';
import { DATASET_IDS } from '../data/catalog.ts';
import { MODEL_DATASETS, MODEL_IDS, parseModelId } from '../data/models.ts';
import type { DatasetId } from '../data/types.ts';
import type { ModelId } from '../data/models.ts';
import {
  CONTROL_IDS,
  parseLayers,
  parsePercent,
  pct,
  pick,
  readControls,
  show,
  writeControls,
  writeLayers,
  type ControlId,
  type FieldRead,
} from './urlParse.ts';
import { lessonById } from '../lessons/course.ts';
import { isImportedId } from '../engine/api.ts';
import type { AppState, CurrentModelId } from './index.ts';

export { MODEL_DATASETS, MODEL_IDS };
export { DATASET_IDS };
export { CONTROL_IDS, type ControlId, type FieldRead };
/** Methods a link may name (the offered ones). */
export const METHOD_IDS: readonly MethodId[] = OFFERED_METHODS.map((m) => m.id);
export const VIEW_IDS = ['workbench', 'experiments', 'lessons'] as const;
export type ViewId = (typeof VIEW_IDS)[number];

/** Everything a link carries. Sparsities are fractions in [0, 1]. */
export interface UrlState {
  /** A zoo model, or 'imported:<name>' (written only: a link cannot carry an imported model). */
  model: CurrentModelId;
  dataset: DatasetId;
  method: MethodId;
  globalSparsity: number;
  /** Per-layer settings by layer name; validated against the model's layers once it is loaded. */
  layers: Record<string, LayerPruning>;
  seed: number;
  view: ViewId;
  /** Selected layer, if any. */
  layer: string | null;
  /** The open lesson's id, and the 0-based position in it (the link says step N, 1-based). */
  lesson: string | null;
  step: number;
  /** Controls hidden or locked by a teacher's link. */
  hide: readonly string[];
  lock: readonly string[];
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
  lesson: null,
  step: 0,
  hide: [],
  lock: [],
};

/** What a link naming an imported model says (a link cannot carry the weights). */
export function importedLinkMessage(id: string): string {
  const name = id.slice('imported:'.length).slice(0, 40);
  return (
    `This link was made with an imported model ("${name}"). A link cannot carry a model's ` +
    `weights, so the default model is open instead. To use "${name}" again, open its files ` +
    `with "Open model…" (model.json and its .bin weight files).`
  );
}

const MAX_QUERY = 4000;
const LAYER_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,39}$/;

/** One row of the URL table. */
export interface UrlField<K extends keyof UrlState> {
  /** The UrlState property. */
  key: K;
  /** The query key. */
  param: string;
  /** Reads the raw query value; `sofar` holds the fields read before this one. */
  read(raw: string, sofar: UrlState): FieldRead<UrlState[K]>;
  /** The query value to write, or null to leave the key out. */
  write(value: UrlState[K], state: UrlState): string | null;
  /** Where the value lives in the app's state. */
  get(s: AppState): UrlState[K];
}

function field<K extends keyof UrlState>(f: UrlField<K>): UrlField<keyof UrlState> {
  return f as unknown as UrlField<keyof UrlState>;
}

/** The URL table, in the order keys are read and written. */
export const URL_FIELDS: readonly UrlField<keyof UrlState>[] = [
  field({
    key: 'model',
    param: 'model',
    read: (raw) => {
      if (isImportedId(raw)) return { notice: importedLinkMessage(raw) };
      const m = parseModelId(raw);
      return m ? { value: m } : { notice: `Unknown model ${show(raw)}; opened the cnn instead.` };
    },
    write: (v) => v,
    get: (s) => s.modelId,
  }),
  field({
    key: 'dataset',
    param: 'data',
    read: (raw, sofar) => {
      const d = pick(raw, DATASET_IDS);
      const fits = MODEL_DATASETS[zooModel(sofar.model)];
      if (d && fits.includes(d)) return { value: d };
      if (d)
        return {
          value: fits[0],
          notice: `The ${sofar.model} model does not fit ${d}; opened ${fits[0]} instead.`,
        };
      return { notice: `Unknown dataset ${show(raw)}; opened ${sofar.dataset} instead.` };
    },
    write: (v) => v,
    get: (s) => s.datasetId,
  }),
  field({
    key: 'method',
    param: 'method',
    read: (raw) => {
      const m = offeredMethod(raw);
      return m ? { value: m } : { notice: `Unknown method ${show(raw)}; using magnitude.` };
    },
    write: (v) => (v !== DEFAULT_URL_STATE.method ? v : null),
    get: (s) => s.config.method,
  }),
  field({
    key: 'globalSparsity',
    param: 'g',
    read: (raw) => {
      const v = parsePercent(raw);
      if (v !== null) return { value: v };
      return {
        notice: `Global sparsity ${show(raw)} is not a percentage from 0 to 100; set to 0%.`,
      };
    },
    write: (v) => (v !== 0 ? pct(v) : null),
    get: (s) => s.config.globalSparsity,
  }),
  field({
    key: 'layers',
    param: 'layers',
    read: (raw) => (raw === '' ? {} : parseLayers(raw)),
    write: writeLayers,
    get: (s) => s.config.layers,
  }),
  field({
    key: 'seed',
    param: 'seed',
    read: (raw) =>
      /^\d{1,9}$/.test(raw)
        ? { value: Number(raw) }
        : { notice: `Seed ${show(raw)} is not a whole number; using 1.` },
    write: (v) => (v !== DEFAULT_URL_STATE.seed ? String(v) : null),
    get: (s) => s.config.seed,
  }),
  field({
    key: 'view',
    param: 'view',
    read: (raw) => {
      const v = pick(raw, VIEW_IDS);
      return v ? { value: v } : { notice: `Unknown view ${show(raw)}; opened the workbench.` };
    },
    write: (v) => (v !== DEFAULT_URL_STATE.view ? v : null),
    get: (s) => s.view,
  }),
  field({
    key: 'layer',
    param: 'layer',
    read: (raw) =>
      LAYER_NAME.test(raw)
        ? { value: raw }
        : { notice: `Layer ${show(raw)} is not a layer name; ignored.` },
    write: (v) => v,
    get: (s) => s.selectedLayer,
  }),
  field({
    key: 'lesson',
    param: 'lesson',
    read: (raw) =>
      lessonById(raw)
        ? { value: raw }
        : { notice: `There is no lesson ${show(raw)}; opened the workbench.` },
    write: (v) => v,
    get: (s) => s.lesson?.id ?? null,
  }),
  field({
    key: 'step',
    param: 'step',
    read: (raw, sofar) => {
      const lesson = sofar.lesson ? lessonById(sofar.lesson) : undefined;
      if (!lesson) return {};
      const total = lesson.steps.length + lesson.quiz.length;
      const v = /^\d{1,3}$/.test(raw) ? Number(raw) : NaN;
      if (v >= 1 && v <= total) return { value: v - 1 };
      return {
        value: 0,
        notice: `Lesson step ${show(raw)} is not between 1 and ${total}; opened step 1.`,
      };
    },
    write: (v, st) => (st.lesson && v > 0 ? String(v + 1) : null),
    get: (s) => s.lesson?.position ?? 0,
  }),
  field({
    key: 'hide',
    param: 'hide',
    read: readControls,
    write: writeControls,
    get: (s) => s.hidden,
  }),
  field({
    key: 'lock',
    param: 'lock',
    read: readControls,
    write: writeControls,
    get: (s) => s.locked,
  }),
];

/** Repairs across fields: a model read without a dataset gets the model's default dataset. */
function settle(state: UrlState): void {
  const fits = MODEL_DATASETS[zooModel(state.model)];
  if (!fits.includes(state.dataset)) state.dataset = fits[0];
}

/** The zoo model a parsed link opens (an imported one is never read from a link). */
function zooModel(m: CurrentModelId): ModelId {
  return isImportedId(m) ? 'cnn' : m;
}

/** A parsed link: it always opens a zoo model. */
export type ParsedUrlState = UrlState & { model: ModelId };

/**
 * Parses a query string (with or without '?') into a valid UrlState plus notices describing each
 * repair (a key given twice keeps its first value, with a notice). Never throws.
 */
export function parseUrlState(search: string): { state: ParsedUrlState; notices: string[] } {
  const notices: string[] = [];
  const state: ParsedUrlState = { ...DEFAULT_URL_STATE, model: 'cnn', layers: {} };
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
  const s = state as unknown as Record<keyof UrlState, unknown>;
  for (const f of URL_FIELDS) {
    const all = q.getAll(f.param);
    if (all.length === 0) continue;
    if (all.length > 1)
      notices.push(
        `The link sets ${f.param} ${all.length} times; used the first, ${show(all[0])}.`,
      );
    const r = f.read(all[0], state);
    if (r.value !== undefined) s[f.key] = r.value;
    if (r.notice) notices.push(r.notice);
  }
  // Layer settings of an imported model mean nothing to the default model that opens instead.
  if (isImportedId(q.get('model') ?? '')) Object.assign(state, { layers: {}, layer: null });
  settle(state);
  return { state, notices };
}

/**
 * Serialises a UrlState into a query string (with leading '?'); defaults are left out, and so are
 * layers that simply follow the global slider (unlocked, no override, at the global sparsity).
 */
export function serializeUrlState(s: UrlState): string {
  const q = new URLSearchParams();
  for (const f of URL_FIELDS) {
    const v = f.write(s[f.key], s);
    if (v !== null) q.set(f.param, v);
  }
  return `?${q.toString().replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%40/g, '@')}`;
}

/** The link's fields as they are in the app's state. */
export function urlStateOf(app: AppState): UrlState {
  const out = { ...DEFAULT_URL_STATE } as unknown as Record<keyof UrlState, unknown>;
  for (const f of URL_FIELDS) out[f.key] = f.get(app);
  return out as unknown as UrlState;
}

/** True when a field the link carries differs between two app states (by identity). */
export function urlFieldsChanged(a: AppState, b: AppState): boolean {
  return URL_FIELDS.some((f) => !Object.is(f.get(a), f.get(b)));
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
