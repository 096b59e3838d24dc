/**
 * Every store action, in one place to import from. They act through the engine client handed to
 * the store with `setClient` (src/store/engine.ts), never through a worker of their own.
 */
export { setClient, engineClient } from './engine.ts';
export { applyConfig, errorText, evaluationsIdle, masksFor } from './setup.ts';
export { evaluateBaseline, initEngine, loadModel, recoverEngine } from './session.ts';
export {
  applySetup,
  currentSetup,
  redo,
  resetAll,
  selectLayer,
  setGlobal,
  setLayer,
  setLayerMethod,
  setMethod,
  setTheme,
  toggleLock,
  toggleRemoved,
  undo,
} from './edits.ts';
export {
  cancelTraining,
  measureLatency,
  pauseTraining,
  resumeTraining,
  setTrainOptions,
  startTraining,
} from './training.ts';
export { computeCurve, ensureScores } from './curve.ts';
export { fetchTestExamples, predictDrawing } from './predictions.ts';
export {
  applyStoredOverrides,
  readOverrides,
  refreshBackendPlan,
  setJobBackend,
} from './backends.ts';
export { dismissNotice } from './index.ts';
export { closeLesson, openLesson } from './lessons.ts';
export { buildObservation, startLessonRecorder } from './lessonObservation.ts';
export {
  dismissImportMessage,
  importModel,
  importedLabel,
  openModelFiles,
  readModelFiles,
} from './imported.ts';
