/**
 * Lessons on the workbench: opening a lesson position applies its step's scene through the one
 * undoable applySetup and fills the experiment forms the step names (lessonObservation.ts builds
 * what the checks read).
 */
import { formatGrid } from '../core/grid.ts';
import type { PruningConfig } from '../core/types.ts';
import { lessonById } from '../lessons/course.ts';
import type { ExperimentSettings, Scene } from '../lessons/types.ts';
import { applySetup } from './edits.ts';
import { patchGradual, patchImp, patchSensitivity, patchSweep } from './experiments.ts';
import { useExperiments } from './experimentsState.ts';
import { useApp, type AppState } from './index.ts';

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
  if (scene.experiment) fillForms(scene.experiment);
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

/** Puts a scene's experiment settings in the experiment forms. */
export function fillForms(x: ExperimentSettings): void {
  if (x.sweep) patchSweep({ ...x.sweep, gridText: formatGrid(x.sweep.grid) });
  if (x.sensitivity)
    patchSensitivity({
      subset: x.sensitivity.subset,
      target: x.sensitivity.target,
      gridText: formatGrid(x.sensitivity.grid),
    });
  if (x.gradual) {
    patchGradual({ batches: x.gradual.batches });
    patchGradual({ finalSparsity: x.gradual.finalSparsity });
  }
  if (x.imp) patchImp(x.imp);
}
