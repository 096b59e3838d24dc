/**
 * A lesson as data: a sequence of short steps, each setting a scene, saying what to look at and
 * asking one question whose answer is checked against what the app measured (LessonObservation).
 */
import type { LayerCurve } from '../core/allocate.ts';
import type { FlipCounts } from '../core/stats.ts';
import type { MethodId } from '../core/types.ts';
import type { DatasetId } from '../data/types.ts';
import type { ModelId } from '../data/models.ts';

/** The chart a step is about (the layout shows it first, presenter mode shows it big). */
export type ChartFocus =
  | 'curve'
  | 'heatmap'
  | 'histogram'
  | 'layers'
  | 'size'
  | 'latency'
  | 'confusion'
  | 'gallery'
  | 'sensitivity'
  | 'finetune'
  | 'schedules'
  | 'draw'
  | 'timelapse';

/** What a step sets up before the student looks. */
export interface Scene {
  model: ModelId;
  dataset: DatasetId;
  method: MethodId;
  /** 0..1, applied to every layer first. */
  globalSparsity: number;
  /** Per-layer sparsities (0..1) applied after the global one, by layer name. */
  layerSparsity?: Record<string, number>;
  /** Layer shown in the heatmap and histogram. */
  layer: string;
  /** Main view: the workbench, or the experiments view on one of its tabs. */
  view: 'workbench' | 'experiments';
  experimentTab?: 'sweep' | 'sensitivity' | 'schedules' | 'masks' | 'history';
  focus?: ChartFocus;
  /** Settings the step puts in the experiment forms (small runs, so a class does not wait). */
  experiment?: ExperimentSettings;
}

/**
 * Experiment settings a scene fills in. Sparsities are fractions; `grid` lists the sparsities
 * measured; `subset` is the preview or the full test set.
 */
export interface ExperimentSettings {
  sweep?: {
    methods: MethodId[];
    grid: number[];
    after: 'none' | 'finetune' | 'lottery';
    finetuneBatches: number;
    subset: 'preview' | 'full';
  };
  sensitivity?: { grid: number[]; subset: 'preview' | 'full'; target: number };
  gradual?: { batches: number; finalSparsity: number };
  imp?: { rounds: number; finalSparsity: number; batchesPerRound: number };
}

/** A sparsity and the accuracy measured there (both 0..1). */
export interface CurvePoint {
  sparsity: number;
  accuracy: number;
}

/** A training run's outcome, from the run history. */
export interface RunObservation {
  kind:
    | 'oneshot' // pruned, not retrained
    | 'finetune' // pruned, then fine-tuned with the masks held
    | 'gradual' // pruned on a schedule during training
    | 'iterative' // prune-and-fine-tune rounds
    | 'rewound' // lottery ticket: mask trained from the rewound initial weights
    | 'reinit'; // the same mask from fresh random weights
  model: ModelId;
  method: MethodId;
  /** Final weight sparsity, 0..1. */
  sparsity: number;
  /** Test accuracy after the run (0..1) and how many examples it was measured on. */
  accuracy: number;
  n: number;
  /** Accuracy of the unpruned weights on the same examples (0..1), when the run measured it. */
  reference: number | null;
  /** Training batches spent. */
  batches: number;
}

/**
 * Everything a check may read: the app's state and measurements for the setup on screen. A value
 * not measured yet is null (the check then says what to measure).
 */
export interface LessonObservation {
  model: ModelId;
  dataset: DatasetId;
  method: MethodId;
  globalSparsity: number;
  /** Selected layer. */
  layer: string;
  /** Fraction of each layer's prunable weights pruned (0..1), by layer name. */
  layerSparsity: Record<string, number>;
  /** Whole units (filters, neurons, hidden units) removed per layer, and units per layer. */
  removedUnits: Record<string, number>;
  units: Record<string, number>;
  /** Fraction pruned per gate of an RNN layer, gates in TF.js order (LSTM i f c o, GRU z r h). */
  gateSparsity: Record<string, number[]>;
  /** Accuracy of the pruned and of the unpruned model on the same examples (0..1). */
  accuracy: number | null;
  baselineAccuracy: number | null;
  /** Number of test examples those accuracies were measured on. */
  evaluated: number;
  /** Prunable weights, and those kept. */
  params: { total: number; kept: number };
  flops: { dense: number; pruned: number; compacted: number };
  bytes: { dense: number; bitmask: number; csr: number; compacted: number };
  /** Median ms per batch; null until measured. */
  latency: { denseMs: number; maskedMs: number; compactedMs: number } | null;
  /** Accuracy against uniform sparsity, by method (the live curve for the current one). */
  curves: Partial<Record<MethodId, CurvePoint[]>>;
  /** Accuracies measured on this scene as sliders moved, in order: which layer moved (null = global). */
  trail: (CurvePoint & { layer: string | null })[];
  /** Per-class accuracy (0..1) and confusion matrices (counts, row = true class) unpruned vs pruned. */
  perClass: { before: number[]; after: number[] } | null;
  confusion: { before: number[][]; after: number[][] } | null;
  classNames: string[];
  /** Predictions that changed between the unpruned and the pruned model. */
  flipped: FlipCounts | null;
  /** Sensitivity analysis: each layer pruned alone. */
  sensitivity: LayerCurve[] | null;
  /** Layer-wise sparsities allocated from the sensitivity curves, and the accuracy they measured. */
  allocation: { target: number; sparsities: Record<string, number>; accuracy: number } | null;
  /** Finished runs, newest last. */
  runs: RunObservation[];
}

/** A check's verdict, with feedback in words for the student (naming the measured value). */
export interface CheckResult {
  ok: boolean;
  feedback: string;
}

/** What a question needs measured; the store provides these and the check names a missing one. */
export type Need =
  | 'accuracy'
  | 'curve'
  | 'trail'
  | 'latency'
  | 'perClass'
  | 'flipped'
  | 'sensitivity'
  | 'allocation'
  | 'runs'
  | 'random-curve';

/** How an answer is typed: '%' a percentage (0.92 reads as 92%), 'pt' a difference in percentage points. */
export type AnswerSpec =
  | { kind: 'number'; unit: '%' | 'pt' | 'count' | 'x' | 'ms' | 'KB' }
  | { kind: 'choice'; options: { id: string; label: string }[] };

/** One question checked against the observation. */
export interface Question {
  id: string;
  prompt: string;
  answer: AnswerSpec;
  needs: Need[];
  /** The right answer, computed from the observation (as the student would type it); null when not measured. */
  expected(o: LessonObservation): string | null;
  /** For number answers: the tolerance around a right value v (in the answer's unit). */
  tolerance?: (v: number) => number;
  /** Checks a typed answer. Pure. */
  check(answer: string, o: LessonObservation): CheckResult;
  /** Where the answer stands on screen as it is asked for ('accuracy': the accuracy readout). */
  readout?: 'accuracy';
}

/** One step of a lesson. */
export interface LessonStep extends Question {
  title: string;
  scene: Scene;
  /** What to look at, one or two sentences. */
  text: string;
}

export interface Lesson {
  id: string;
  title: string;
  /** One line under the title. */
  summary: string;
  steps: LessonStep[];
  /** Questions at the end, answered from the screen as the last step leaves it. */
  quiz: Question[];
}
