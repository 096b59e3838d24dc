/**
 * The app's state: zustand slices (session, pruning, evaluation, training, ui) combined once.
 * Components read one value per selector; per-step training metrics go through `subscribe`.
 */
import { create } from 'zustand';
import type { NetworkMetrics } from '../core/index.ts';
import type {
  InputScaling,
  MaskSet,
  MethodId,
  NetGraph,
  PruningConfig,
  ScoreSet,
  WeightSet,
} from '../core/types.ts';
import type { DatasetId } from '../data/types.ts';
import type {
  BackendInfo,
  BackendJob,
  BackendPlan,
  EvalResult,
  ImportedModelId,
  ImportFilesInput,
  ImportResult,
  LatencyResult,
  ModelId,
  SparseLatencyResult,
  TrainProgress,
} from '../engine/api.ts';
import type { StorageStatus } from '../experiments/storage.ts';
import type { WeightHistory, WeightSnapshot } from '../experiments/weightHistory.ts';
import { emptyHistory } from '../experiments/weightHistory.ts';
import type { History } from './pruning.ts';
import type { ViewId } from './url.ts';

export interface Notice {
  id: number;
  kind: 'info' | 'warning' | 'error';
  text: string;
}

/** The model on screen: a zoo model or an imported one ('imported:<name>'). */
export type CurrentModelId = ModelId | ImportedModelId;

/** An imported model the session holds: its files (to switch dataset or reload) and its facts. */
export interface ImportedModel {
  id: ImportedModelId;
  files: ImportFilesInput;
  /** What the last successful import measured (graph and weights live in the session slice). */
  result: Omit<ImportResult, 'graph' | 'weights' | 'backend'>;
  /** The input scaling the visitor picked; absent: the one the preview favours is used. */
  scaling?: InputScaling;
}

/** The state of "Open model…": reading or checking files, or the last refusal (shown on screen). */
export type ImportState =
  | { kind: 'idle' }
  | { kind: 'importing'; what: string }
  | { kind: 'refused'; message: string; subject?: string };

export interface SessionSlice {
  modelId: CurrentModelId;
  /** The imported model, kept while the session lasts (also while a zoo model is on screen). */
  imported: ImportedModel | null;
  importState: ImportState;
  datasetId: DatasetId;
  status: 'starting' | 'loading' | 'ready' | 'error';
  /** A blocking error, shown in place of the workbench. */
  error: string | null;
  backend: BackendInfo | null;
  /** The backend per job and the probe's figures (null until asked for). */
  backendPlan: BackendPlan | null;
  /** Jobs a visitor pinned to a backend (kept in localStorage). */
  backendOverrides: Partial<Record<BackendJob, BackendPlan['jobs']['eval']>>;
  graph: NetGraph | null;
  /** Weights the masks are computed from (pretrained, or after training). */
  weights: WeightSet | null;
  pretrainedAccuracy: number | null;
  /** Full test-set evaluation of the unpruned weights. */
  baseline: EvalResult | null;
  /** Preview-subset evaluation of the unpruned weights (the fair reference for preview values). */
  baselinePreview: EvalResult | null;
  /** Gradient scores for SNIP / Taylor, computed on demand for the current weights. */
  scores: Partial<Record<'snip' | 'taylor', ScoreSet>>;
  /** Version of `weights` in the engine (the client's weights version); 0 before a load. */
  weightsVersion: number;
  /** Gradient scores being fetched for the setup on screen, or why they could not be. */
  scoresState: { kind: 'computing'; label: string } | { kind: 'failed'; message: string } | null;
}

export interface PruningSlice {
  config: PruningConfig;
  masks: MaskSet;
  history: History;
  /** The config when the current slider drag began (for one undo step per drag). */
  dragOrigin: PruningConfig | null;
  /**
   * The setup version: increments whenever the setup on screen changes (config, model, weights);
   * evaluation results carry the version they were computed for, and only a result carrying the
   * current one is current.
   */
  maskVersion: number;
  /** The setup version `masks` and `metrics` belong to (behind maskVersion while computing). */
  masksVersion: number;
  /** Parameters, FLOPs and bytes of the current masks (computed once per mask change). */
  metrics: NetworkMetrics | null;
}

/**
 * One point of the accuracy curve. `x` is the fraction of weights the point's masks prune (the
 * same quantity as the summary's and the marker's sparsity: for a structured method it exceeds
 * the slider setting, since a removed unit takes its inputs downstream with it); `sparsity` is
 * the uniform slider setting it was measured at; `y` the preview accuracy (0..1).
 */
export interface CurvePoint {
  x: number;
  y: number;
  sparsity: number;
}

export interface EvalSlice {
  preview: (EvalResult & { version: number }) | null;
  full: (EvalResult & { version: number }) | null;
  /** Accuracy against uniform sparsity for the current method (preview subset). */
  curve: { method: MethodId; points: CurvePoint[]; version: number } | null;
  evalError: string | null;
  /** The latest latency measurement and the setup version it measured. */
  latency: { result: LatencyResult; version: number } | null;
  /** The sparse (CSR) kernel against dense at every sparsity, and the setup version it measured
   * (result null: the model has no sparse path, e.g. LSTM/GRU). */
  sparseLatency: { result: SparseLatencyResult | null; version: number } | null;
  latencyState: 'idle' | 'running' | { error: string };
}

export interface TrainingSlice {
  trainStatus: 'idle' | 'running' | 'paused';
  trainMode: 'finetune' | 'scratch';
  epochs: number;
  learningRate: number;
  batchSize: number;
  progress: TrainProgress | null;
  trainHistory: TrainProgress[];
  /** Snapshots of the weights (checkpoint, before/after each run, interrupted runs, experiments). */
  weightHistory: WeightHistory;
  /** The last training run's snapshots, for "Undo training" (null when there is none to undo). */
  lastRun: { before: string; after: string | null } | null;
  /** After a reload: the weights of a run newer than the checkpoint, offered for restoring. */
  restoreOffer: WeightSnapshot | null;
  /** Whether weight snapshots survive a reload, and why not (null until probed). */
  storage: StorageStatus | null;
}

export interface UiSlice {
  theme: 'light' | 'dark';
  view: ViewId;
  selectedLayer: string | null;
  notices: Notice[];
  /** The open lesson and the position in it (steps, then quiz questions), or null. */
  lesson: { id: string; position: number } | null;
  lessonCollapsed: boolean;
  /** Presenter mode: large type, thick lines, one big chart at a time. */
  presenter: boolean;
  /** Controls a teacher's link hides or locks (ids from CONTROL_IDS in url.ts). */
  hidden: readonly string[];
  locked: readonly string[];
  /** Accuracies measured in this scene as sliders moved (layer null = the global slider). */
  trail: { layer: string | null; sparsity: number; accuracy: number }[];
}

export type AppState = SessionSlice & PruningSlice & EvalSlice & TrainingSlice & UiSlice;

const emptyConfig: PruningConfig = { method: 'magnitude', globalSparsity: 0, layers: {}, seed: 1 };

function preferredTheme(): 'light' | 'dark' {
  if (typeof window === 'undefined' || !window.matchMedia) return 'light';
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export const initialState: AppState = {
  modelId: 'cnn',
  imported: null,
  importState: { kind: 'idle' },
  datasetId: 'mnist',
  status: 'starting',
  error: null,
  backend: null,
  backendPlan: null,
  backendOverrides: {},
  graph: null,
  weights: null,
  pretrainedAccuracy: null,
  baseline: null,
  baselinePreview: null,
  scores: {},
  weightsVersion: 0,
  scoresState: null,
  config: emptyConfig,
  masks: {},
  history: { past: [], future: [] },
  dragOrigin: null,
  maskVersion: 0,
  masksVersion: 0,
  metrics: null,
  preview: null,
  full: null,
  curve: null,
  evalError: null,
  latency: null,
  sparseLatency: null,
  latencyState: 'idle',
  trainStatus: 'idle',
  trainMode: 'finetune',
  epochs: 1,
  learningRate: 1e-3,
  batchSize: 64,
  progress: null,
  trainHistory: [],
  weightHistory: emptyHistory(),
  lastRun: null,
  restoreOffer: null,
  storage: null,
  theme: preferredTheme(),
  view: 'workbench',
  selectedLayer: null,
  notices: [],
  lesson: null,
  lessonCollapsed: false,
  presenter: false,
  hidden: [],
  locked: [],
  trail: [],
};

/** The one store. Actions live in src/store/actions.ts and call `useApp.setState`. */
export const useApp = create<AppState>()(() => initialState);

let noticeId = 0;
/** Shows a notice (kept until dismissed; errors are never auto-dismissed). */
export function pushNotice(kind: Notice['kind'], text: string): void {
  const id = ++noticeId;
  useApp.setState((s) => ({
    notices: [...s.notices.filter((n) => n.text !== text), { id, kind, text }],
  }));
}

/** Takes down the notices saying `text` (e.g. a refusal that no longer holds). */
export function dropNotice(text: string): void {
  useApp.setState((s) => ({ notices: s.notices.filter((n) => n.text !== text) }));
}

export function dismissNotice(id: number): void {
  useApp.setState((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
}
