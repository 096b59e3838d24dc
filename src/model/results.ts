/**
 * Plain results and options of the model layer: what src/model produces and the Engine API
 * (src/engine/api.ts) passes through unchanged. No tensors: weights are Float32Arrays, masks
 * Uint8Arrays.
 */
import type { GradualSettings } from '../core/schedules.ts';
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
  /**
   * Predicted class of each example evaluated, in the subset's order (for 'full', example i of the
   * test split); compare two results on the same subset for flipped predictions (core flipCounts).
   */
  predicted?: Uint8Array;
  /** True class of each example evaluated, same order and length as `predicted`. */
  labels?: Uint8Array;
  /** The tfjs backend that computed it ('webgl', 'wasm', 'cpu', 'webgpu'). */
  backend?: string;
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
  /**
   * Record a time-lapse of one tensor (key, e.g. 'dense1/kernel') during a gradual run: a frame at
   * every mask update and one at the end (TrainResult.timelapse).
   */
  timelapse?: { tensor: string; maxFrames?: number };
  /**
   * Resume an interrupted run: batches (over all epochs) already done by it. The seeded shuffle is
   * replayed, so with the same seed, epochs, batch size and starting weights (the snapshot taken at
   * that batch) the following batches are exactly those of the uninterrupted run. fromScratch is
   * ignored when startAt > 0 (the weights to resume from are the current ones). Optimizer state
   * starts afresh: identical to the uninterrupted run with SGD; with Adam the first and second
   * moments and the step count restart at zero, so the resumed run differs slightly. Default 0.
   */
  startAt?: number;
  /**
   * Weight snapshots for the page (the engine's train `onSnapshot`): one at the start (batch
   * startAt) and then after every `snapshotEvery` batches or, failing that, once `snapshotMs`
   * milliseconds have passed since the previous one (default 2000), never after the last batch
   * (the result holds those weights). A snapshot reads every weight back from the GPU.
   */
  snapshotEvery?: number;
  snapshotMs?: number;
}

/** One frame of a gradual-pruning time-lapse, for one tensor. */
export interface TimeLapseFrame {
  /** Batches done when the masks were updated. */
  step: number;
  /** Network-wide target sparsity of the schedule at this step, 0..1. */
  sparsity: number;
  /** Fraction of this tensor's weights pruned, 0..1. */
  layerSparsity: number;
  /** The tensor's mask (1 = kept), same layout as its weights. */
  mask: Uint8Array;
  /** The tensor's weights at this step, unmasked, row-major in TensorFlow.js layout. */
  weights: Float32Array;
  /** Training accuracy of the latest progress report before this frame (0..1), null before any. */
  accuracy: number | null;
}

/** Class probabilities of one example from the unpruned and the pruned model, length = classes. */
export interface PredictResult {
  unpruned: number[];
  pruned: number[];
  /** The tfjs backend that computed it (set by the engine). */
  backend?: string;
}

/** Weights as of a batch of a training run, handed to the page while the run goes on. */
export interface TrainSnapshot {
  weights: WeightSet;
  /** Batches of the run completed when the snapshot was taken (0 = before the first). */
  done: number;
}

/**
 * Why a run ended before its last batch without being cancelled:
 * - 'diverged': batch `batch` (1-based over the run) gave a non-finite loss or gradient; the run
 *   stopped there and the weights from before the run are back (TrainResult.weights). The last
 *   finite batch loss is given (null when the first batch already failed).
 * - 'context-lost': the WebGL context was lost; TrainResult.weights are the weights as of batch
 *   `lastBatch` (the last snapshot; the weights from before the run when none was taken). Restart
 *   the worker, load, set these weights and train again with `startAt: lastBatch` to resume.
 */
export type TrainStop =
  | { reason: 'diverged'; batch: number; lastFiniteLoss: number | null }
  | { reason: 'context-lost'; lastBatch: number };

/** A polynomial-decay schedule (TF Model Optimization's PolynomialDecay), in batches. */
export interface GradualPruning extends GradualSettings {
  config: PruningConfig;
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
  /** Frames of TrainOptions.timelapse, in step order (the last one after the final batch). */
  timelapse?: TimeLapseFrame[];
  /** Set when the run stopped early on its own (divergence, lost context); see TrainStop. */
  stopped?: TrainStop;
  /** The tfjs backend that trained. */
  backend?: string;
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
  /** The tfjs backend timed (the eval job's). */
  backend?: string;
}

/** Dense vs sparse (CSR) inference latency, ms per batch, medians. */
export interface SparseLatencyResult {
  /** Examples per timed batch. */
  batch: number;
  /** Global-magnitude sparsities (0..1) and the latency of both paths at each. */
  points: { sparsity: number; denseMs: number; sparseMs: number }[];
  /** Lowest sparsity from which the sparse path stays faster on this machine; null: never. */
  crossover: number | null;
  /** At the current masks; maxAbsDiff = max |dense - sparse| over the outputs (< 1e-4). */
  current: { denseMs: number; sparseMs: number; maxAbsDiff: number };
  /** The backend of the dense path. */
  backend: string;
}

/** One model in TensorFlow.js format, as `tf.loadLayersModel` reads it. */
export interface TfjsFiles {
  /** Text of model.json (format 'layers-model'); its weightsManifest names './weights.bin'. */
  json: string;
  /** Contents of weights.bin: float32 little-endian, tensors in manifest order. */
  weights: ArrayBuffer;
}
