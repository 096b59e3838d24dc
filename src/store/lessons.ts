/**
 * Lessons on the workbench: opening a lesson position applies its step's scene through the one
 * undoable applySetup; the store keeps the trail of measured slider positions and the curves of
 * the methods measured in this session, and builds the LessonObservation the checks read.
 */
import type { MethodId, PruningConfig } from '../core/types.ts';
import { classNames } from '../data/index.ts';
import type { ModelId } from '../data/models.ts';
import { isImportedId } from '../engine/api.ts';
import { lessonById } from '../lessons/course.ts';
import { observeStructure, type StructureObservation } from '../lessons/observe.ts';
import type { CurvePoint, LessonObservation, Scene } from '../lessons/types.ts';
import { applySetup } from './edits.ts';
import { useExperiments } from './experimentsState.ts';
import { useApp, type AppState } from './index.ts';
import { selectAccuracy } from './selectors.ts';

const get = (): AppState => useApp.getState();
const set = useApp.setState;

/** The config a scene asks for (layers the scene names at their own sparsity, the rest follow). */
export function sceneToConfig(scene: Scene, seed: number): PruningConfig {
  const layers = Object.fromEntries(
    Object.entries(scene.layerSparsity ?? {}).map(([k, v]) => [k, { sparsity: v, locked: false }]),
  );
  return { method: scene.method, globalSparsity: scene.globalSparsity, layers, seed };
}

/** The scene at a lesson position: the step's own, or for a quiz question the last step's. */
export function sceneAt(lessonId: string, position: number): Scene | null {
  const lesson = lessonById(lessonId);
  if (!lesson) return null;
  const i = Math.max(0, Math.min(lesson.steps.length - 1, position));
  return lesson.steps[i].scene;
}

/**
 * Opens `position` (0-based: steps, then quiz questions) of lesson `lessonId`: sets the step's
 * view and selected layer, clears the trail, and applies the scene's model, data and pruning as
 * one undo step. Quiz questions keep the last step's scene as it is.
 */
export async function openLesson(lessonId: string, position = 0): Promise<void> {
  const lesson = lessonById(lessonId);
  if (!lesson) return;
  const total = lesson.steps.length + lesson.quiz.length;
  const p = Math.max(0, Math.min(total - 1, Math.floor(position)));
  const prev = get().lesson;
  const scene = sceneAt(lessonId, p);
  set({ lesson: { id: lessonId, position: p }, lessonCollapsed: false });
  if (!scene) return;
  const quizOfSameLesson = p >= lesson.steps.length && prev?.id === lessonId;
  if (quizOfSameLesson) return;
  set({ view: scene.view, selectedLayer: scene.layer, trail: [] });
  if (scene.view === 'experiments' && scene.experimentTab)
    useExperiments.setState({ tab: scene.experimentTab });
  await applySetup({
    modelId: scene.model,
    datasetId: scene.dataset,
    config: sceneToConfig(scene, get().config.seed),
  });
}

/** Closes the lesson panel (the scene stays). */
export function closeLesson(): void {
  set({ lesson: null });
}

/** Curves measured this session, by model, weights version and method (newest wins). */
const curveCache = new Map<string, CurvePoint[]>();

/** Curves of every method measured for the model and weights on screen. */
export function curvesOf(s: AppState): Partial<Record<MethodId, CurvePoint[]>> {
  const out: Partial<Record<MethodId, CurvePoint[]>> = {};
  const prefix = `${s.modelId}:${s.weightsVersion}:`;
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

/**
 * Records what lessons read as results land: every measured slider position (the trail) and every
 * method's curve. Returns the unsubscribe function.
 */
export function startLessonRecorder(): () => void {
  let moved: string | null = null;
  return useApp.subscribe((s, prev) => {
    if (s.curve && s.curve !== prev.curve && s.curve.version === s.weightsVersion)
      curveCache.set(
        `${s.modelId}:${s.weightsVersion}:${s.curve.method}`,
        s.curve.points.map((p) => ({ sparsity: p.x, accuracy: p.y })),
      );
    if (s.config !== prev.config) {
      const m = movedLayer(prev.config, s.config);
      if (m !== undefined) moved = m;
    }
    if (s.preview && s.preview !== prev.preview && s.preview.version === s.maskVersion) {
      const sparsity = moved ? (s.config.layers[moved]?.sparsity ?? 0) : s.config.globalSparsity;
      set({ trail: [...s.trail, { layer: moved, sparsity, accuracy: s.preview.accuracy }] });
    }
  });
}

/** Structure observations, recomputed only when the masks change. */
let structure: { masks: AppState['masks']; value: StructureObservation } | null = null;

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
    latency: lat ? latencyOf(lat) : null,
    curves: curvesOf(s),
    trail: s.trail,
    perClass: full && s.baseline ? { before: s.baseline.perClass, after: full.perClass } : null,
    confusion: full && s.baseline ? { before: s.baseline.confusion, after: full.confusion } : null,
    classNames: [...classNames[s.datasetId]],
    flipped: null,
    sensitivity: null,
    allocation: null,
    runs: [],
  };
}

/** Median ms per batch of the dense, masked and compacted models. */
function latencyOf(r: NonNullable<AppState['latency']>['result']): LessonObservation['latency'] {
  return { denseMs: r.denseMs, maskedMs: r.maskedMs, compactedMs: r.compactedMs };
}
