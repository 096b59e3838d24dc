/**
 * What the lesson checks read, built from the store: the structure of the masks on screen, the
 * accuracy readout, latency, every method's curve measured this session (and a sweep's curves),
 * the trail of measured slider positions, the sensitivity run, the allocation applied and the
 * finished experiment runs.
 */
import type { MethodId, PruningConfig } from '../core/types.ts';
import { classNames } from '../data/index.ts';
import type { ModelId } from '../data/models.ts';
import { isImportedId } from '../engine/api.ts';
import {
  observeRuns,
  observeSensitivity,
  observeStructure,
  observeSweepCurves,
  type StructureObservation,
} from '../lessons/observe.ts';
import type { CurvePoint, LessonObservation } from '../lessons/types.ts';
import { useExperiments, type ExperimentsState } from './experimentsState.ts';
import { useApp, type AppState } from './index.ts';
import { selectNoise } from './predictions.ts';
import { selectAccuracy } from './selectors.ts';

const set = useApp.setState;

/** Curves measured this session, by model, weights version and method (newest wins). */
const curveCache = new Map<string, CurvePoint[]>();

/** The accuracy measured for the allocation last applied, by model and weights version. */
let allocationSeen: { key: string; value: NonNullable<LessonObservation['allocation']> } | null =
  null;

const weightsKey = (s: AppState): string => `${s.modelId}:${s.weightsVersion}:`;

/** Curves of every method measured for the model and weights on screen. */
export function curvesOf(s: AppState): Partial<Record<MethodId, CurvePoint[]>> {
  const out: Partial<Record<MethodId, CurvePoint[]>> = {};
  const prefix = weightsKey(s);
  for (const [k, v] of curveCache)
    if (k.startsWith(prefix)) out[k.slice(prefix.length) as MethodId] = v;
  return out;
}

/** The layer whose slider moved between two configs (null = the global slider or several). */
function movedLayer(a: PruningConfig, b: PruningConfig): string | null | undefined {
  if (a.globalSparsity !== b.globalSparsity) return null;
  const moved = Object.keys(b.layers).filter(
    (k) => a.layers[k] && a.layers[k].sparsity !== b.layers[k].sparsity,
  );
  return moved.length === 1 ? moved[0] : undefined;
}

/** True when `config` is the allocation `applied` (same method, total and layer sparsities). */
export function isApplied(config: PruningConfig, applied: ExperimentsState['applied']): boolean {
  if (!applied || config.method !== applied.method) return false;
  if (Math.abs(config.globalSparsity - applied.total) > 1e-9) return false;
  return Object.entries(config.layers).every(
    ([k, l]) => Math.abs(l.sparsity - (applied.sparsities[k] ?? 0)) < 1e-9,
  );
}

/** Keeps the accuracy measured while the applied allocation is the setup on screen. */
function recordAllocation(s: AppState): void {
  const applied = useExperiments.getState().applied;
  const acc = selectAccuracy(s);
  if (acc.state !== 'current' || !applied || !isApplied(s.config, applied)) return;
  allocationSeen = {
    key: weightsKey(s),
    value: { target: applied.total, sparsities: applied.sparsities, accuracy: acc.accuracy },
  };
}

/**
 * Records what lessons read as results land: every measured slider position (the trail), every
 * method's curve, and the applied allocation's accuracy. Returns the unsubscribe function.
 */
export function startLessonRecorder(): () => void {
  let moved: string | null = null;
  return useApp.subscribe((s, prev) => {
    if (s.curve && s.curve !== prev.curve && s.curve.version === s.weightsVersion)
      curveCache.set(
        `${weightsKey(s)}${s.curve.method}`,
        s.curve.points.map((p) => ({ sparsity: p.sparsity, accuracy: p.y })),
      );
    if (s.config !== prev.config) {
      const m = movedLayer(prev.config, s.config);
      if (m !== undefined) moved = m;
    }
    if (s.preview !== prev.preview || s.full !== prev.full) recordAllocation(s);
    if (s.preview && s.preview !== prev.preview && s.preview.version === s.maskVersion) {
      const sparsity = moved ? (s.config.layers[moved]?.sparsity ?? 0) : s.config.globalSparsity;
      set({ trail: [...s.trail, { layer: moved, sparsity, accuracy: s.preview.accuracy }] });
    }
  });
}

/** Structure observations, recomputed only when the masks change. */
let structure: { masks: AppState['masks']; value: StructureObservation } | null = null;

/** Prunable weights per layer name (kernels, not biases). */
function layerSizes(s: AppState): Record<string, number> {
  const out: Record<string, number> = {};
  for (const l of s.graph?.layers ?? []) {
    let n = 0;
    for (const t of l.tensors) if (t.role !== 'bias') n += t.shape.reduce((a, b) => a * b, 1);
    if (n > 0) out[l.name] = n;
  }
  return out;
}

/** What the experiments measured on the model and dataset on screen. */
function experimentParts(s: AppState): Pick<
  LessonObservation,
  'sensitivity' | 'runs' | 'allocation'
> & {
  sweep: LessonObservation['curves'];
} {
  const x = useExperiments.getState();
  const sizes = { preview: s.baselinePreview?.n ?? 0, full: s.baseline?.n ?? 0 };
  const runs = x.history.length ? x.history : Object.values(x.current);
  return {
    sensitivity: observeSensitivity(x.current.sensitivity, s.modelId, s.datasetId, layerSizes(s)),
    runs: observeRuns(runs, s.modelId, s.datasetId, sizes),
    allocation: allocationSeen?.key === weightsKey(s) ? allocationSeen.value : null,
    sweep: observeSweepCurves(x.current.sweep, s.modelId, s.datasetId),
  };
}

/**
 * What the lesson checks read, from the store's own measurements of the setup on screen; null
 * while the masks on screen are not those of the current setup.
 */
export function buildObservation(s: AppState): LessonObservation | null {
  if (!s.graph || s.status !== 'ready' || s.masksVersion !== s.maskVersion) return null;
  if (isImportedId(s.modelId)) return null; // lessons use the zoo's models
  if (structure?.masks !== s.masks)
    structure = { masks: s.masks, value: observeStructure(s.graph, s.masks) };
  const acc = selectAccuracy(s);
  const current = acc.state === 'current' ? acc : null;
  const full = s.full && s.full.version === s.maskVersion ? s.full : null;
  const lat = s.latency && s.latency.version === s.maskVersion ? s.latency.result : null;
  const { sweep, ...measured } = experimentParts(s);
  // The chart on screen wins: a sweep's curves in the experiments view, the live curve elsewhere.
  const live = curvesOf(s);
  const curves = s.view === 'experiments' ? { ...live, ...sweep } : { ...sweep, ...live };
  return {
    model: s.modelId as ModelId,
    dataset: s.datasetId,
    method: s.config.method,
    globalSparsity: s.config.globalSparsity,
    layer: s.selectedLayer ?? '',
    ...structure.value,
    accuracy: current ? current.accuracy : null,
    baselineAccuracy: current ? current.baseline : null,
    evaluated: current ? current.n : 0,
    latency: lat
      ? { denseMs: lat.denseMs, maskedMs: lat.maskedMs, compactedMs: lat.compactedMs }
      : null,
    curves,
    trail: s.trail,
    perClass: full && s.baseline ? { before: s.baseline.perClass, after: full.perClass } : null,
    confusion: full && s.baseline ? { before: s.baseline.confusion, after: full.confusion } : null,
    classNames: [...classNames[s.datasetId]],
    flipped: selectNoise(s),
    ...measured,
  };
}
