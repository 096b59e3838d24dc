/**
 * The Engine API: plain data in, plain data out. The worker (src/engine/worker.ts) implements it on
 * top of src/model; the UI calls it through a typed comlink bridge. Tensors never cross it:
 * weights travel as Float32Arrays, masks as Uint8Arrays, results as plain objects.
 */
import type { InputScaling, MaskSet, NetGraph, ScoreSet, WeightSet } from '../core/types.ts';
import type { DatasetId } from '../data/types.ts';
import type { CheckData } from '../core/recipes/types.ts';
import type { ImportErrorCode } from '../model/import/errors.ts';
import type { BackendName } from '../model/backends.ts';
import type { ProbeEntry } from '../model/probe.ts';
import type {
  EvalResult,
  TrainOptions,
  PredictResult,
  TrainSnapshot,
  TrainProgress,
  TrainResult,
  LatencyResult,
  SparseLatencyResult,
  TfjsFiles,
} from '../model/results.ts';

export type * from '../model/results.ts';

export type { BackendName, ProbeEntry };

/** The zoo's models. */
import type { ModelId } from '../data/models.ts';
export type { ModelId };

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

/** Test examples (EngineApi.testExamples): `indices.length` examples of `size` values each. */
export interface TestExamples {
  /** Values in [0, 1] (image pixels / 255), row-major, example after example. */
  pixels: Float32Array;
  /** True class of each example. */
  labels: Uint8Array;
  /** Values per example (the product of the dataset's exampleShape). */
  size: number;
  /** One example's shape without batch, e.g. [28, 28, 1]. */
  shape: number[];
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
   * Test examples of the loaded dataset by index, for a gallery: pixels in [0, 1], row-major,
   * `size` values each (784 for a 28x28 image), concatenated in the order asked; and their labels.
   * Rejects with a RangeError for an index outside the test split.
   */
  testExamples(indices: number[]): Promise<TestExamples>;
  /**
   * The backend per job. Probes this machine's backends first when no probe figures are known
   * (cached in IndexedDB per renderer and user agent): call it after the first accuracy readout.
   */
  backendPlan(): Promise<BackendPlan>;
  /**
   * One step of the backend probe (one backend timed, or the figures adopted and cached once all
   * are): true when the probe is complete. Called at low priority, step by step, so that the probe
   * never holds up a preview for more than one backend's timing.
   */
  probeStep(): Promise<boolean>;
  /** Pins a job to a backend (null: back to the probe's choice); the UI persists it. */
  setBackendOverride(job: BackendJob, backend: BackendName | null): Promise<BackendPlan>;
  /**
   * Dense (masked model on the eval backend) vs sparse CSR inference of `batch` test examples, at
   * the masks and over a grid of sparsities, with the crossover. Null for recurrent models.
   */
  sparseLatency(masks: MaskSet, batch?: number): Promise<SparseLatencyResult | null>;
  /** The backend each job last really ran on (absent: not run yet). */
  jobBackends(): Promise<Partial<Record<BackendJob, string>>>;
  /** Diagnostics for tests: loses the WebGL context on purpose (WEBGL_lose_context). */
  loseContext(): Promise<boolean>;
  /**
   * Diagnostics for tests, on any backend: takes the path of a lost WebGL context (event, running
   * training settled with 'context-lost', later calls refused with EngineError 'context-lost').
   */
  simulateContextLoss(): void;
  /** Diagnostics for tests: tensors alive in tfjs (for leak checks). */
  numTensors(): number;
}
