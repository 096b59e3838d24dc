/**
 * Inputs of the recipe generators: plain data the main thread already holds (the graph, the
 * pruning setup, the masks it computed, and the schedule and training settings the user chose).
 */
import type { GradualSettings } from '../schedules.ts';
import type { MaskSet, NetGraph, PruningConfig } from '../types.ts';

/** A polynomial-decay schedule in training steps (batches): TF-MOT's PolynomialDecay. */
export type ScheduleSetup = GradualSettings;

/** Fine-tuning settings the recipes reuse. */
export interface TrainingSetup {
  epochs: number;
  batchSize: number;
  learningRate: number;
  optimizer: 'adam' | 'sgd';
}

/** Everything a recipe is generated from. */
export interface RecipeInput {
  graph: NetGraph;
  config: PruningConfig;
  /** The masks the app computed for `config` (1 = kept), TF.js layouts, by tensor key. */
  masks: MaskSet;
  /** Dataset id, e.g. 'mnist', 'fashion', 'waves' (names the data in the TF-MOT recipe). */
  datasetId: string;
  /** Gradual schedule, when the user set one (else one-shot / constant sparsity). */
  schedule?: ScheduleSetup;
  training?: TrainingSetup;
}

/** Test examples and the app's answers for them, shipped so a recipe can check itself. */
export interface CheckData {
  /** Number of examples. */
  n: number;
  /** Shape of one example (no batch axis), TF.js layout, e.g. [28, 28, 1] (NHWC) or [28, 28]. */
  inputShape: number[];
  /** Inputs [n, ...inputShape], row-major, scaled as the model reads them. */
  inputs: Float32Array;
  /** True class of each example. */
  labels: number[];
  /** The app's outputs [n, classes] (softmax probabilities), masks applied. */
  outputs: Float32Array;
  /** The app's pre-softmax logits [n, classes]. */
  logits: Float32Array;
}
