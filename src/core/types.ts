/**
 * Plain-data description of a network and its weights, shared by every layer of the app.
 * Weight layouts are TensorFlow.js's: Dense kernel [in, out]; Conv2D kernel [kh, kw, in, out];
 * LSTM kernel [in, 4H] and recurrent kernel [H, 4H] with gates i, f, c, o; GRU [in, 3H] and
 * [H, 3H] with gates z, r, h. All arrays are row-major (last axis fastest).
 */

/** Layer kinds in the zoo's sequential networks. */
export type LayerKind = 'conv2d' | 'dense' | 'lstm' | 'gru' | 'maxpool' | 'flatten';

/** Role of one weight tensor inside its layer. */
export type TensorRole = 'kernel' | 'recurrentKernel' | 'bias';

/** One weight tensor: `key` is `${layerName}/${role}` and indexes WeightSet and MaskSet. */
export interface TensorSpec {
  key: string;
  role: TensorRole;
  shape: number[];
}

/** One layer of a sequential network (shapes exclude the batch axis). */
export interface LayerSpec {
  name: string;
  kind: LayerKind;
  inputShape: number[];
  outputShape: number[];
  /** Output units: conv filters, dense neurons, RNN hidden units; 0 for parameter-free layers. */
  units: number;
  /** Weight tensors (empty for pooling and flatten). */
  tensors: TensorSpec[];
  /** Conv2D: kernel size [kh, kw], padding; others leave these out. */
  kernelSize?: [number, number];
  padding?: 'same' | 'valid';
  /** Activation name for display, e.g. 'relu', 'softmax', 'tanh'. */
  activation?: string;
  /** True when the layer can be removed whole: input and output shapes match and it is not the output. */
  removable: boolean;
  /** True for the classifier (last) layer: its outputs are classes and are never removed. */
  isOutput: boolean;
}

/** A sequential network as plain data. */
export interface NetGraph {
  /** Model id in the zoo, e.g. 'cnn'. */
  id: string;
  /** Input shape without batch, e.g. [28, 28, 1] or [28, 28] for a sequence of 28 steps. */
  inputShape: number[];
  classes: number;
  layers: LayerSpec[];
}

/** Weights by tensor key (`${layer}/${role}`), each row-major in TensorFlow.js layout. */
export type WeightSet = Record<string, Float32Array>;
/** Masks by tensor key, same length as the weights: 1 = kept, 0 = pruned. */
export type MaskSet = Record<string, Uint8Array>;
/** Importance scores by tensor key (higher = more important), same length as the weights. */
export type ScoreSet = Record<string, Float32Array>;

/** Pruning method ids, derived from the registry in methods.ts. */
import type { MethodId } from './methods.ts';
export type { MethodId };

/** Per-layer pruning setting. */
export interface LayerPruning {
  sparsity: number;
  /** Overrides the global method for this layer when set. */
  method?: MethodId;
  /** A locked layer keeps its sparsity when the global slider moves. */
  locked: boolean;
  /** Remove the whole layer (only where LayerSpec.removable). */
  removed?: boolean;
}

/** The whole pruning setup: what the URL stores and what masks are computed from. */
export interface PruningConfig {
  method: MethodId;
  globalSparsity: number;
  layers: Record<string, LayerPruning>;
  seed: number;
}
