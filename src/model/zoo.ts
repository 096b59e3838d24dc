/**
 * The model zoo, described as data, and the bridge between that description and TensorFlow.js:
 * build a seeded model, describe it as a NetGraph, move weights in and out as Float32Arrays, and
 * turn dataset rows into input tensors.
 *
 * Weight layouts are TensorFlow.js's (see src/core/types.ts): Dense kernel [in, out]; Conv2D kernel
 * [kh, kw, in, out]; LSTM kernel [in, 4H] and recurrent kernel [H, 4H] with gates i, f, c, o; GRU
 * [in, 3H] and [H, 3H] with gates z, r, h.
 */
import * as tf from './tf.ts';
import type { LayerSpec, NetGraph, TensorRole, TensorSpec } from '../core/types.ts';
import type { Dataset, DatasetId } from '../data/types.ts';
import { MODEL_IDS, modelInfo, type ModelId, type ModelInfo } from '../data/models.ts';
import { sequentialFromGraph } from './build.ts';
import { initialWeights } from './init.ts';

export { initialWeights } from './init.ts';
export {
  backendVariable,
  getWeights,
  graphOfModel,
  markWeightsChanged,
  setWeights,
  weightVariables,
  weightsVersion,
} from './variables.ts';

/** Layer kinds the zoo's own architectures use. */
export type ZooKind = 'conv2d' | 'dense' | 'lstm' | 'gru' | 'maxpool' | 'flatten';

/** One layer of a zoo architecture; `units: 'classes'` means "as many as the dataset has classes". */
export interface ZooLayer {
  name: string;
  kind: ZooKind;
  units?: number | 'classes';
  kernelSize?: [number, number];
  padding?: 'same' | 'valid';
  activation?: 'relu' | 'softmax';
  poolSize?: number;
}

/** A zoo model as plain data. */
export interface ZooEntry extends ModelInfo {
  layers: ZooLayer[];
}

/** Facts about each dataset that the zoo needs (shapes exclude the batch axis). */
export const DATASET_SHAPES: Record<
  DatasetId,
  { kind: 'image' | 'sequence'; exampleShape: number[]; classes: number }
> = {
  mnist: { kind: 'image', exampleShape: [28, 28, 1], classes: 10 },
  fashion: { kind: 'image', exampleShape: [28, 28, 1], classes: 10 },
  waves: { kind: 'sequence', exampleShape: [64, 1], classes: 4 },
};

/** A 3×3 Conv2D with SAME padding and relu. */
function conv3x3(name: string, units: number): ZooLayer {
  return { name, kind: 'conv2d', units, kernelSize: [3, 3], padding: 'same', activation: 'relu' };
}

/** The zoo. Layer names are shown in the UI and key every weight tensor (`${layer}/${role}`). */
export const ZOO: Record<ModelId, ZooEntry> = {
  cnn: {
    ...modelInfo('cnn'),
    layers: [
      conv3x3('conv1', 8),
      { name: 'pool1', kind: 'maxpool', poolSize: 2 },
      conv3x3('conv2', 16),
      { name: 'pool2', kind: 'maxpool', poolSize: 2 },
      conv3x3('conv3', 16),
      { name: 'flatten', kind: 'flatten' },
      { name: 'dense1', kind: 'dense', units: 64, activation: 'relu' },
      { name: 'dense2', kind: 'dense', units: 'classes', activation: 'softmax' },
    ],
  },
  'lenet-300-100': {
    ...modelInfo('lenet-300-100'),
    layers: [
      { name: 'flatten', kind: 'flatten' },
      { name: 'fc1', kind: 'dense', units: 300, activation: 'relu' },
      { name: 'fc2', kind: 'dense', units: 100, activation: 'relu' },
      { name: 'fc3', kind: 'dense', units: 'classes', activation: 'softmax' },
    ],
  },
  lstm: {
    ...modelInfo('lstm'),
    layers: [
      { name: 'lstm1', kind: 'lstm', units: 64 },
      { name: 'dense1', kind: 'dense', units: 'classes', activation: 'softmax' },
    ],
  },
  gru: {
    ...modelInfo('gru'),
    layers: [
      { name: 'gru1', kind: 'gru', units: 64 },
      { name: 'dense1', kind: 'dense', units: 'classes', activation: 'softmax' },
    ],
  },
};

export { MODEL_IDS };

/** True when the model can be trained on the dataset. */
export function fits(modelId: ModelId, datasetId: DatasetId): boolean {
  return ZOO[modelId].datasets.includes(datasetId);
}

/**
 * Input shape of one example (no batch axis) for a model on a dataset: images are [28, 28, 1] for
 * the cnn and lenet, and 28 steps of 28-pixel rows [28, 28] for the RNNs; waves are [64, 1].
 */
export function inputShapeFor(modelId: ModelId, datasetId: DatasetId): number[] {
  const d = DATASET_SHAPES[datasetId];
  if (ZOO[modelId].input === 'image') {
    if (d.kind !== 'image')
      throw new Error(`${modelId} needs image data, ${datasetId} is a sequence`);
    return d.exampleShape.slice();
  }
  if (d.kind === 'image') return d.exampleShape.slice(0, 2);
  return d.exampleShape.slice();
}

function rnnGates(kind: ZooKind): number {
  return kind === 'lstm' ? 4 : kind === 'gru' ? 3 : 0;
}

function prod(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function spec(layer: string, role: TensorRole, shape: number[]): TensorSpec {
  return { key: `${layer}/${role}`, role, shape };
}

function shapesEqual(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/**
 * Describes a zoo model on a dataset as plain data (maxpool layers carry poolSize), by shape inference on the zoo entry (no tensors).
 * Tensors are keyed `${layer}/${role}` in the order the model holds them (kernel, recurrentKernel,
 * bias). `removable` = input shape equals output shape and the layer is not the output.
 * @param classes overrides the class count from DATASET_SHAPES (e.g. from a loaded Dataset)
 */
export function describeGraph(modelId: ModelId, datasetId: DatasetId, classes?: number): NetGraph {
  const entry = ZOO[modelId];
  const nClasses = classes ?? DATASET_SHAPES[datasetId].classes;
  const inputShape = inputShapeFor(modelId, datasetId);
  let shape = inputShape.slice();
  const layers: LayerSpec[] = entry.layers.map((l, i) => {
    const isOutput = i === entry.layers.length - 1;
    const units = l.units === 'classes' ? nClasses : (l.units ?? 0);
    const inShape = shape.slice();
    let outShape: number[];
    let tensors: TensorSpec[] = [];
    switch (l.kind) {
      case 'conv2d': {
        const [kh, kw] = l.kernelSize ?? [3, 3];
        const [h, w, c] = inShape;
        outShape =
          (l.padding ?? 'same') === 'same' ? [h, w, units] : [h - kh + 1, w - kw + 1, units];
        tensors = [spec(l.name, 'kernel', [kh, kw, c, units]), spec(l.name, 'bias', [units])];
        break;
      }
      case 'maxpool': {
        const p = l.poolSize ?? 2;
        outShape = [Math.floor(inShape[0] / p), Math.floor(inShape[1] / p), inShape[2]];
        break;
      }
      case 'flatten':
        outShape = [prod(inShape)];
        break;
      case 'dense':
        outShape = [units];
        tensors = [
          spec(l.name, 'kernel', [inShape[inShape.length - 1], units]),
          spec(l.name, 'bias', [units]),
        ];
        break;
      case 'lstm':
      case 'gru': {
        const g = rnnGates(l.kind) * units;
        outShape = [units];
        tensors = [
          spec(l.name, 'kernel', [inShape[inShape.length - 1], g]),
          spec(l.name, 'recurrentKernel', [units, g]),
          spec(l.name, 'bias', [g]),
        ];
        break;
      }
    }
    shape = outShape;
    const out: LayerSpec = {
      name: l.name,
      kind: l.kind,
      inputShape: inShape,
      outputShape: outShape,
      units: l.kind === 'maxpool' || l.kind === 'flatten' ? 0 : units,
      tensors,
      removable: !isOutput && shapesEqual(inShape, outShape),
      isOutput,
    };
    if (l.kind === 'conv2d') {
      out.kernelSize = l.kernelSize ?? [3, 3];
      out.padding = l.padding ?? 'same';
    }
    if (l.kind === 'maxpool') out.poolSize = [l.poolSize ?? 2, l.poolSize ?? 2];
    const act = l.activation ?? (l.kind === 'lstm' || l.kind === 'gru' ? 'tanh' : undefined);
    if (act) out.activation = act;
    return out;
  });
  return { id: modelId, inputShape, classes: nClasses, layers };
}

/** Every tensor of a graph in network order (the order of checkpoints and of getWeights). */
export function graphTensors(graph: NetGraph): TensorSpec[] {
  return graph.layers.flatMap((l) => l.tensors);
}

/**
 * Builds a zoo model for a dataset with seeded initial weights (see initialWeights): the same seed
 * reproduces the same initial weights bit for bit. Input [batch, ...inputShapeFor(modelId, datasetId)],
 * output [batch, classes] softmax probabilities.
 */
export function buildModel(
  modelId: ModelId,
  datasetId: DatasetId,
  seed: number,
  classes?: number,
): tf.Sequential {
  if (!fits(modelId, datasetId)) throw new Error(`${modelId} does not fit ${datasetId}`);
  const graph = describeGraph(modelId, datasetId, classes);
  return sequentialFromGraph(graph, initialWeights(graph, seed), `${modelId}-${datasetId}`);
}

/**
 * Builds an input tensor from dataset rows. For a zoo ModelId: uint8 images divided by 255, shape
 * [n, ...inputShapeFor(modelId, dataset.id)] ([n, 28, 28, 1] for cnn/lenet, [n, 28, 28] row steps
 * for the RNNs, [n, 64, 1] for waves). For a NetGraph: shape [n, ...graph.inputShape] (its size must
 * equal the example's), uint8 pixels divided by 255 unless graph.inputScaling is '0-255'. Float
 * data (waves) is fed as it is. The caller disposes it.
 */
export function toInput(
  dataset: Dataset,
  indices: ArrayLike<number>,
  target: ModelId | NetGraph,
  split: 'train' | 'test' = 'test',
): tf.Tensor {
  const x = split === 'train' ? dataset.trainX : dataset.testX;
  const size = prod(dataset.exampleShape);
  const shape = typeof target === 'string' ? inputShapeFor(target, dataset.id) : target.inputShape;
  if (prod(shape) !== size) {
    throw new Error(
      `The model reads inputs of shape [${shape.join(', ')}], ${dataset.id} examples are [${dataset.exampleShape.join(', ')}].`,
    );
  }
  const raw = typeof target !== 'string' && target.inputScaling === '0-255';
  const scale = x instanceof Uint8Array && !raw ? 1 / 255 : 1;
  const n = indices.length;
  const out = new Float32Array(n * size);
  for (let i = 0; i < n; i++) {
    const src = indices[i] * size;
    const dst = i * size;
    for (let j = 0; j < size; j++) out[dst + j] = x[src + j] * scale;
  }
  return tf.tensor(out, [n, ...shape], 'float32');
}

/** Labels of dataset rows as an int32 tensor [n]. The caller disposes it. */
export function toLabels(
  dataset: Dataset,
  indices: ArrayLike<number>,
  split: 'train' | 'test' = 'test',
): tf.Tensor1D {
  const y = split === 'train' ? dataset.trainY : dataset.testY;
  const out = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) out[i] = y[indices[i]];
  return tf.tensor1d(out, 'int32');
}
