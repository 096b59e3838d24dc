/**
 * Plain-data results and options of the model's work (evaluation, training, latency): what
 * src/model produces and the Engine API (src/engine/api.ts) passes through unchanged.
 */
import type { MaskSet, PruningConfig, WeightSet } from '../core/types.ts';

export interface EvalResult {
  accuracy: number; // 0..1
  loss: number;
  /** Number of test examples evaluated. */
  n: number;
  subset: 'preview' | 'full';
  /** Accuracy per class, 0..1. */
  perClass: number[];
  /** Confusion matrix, row = true class, column = predicted, counts. */
  confusion: number[][];
  /** Wall time in ms. */
  ms: number;
}

export interface TrainOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  optimizer: 'adam' | 'sgd';
  seed: number;
  /** Re-initialise from the seed before training (else continue from current weights). */
  fromScratch: boolean;
  /** Masks held fixed during training (pruned weights stay exactly zero). */
  masks?: MaskSet;
  /** Stop after this many batches in total (for quick fine-tunes and tests). */
  maxBatches?: number;
  /** Report progress every this many batches (default 1). */
  reportEvery?: number;
  /**
   * And no sooner than this many milliseconds after the previous report (default 0). A report reads
   * the loss back from the GPU, which stalls its queue, so a display that refreshes ~10 times a
   * second sets 100 rather than syncing after every small batch. Epoch ends and the last batch
   * always report.
   */
  minReportMs?: number;
  /**
   * Gradual pruning during training: at the schedule's update steps (batches done), masks are
   * recomputed with `config` at the schedule's sparsity for every layer (unlocked layers follow it,
   * as the global slider does). `masks` (if given) is the starting mask.
   */
  gradual?: GradualPruning;
}

/** A polynomial-decay schedule (TF Model Optimization's PolynomialDecay), in batches. */
export interface GradualPruning {
  config: PruningConfig;
  initialSparsity: number;
  finalSparsity: number;
  beginStep: number;
  endStep: number;
  frequency: number;
  power: number;
}

export interface TrainProgress {
  batch: number;
  batchesPerEpoch: number;
  epoch: number;
  epochs: number;
  /** Batches done over all epochs and total planned. */
  done: number;
  total: number;
  loss: number;
  accuracy: number;
  examplesPerSec: number;
  etaSec: number;
  /** Fraction of prunable weights currently pruned. */
  sparsity: number;
}

export interface TrainResult {
  weights: WeightSet;
  /** Masks in force at the end (changed by a gradual schedule). */
  masks?: MaskSet;
  /** Weights at the start of the run (the re-initialisation when fromScratch). */
  initial?: WeightSet;
  cancelled: boolean;
  history: TrainProgress[];
}

export interface LatencyResult {
  /** Median ms per batch of `batch` examples. */
  denseMs: number;
  maskedMs: number;
  compactedMs: number;
  batch: number;
  /** Parameters of the compacted model vs the dense one. */
  compactedParams: number;
  denseParams: number;
  /** Max |masked - compacted| over the batch's outputs (should be < 1e-4). */
  maxAbsDiff: number;
}
