/**
 * The model layer: the only place where tensors exist. Zoo, weights in and out, masked training,
 * gradient scores, evaluation with an activation cache, checkpoints, and faster cpu kernels.
 */
export {
  DATASET_SHAPES,
  MODEL_IDS,
  ZOO,
  buildModel,
  describeGraph,
  fits,
  getWeights,
  graphOfModel,
  graphTensors,
  initialWeights,
  inputShapeFor,
  markWeightsChanged,
  setWeights,
  toInput,
  toLabels,
  weightVariables,
  weightsVersion,
  type ZooEntry,
  type ZooLayer,
} from './zoo.ts';
export {
  TrainController,
  crossEntropy,
  gradientScores,
  maskSparsity,
  scoreBatchIndices,
  trainModel,
  type MaskedTrainResult,
  type TrainExtras,
} from './train.ts';
export {
  Evaluator,
  evalStats,
  evaluateModel,
  previewIndices,
  type EvalStats,
  type EvaluatorOptions,
} from './evaluate.ts';
export { applyMasks, maskTemporarily } from './masking.ts';
export {
  loadCheckpoint,
  packWeights,
  parseCheckpointManifest,
  unpackWeights,
  type CheckpointEntry,
  type CheckpointManifest,
  type CheckpointSource,
} from './checkpoint.ts';
export { installFastCpuKernels } from './cpu-kernels.ts';
export {
  WEIGHTS_FILE,
  exportTfjs,
  loadTfjs,
  saveTfjs,
  type ExportTfjsOptions,
  type TfjsExport,
  type TfjsFiles,
} from './export.ts';
export { checkSet, maskedLogits, type CheckSet } from './export-check.ts';
