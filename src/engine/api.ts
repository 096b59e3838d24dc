/**
 * The Engine API: plain data in, plain data out. The worker (src/engine/worker.ts) implements it on
 * top of src/model; the UI calls it through a typed comlink bridge. Tensors never cross it:
 * weights travel as Float32Arrays, masks as Uint8Arrays, results as plain objects.
 */
import type { MaskSet, NetGraph, ScoreSet, WeightSet } from '../core/types.ts';
import type {
  EvalResult,
  LatencyResult,
  TrainOptions,
  TrainProgress,
  TrainResult,
} from '../model/results.ts';

export type {
  EvalResult,
  GradualPruning,
  LatencyResult,
  TrainOptions,
  TrainProgress,
  TrainResult,
} from '../model/results.ts';
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

/**
 * The app's progress cadence (TrainOptions.reportEvery / minReportMs): a report after every batch
 * but at most ~10 a second, so small fast batches are not each stalled by a GPU read-back.
 */
export const APP_PROGRESS = { reportEvery: 1, minReportMs: 100 } as const;

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
