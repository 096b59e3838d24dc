/**
 * The pruning core: masks, unit groups across layers, schedules and metrics on typed arrays.
 * Pure TypeScript; runs unchanged in Node, in the worker and on the main thread.
 */
export * from './types.ts';
export * from './methods.ts';
export {
  PruningError,
  SweepError,
  isPruningError,
  type PruningErrorCode,
  type SweepErrorCode,
} from './errors.ts';
export { describeNonFinite, findNonFinite, type NonFinite } from './finite.ts';
export {
  andInto,
  countKept,
  countToPrune,
  globalMagnitudeMasks,
  globalMasksFromScores,
  magnitudeMask,
  magnitudeMaskCount,
  maskFromScores,
  randomMask,
  roundHalfEven,
  sparsityOf,
  thresholdOf,
  prunedOverlap,
  type MaskOverlap,
  type MaskThreshold,
} from './masks.ts';
export { blockMask, nmMask, sliceNorms, structuredMask } from './structured.ts';
export { accumulateMovement, scoreSet, snipScores, taylorScores } from './scores.ts';
export {
  canRemoveLayer,
  consumerOf,
  gatesOf,
  isWeighted,
  removableLayers,
  removalBlocker,
  unitGroups,
  type GroupTensor,
  type LayerUnits,
} from './graph.ts';
export {
  BLOCK_SHAPE,
  SCORE_METHODS,
  STRUCTURED_METHODS,
  computeMasks,
  methodOf,
  sparsityOfLayer,
  view2d,
} from './compute.ts';
export { MaskMemo, type MaskPart } from './maskMemo.ts';
export {
  keptUnits,
  networkMetrics,
  removedLayers,
  reuseOf,
  type LayerMetrics,
  type NetworkMetrics,
  type SizeMetrics,
} from './metrics.ts';
export * from './schedules.ts';
export {
  emptyConfig,
  normaliseConfig,
  patchLayer,
  prunableLayers,
  setGlobalSparsity,
  setLayerSparsity,
} from './config.ts';
export { DEFAULT_GRID, formatGrid, normaliseGrid, parseGrid } from './grid.ts';
export {
  DEFAULT_COSTS,
  estimateRemainingMs,
  planSweep,
  singleLayerConfig,
  uniformConfig,
  type AfterPruning,
  type SweepArm,
  type SweepCosts,
  type SweepJob,
  type SweepPlan,
  type SweepSpec,
} from './sweep.ts';
export * from './allocate.ts';
export {
  deriveSeed,
  mulberry32,
  mulberry32u,
  normal,
  permutation,
  shuffleInPlace,
  type Rng,
} from './random.ts';
export * from './stats.ts';
export {
  removalEffect,
  withoutRemovals,
  type RemovalCause,
  type RemovalChange,
  type RemovalEffect,
} from './removal.ts';
export * from './sparse.ts';
export { intersectMasks, maskWeights } from './weightsets.ts';
