/**
 * Plain-data description of a network and its weights, shared by every layer of the app.
 * Weight layouts are TensorFlow.js's: Dense kernel [in, out]; Conv2D kernel [kh, kw, in, out];
 * LSTM kernel [in, 4H] and recurrent kernel [H, 4H] with gates i, f, c, o; GRU [in, 3H] and
 * [H, 3H] with gates z, r, h. All arrays are row-major (last axis fastest).
 */

/**
 * Layer kinds of a sequential network (zoo or imported). Weighted: conv2d, dense, lstm, gru,
 * simplernn. Parameter-free, channels unchanged: maxpool, avgpool, dropout (Dropout and
 * SpatialDropout2D, identity at inference), activation (Activation, ReLU). Shape changes: flatten,
 * reshape. batchnorm holds per-channel parameters that follow its producer's units.
 */
export type LayerKind =
  | 'conv2d'
  | 'dense'
  | 'lstm'
  | 'gru'
  | 'simplernn'
  | 'maxpool'
  | 'avgpool'
  | 'flatten'
  | 'reshape'
  | 'dropout'
  | 'activation'
  | 'batchnorm';

/**
 * Role of one weight tensor inside its layer. BatchNormalization holds gamma, beta, movingMean and
 * movingVariance, each [channels].
 */
export type TensorRole =
  'kernel' | 'recurrentKernel' | 'bias' | 'gamma' | 'beta' | 'movingMean' | 'movingVariance';

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
  /** Conv2D / pooling strides [sh, sw] (default: 1 for conv, the pool size for pooling). */
  strides?: [number, number];
  /** Pooling window [ph, pw] (maxpool, avgpool). */
  poolSize?: [number, number];
  /** LSTM / GRU gate activation (default 'hardSigmoid', TensorFlow.js's; Keras uses 'sigmoid'). */
  recurrentActivation?: string;
  /**
   * GRU with Keras's reset_after=True: the reset gate multiplies the recurrent product
   * (h U_h + b_rec_h) and the bias is [2, 3H] (input row, recurrent row). Absent: reset_after=False.
   */
  resetAfter?: boolean;
  /** Dropout rate (dropout layers; identity at inference). */
  rate?: number;
  /** BatchNormalization epsilon (default 1e-3). */
  epsilon?: number;
  /** True when the layer can be removed whole: input and output shapes match and it is not the output. */
  removable: boolean;
  /** True for the classifier (last) layer: its outputs are classes and are never removed. */
  isOutput: boolean;
}

/** A sequential network as plain data. */
export interface NetGraph {
  /** Model id: a zoo ModelId such as 'cnn', or 'imported:<name>' for an imported model. */
  id: string;
  /** Input shape without batch, e.g. [28, 28, 1] or [28, 28] for a sequence of 28 steps. */
  inputShape: number[];
  classes: number;
  layers: LayerSpec[];
  /**
   * Scaling of uint8 pixels into the input: '0-1' divides by 255 (the zoo's), '0-255' feeds raw
   * values. Default '0-1'. Float datasets (waves) are fed as they are either way.
   */
  inputScaling?: InputScaling;
}

/** How uint8 pixels are scaled into a model's input. */
export type InputScaling = '0-1' | '0-255';

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
