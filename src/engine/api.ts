/**
 * The Engine API: plain data in, plain data out. The worker (src/engine/worker.ts) implements it on
 * top of src/model; the UI calls it through a typed comlink bridge. Tensors never cross it:
 * weights travel as Float32Arrays, masks as Uint8Arrays, results as plain objects.
 */
import type {
  InputScaling,
  MaskSet,
  NetGraph,
  PruningConfig,
  ScoreSet,
  WeightSet,
} from '../core/types.ts';
import type { DatasetId } from '../data/types.ts';
import type { CheckData } from '../core/recipes/types.ts';
import type { ImportErrorCode } from '../model/import/errors.ts';
import type { BackendName } from '../model/backends.ts';
import type { ProbeEntry } from '../model/probe.ts';

export type { BackendName, ProbeEntry };

/** The zoo's models. */
export type ModelId = 'cnn' | 'lenet-300-100' | 'lstm' | 'gru';

/** The id of an imported model: 'imported:' + the model's name; never a zoo ModelId. */
export type ImportedModelId = `imported:${string}`;

/** True for the id of an imported model (graph.id of an imported graph). */
export function isImportedId(id: string): id is ImportedModelId {
  return id.startsWith('imported:');
}

/** The files of a model to import: model.json's text and each weight shard's bytes by file name. */
export interface ImportFilesInput {
  json: string;
  /** Shard bytes keyed by file name (a path is matched by its base name, e.g. 'group1-shard1of2.bin'). */
  weights: Record<string, ArrayBuffer>;
}

/** Options of EngineApi.loadImported. */
export interface ImportOptions {
  /** Force an input scaling instead of choosing the better one on the preview subset. */
  scaling?: InputScaling;
}

/** Facts about an imported model for display. */
export interface ImportedInfo {
  /** The model's name in its model.json (e.g. 'sequential'). */
  name: string;
  /** 'tfjs' = saved by tfjs model.save(); 'keras' = converted from Keras by tensorflowjs. */
  source: 'tfjs' | 'keras';
  /** e.g. 'keras v2.15.0' or 'TensorFlow.js tfjs-layers v4.22.0'. */
  generatedBy: string;
  /** e.g. 'TensorFlow.js Converter v4.22.0', or ''. */
  convertedBy: string;
  /** Parameters (every tensor element). */
  params: number;
  /** Sentences to show, e.g. that a linear output is read through softmax. */
  notes: string[];
}

/** Both input scalings measured on the preview subset of the dataset, unpruned. */
export interface ScalingChoice {
  chosen: InputScaling;
  /** Preview accuracy (0..1) with pixels / 255 and with raw 0..255 pixels. */
  accuracy: Record<InputScaling, number>;
  /** Examples in the preview subset. */
  n: number;
}

/** A loaded imported model (the current model of the engine from now on). */
export interface ImportResult {
  modelId: ImportedModelId;
  datasetId: DatasetId;
  /** Its graph (graph.id === modelId, graph.inputScaling === scaling.chosen). */
  graph: NetGraph;
  weights: WeightSet;
  /** Shipped datasets whose examples fit the input and classes; datasetId is one of them. */
  fittingDatasets: DatasetId[];
  scaling: ScalingChoice;
  /** Unpruned accuracy (0..1) on the full test split with the chosen scaling. */
  testAccuracy: number;
  /** Examples in the full test split. */
  testN: number;
  info: ImportedInfo;
  backend: BackendInfo;
}

/** Why an import was refused (the current model stays loaded); `message` is for the visitor. */
export interface ImportRefusal {
  code: ImportErrorCode;
  message: string;
  /** The layer, tensor or file the message names, when there is one. */
  subject?: string;
}

/** The answer of loadImported: the new model, or the refusal. */
export type ImportOutcome =
  { ok: true; result: ImportResult } | { ok: false; error: ImportRefusal };

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
  /** The tfjs backend that computed it ('webgl', 'wasm', 'cpu', 'webgpu'). */
  backend?: string;
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

/** A job that runs on its own backend: evaluation/inference, training, gradient scores. */
export type BackendJob = 'eval' | 'train' | 'scores';

/** Which backend each job runs on, and why (plain data for the header and its override menu). */
export interface BackendPlan {
  /** The backend each job runs on now (an override, else the probe's fastest). */
  jobs: Record<BackendJob, BackendName>;
  /** Probe figures per available backend (empty until probed). */
  probe: ProbeEntry[];
  /** Jobs a user pinned to a backend with setBackendOverride. */
  overridden: Partial<Record<BackendJob, BackendName>>;
  /** True once the probe ran or was read from the browser's cache. */
  probed: boolean;
}

/** One model in TensorFlow.js format, as `tf.loadLayersModel` reads it. */
export interface TfjsFiles {
  /** Text of model.json (format 'layers-model'); its weightsManifest names './weights.bin'. */
  json: string;
  /** Contents of weights.bin: float32 little-endian, tensors in manifest order. */
  weights: ArrayBuffer;
}

/** Options of EngineApi.exportModel. */
export interface ExportOptions {
  /** Also export the compacted model when structure was removed (default true). */
  compact?: boolean;
  /** Test examples shipped as check data with the app's outputs (default 100). */
  checkExamples?: number;
}

/** The pruned model as files, and check data (see src/model/export.ts, export-check.ts). */
export interface ModelExport {
  /** The unpruned weights (what the PyTorch and TF-MOT recipes start from). */
  dense: TfjsFiles;
  /** Pruned weights as zeros in place, same shapes; layers removed whole dropped. */
  masked: TfjsFiles;
  /** Pruned units and removed layers physically gone; absent when nothing structural was removed. */
  compacted?: TfjsFiles;
  /** Parameters held by each file's model (compacted null when absent). */
  params: { dense: number; masked: number; compacted: number | null };
  /** First test examples and the app's outputs for them, masks applied. */
  check: CheckData;
}

/** What the UI can call. All methods are async through the worker bridge. */
export interface EngineApi {
  init(prefer?: 'webgl' | 'cpu'): Promise<BackendInfo>;
  load(modelId: ModelId, datasetId: DatasetId): Promise<LoadResult>;
  /**
   * Imports a tfjs LayersModel and makes it the current model, on `datasetId` (default: the first
   * fitting dataset). Everything is checked (JSON, layers, files, bytes, values, dataset fit) before
   * anything is replaced: a refusal leaves the current model loaded. Other failures (a lost
   * context) reject as usual.
   */
  loadImported(
    files: ImportFilesInput,
    datasetId?: DatasetId,
    opts?: ImportOptions,
  ): Promise<ImportOutcome>;
  /**
   * Checks model.json alone (no weights, no dataset, nothing loaded): the datasets it fits, or the
   * refusal. For a first answer while the shards are still being read.
   */
  checkImport(json: string): Promise<
    | {
        ok: true;
        name: string;
        inputShape: number[];
        classes: number;
        fittingDatasets: DatasetId[];
      }
    | { ok: false; error: ImportRefusal }
  >;
  /** Evaluate the current weights with the given masks applied. */
  evaluate(masks: MaskSet, subset: 'preview' | 'full'): Promise<EvalResult>;
  /** One-batch gradient scores: SNIP |g*w| or first-order Taylor, per tensor. */
  gradientScores(kind: 'snip' | 'taylor', masks: MaskSet): Promise<ScoreSet>;
  /**
   * Trains the loaded model. Never rejects because of divergence or a lost context: the result's
   * `stopped` says so. `onSnapshot` receives weight snapshots (transferred Float32Arrays) on the
   * cadence of opts.snapshotEvery / snapshotMs.
   */
  train(
    opts: TrainOptions,
    onProgress: (p: TrainProgress) => void,
    onSnapshot?: (s: TrainSnapshot) => void,
  ): Promise<TrainResult>;
  pause(): void;
  resume(): void;
  cancel(): void;
  snapshot(): Promise<WeightSet>;
  /** Sets the weights; refuses non-finite ones (EngineError 'non-finite-weights'), keeping the current. */
  setWeights(weights: WeightSet): Promise<void>;
  /**
   * Initial weights of the run that produced the current weights (the checkpoint's, until the
   * workbench trains from scratch), for lottery-ticket rewinding. Training does not change them.
   */
  initialWeights(): Promise<WeightSet>;
  /** Records new initial weights (after the workbench trained from scratch). */
  setInitialWeights(weights: WeightSet): Promise<void>;
  latency(masks: MaskSet, batch?: number): Promise<LatencyResult>;
  /**
   * The current weights with these masks as TensorFlow.js files (dense, masked and, where
   * structure was removed, compacted) plus check data; recipes are generated from plain data on
   * the main thread (src/core/recipes) and bundled by src/engine/export-bundle.ts.
   */
  exportModel(masks: MaskSet, options?: ExportOptions): Promise<ModelExport>;
  /**
   * Class probabilities of one image (784 values in [0, 1], row-major 28x28, reshaped to the model's
   * input) from the current weights unpruned and with `masks` applied.
   */
  predict(input: Float32Array, masks: MaskSet): Promise<PredictResult>;
  /**
   * The backend per job. Probes this machine's backends first when no probe figures are known
   * (cached in IndexedDB per renderer and user agent): call it after the first accuracy readout.
   */
  backendPlan(): Promise<BackendPlan>;
  /** Pins a job to a backend (null: back to the probe's choice); the UI persists it. */
  setBackendOverride(job: BackendJob, backend: BackendName | null): Promise<BackendPlan>;
  /**
   * Dense (masked model on the eval backend) vs sparse CSR inference of `batch` test examples, at
   * the masks and over a grid of sparsities, with the crossover. Null for recurrent models.
   */
  sparseLatency(masks: MaskSet, batch?: number): Promise<SparseLatencyResult | null>;
  /** The backend each job last really ran on (absent: not run yet). */
  jobBackends(): Promise<Partial<Record<BackendJob, string>>>;
}
