/**
 * What the engine benchmark page (bench/engine-page.ts) exposes as `window.engineBench`, and the
 * plain-data report it returns to the Node driver (bench/engine-bench.ts).
 */
import type { LatencyResult, ModelId } from '../src/engine/api.ts';

/** What to measure for one model. */
export interface EngineBenchOptions {
  modelId: ModelId;
  /** Timed training batches per run, and untimed warm-up batches before the first run. */
  trainBatches: number;
  warmupBatches: number;
  batchSize: number;
  /** Repeats of every training variant (interleaved). */
  trainRepeats: number;
  /** Repeats of each cached evaluation kind. */
  evalRepeats: number;
  /** Sparsities of the one-layer sweeps. */
  sweepSparsities: number[];
  /** Layers swept on the preview subset, and (a subset of them) on the full test split. */
  sweepLayers: string[];
  sweepFullLayers: string[];
  /** Timed runs per model inside measureLatency (median reported). */
  latencyRuns: number;
}

/** The active tfjs backend and WebGL renderer of the page. */
export interface BackendReport {
  backend: string;
  renderer: string;
  tfjsVersion: string;
  userAgent: string;
}

/** Wall time of the training runs of one variant, one entry per repeat. */
export interface TrainVariant {
  /** e.g. 'model.fit', 'trainModel masked (report every batch)'. */
  name: string;
  examples: number;
  ms: number[];
  examplesPerSec: number[];
  /** trainModel's own figure (active time only, without the waits between batches). */
  reportedExamplesPerSec?: number[];
}

/** Evaluator timings for one subset. */
export interface EvalTimings {
  subset: 'preview' | 'full';
  n: number;
  /** First call on a fresh Evaluator (builds the input tensors; the very first also compiles shaders). */
  firstMs: number;
  /** Same masks again: everything cached, only statistics. */
  sameMasksMs: number[];
  /** The first weighted layer's mask changed: every layer recomputed (inputs cached). */
  firstLayerChangedMs: number[];
  /** The last weighted layer's mask changed: only the last layer recomputed. */
  lastLayerChangedMs: number[];
  accuracy: number;
}

/** A one-layer sweep, with and without the activation cache. */
export interface SweepTimings {
  layer: string;
  subset: 'preview' | 'full';
  sparsities: number[];
  cachedMs: number[];
  uncachedMs: number[];
  /** Evaluator.lastStart of the cached evaluations (first recomputed model layer). */
  cachedStart: number[];
  /** Accuracy at each sparsity (cached and uncached must agree). */
  accuracy: number[];
  maxAccuracyDiff: number;
}

/** Everything measured for one model. */
export interface ModelReport {
  modelId: ModelId;
  weights: number;
  layers: { name: string; weights: number }[];
  loadMs: number;
  train: TrainVariant[];
  evaluation: EvalTimings[];
  sweeps: SweepTimings[];
  latency: LatencyResult & { method: string; sparsity: number };
  /** tf.memory().numTensors before the run and after the model was disposed. */
  tensorsBefore: number;
  tensorsAfter: number;
}

export interface EngineBenchApi {
  backend(): Promise<BackendReport>;
  run(options: EngineBenchOptions): Promise<ModelReport>;
}

declare global {
  interface Window {
    engineBench?: EngineBenchApi;
  }
}
