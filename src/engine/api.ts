/**
 * The Engine API: plain data in, plain data out. The worker (src/engine/worker.ts) implements it on
 * top of src/model; the UI calls it through a typed comlink bridge. Tensors never cross it:
 * weights travel as Float32Arrays, masks as Uint8Arrays, results as plain objects.
 */
import type { MaskSet, NetGraph, PruningConfig, ScoreSet, WeightSet } from '../core/types.ts';
import type { DatasetId } from '../data/types.ts';

import type { ModelId } from '../data/models.ts';
export type { ModelId };

export interface BackendInfo {
  backend: string; // 'webgl' | 'cpu' | 'wasm'
  /** GPU renderer string when on WebGL, e.g. 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device ...))'. */
  renderer: string;
  /** Set when WebGL was wanted but not available, in words a user can read. */
  fallbackReason?: string;
}

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

export interface LoadResult {
  modelId: ModelId;
  datasetId: DatasetId;
  graph: NetGraph;
  /** Current (pretrained) weights. */
  weights: WeightSet;
  /**
   * Test accuracy recorded by pretraining, from the manifest; null when no checkpoint is shipped
   * for this pair and the model starts from its seeded initial weights, untrained.
   */
  pretrainedAccuracy: number | null;
  backend: BackendInfo;
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

/**
 * The app's progress cadence (TrainOptions.reportEvery / minReportMs): a report after every batch
 * but at most ~10 a second, so small fast batches are not each stalled by a GPU read-back.
 */
export const APP_PROGRESS = { reportEvery: 1, minReportMs: 100 } as const;

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

/** What the UI can call. All methods are async through the worker bridge. */
export interface EngineApi {
  init(prefer?: 'webgl' | 'cpu'): Promise<BackendInfo>;
  load(modelId: ModelId, datasetId: DatasetId): Promise<LoadResult>;
  /** Evaluate the current weights with the given masks applied. */
  evaluate(masks: MaskSet, subset: 'preview' | 'full'): Promise<EvalResult>;
  /** One-batch gradient scores: SNIP |g*w| or first-order Taylor, per tensor. */
  gradientScores(kind: 'snip' | 'taylor', masks: MaskSet): Promise<ScoreSet>;
  train(opts: TrainOptions, onProgress: (p: TrainProgress) => void): Promise<TrainResult>;
  pause(): void;
  resume(): void;
  cancel(): void;
  snapshot(): Promise<WeightSet>;
  setWeights(weights: WeightSet): Promise<void>;
  /**
   * Initial weights of the run that produced the current weights (the checkpoint's, until the
   * workbench trains from scratch), for lottery-ticket rewinding. Training does not change them.
   */
  initialWeights(): Promise<WeightSet>;
  /** Records new initial weights (after the workbench trained from scratch). */
  setInitialWeights(weights: WeightSet): Promise<void>;
  latency(masks: MaskSet, batch?: number): Promise<LatencyResult>;
  /** Diagnostics for tests: loses the WebGL context on purpose (WEBGL_lose_context). */
  loseContext(): Promise<boolean>;
  /** Diagnostics for tests: tensors alive in tfjs (for leak checks). */
  numTensors(): number;
}
