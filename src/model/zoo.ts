/**
 * The model zoo, described as data, and the bridge between that description and TensorFlow.js:
 * build a seeded model, describe it as a NetGraph, move weights in and out as Float32Arrays, and
 * turn dataset rows into input tensors.
 *
 * Weight layouts are TensorFlow.js's (see src/core/types.ts): Dense kernel [in, out]; Conv2D kernel
 * [kh, kw, in, out]; LSTM kernel [in, 4H] and recurrent kernel [H, 4H] with gates i, f, c, o; GRU
 * [in, 3H] and [H, 3H] with gates z, r, h.
 */
import * as tf from '@tensorflow/tfjs';
import type {
  LayerKind,
  LayerSpec,
  NetGraph,
  TensorRole,
  TensorSpec,
  WeightSet,
} from '../core/types.ts';
import type { Dataset, DatasetId } from '../data/types.ts';
import { MODEL_IDS, modelInfo, type ModelId, type ModelInfo } from '../data/models.ts';
import { deriveSeed, mulberry32, normal, type Rng } from '../core/random.ts';

/** One layer of a zoo architecture; `units: 'classes'` means "as many as the dataset has classes". */
export interface ZooLayer {
  name: string;
  kind: LayerKind;
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

/** The zoo. Layer names are shown in the UI and key every weight tensor (`${layer}/${role}`). */
export const ZOO: Record<ModelId, ZooEntry> = {
  cnn: {
    ...modelInfo('cnn'),
    layers: [
      {
        name: 'conv1',
        kind: 'conv2d',
        units: 8,
        kernelSize: [3, 3],
        padding: 'same',
        activation: 'relu',
      },
      { name: 'pool1', kind: 'maxpool', poolSize: 2 },
      {
        name: 'conv2',
        kind: 'conv2d',
        units: 16,
        kernelSize: [3, 3],
        padding: 'same',
        activation: 'relu',
      },
      { name: 'pool2', kind: 'maxpool', poolSize: 2 },
      {
        name: 'conv3',
        kind: 'conv2d',
        units: 16,
        kernelSize: [3, 3],
        padding: 'same',
        activation: 'relu',
      },
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

function rnnGates(kind: LayerKind): number {
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
 * Describes a zoo model on a dataset as plain data, by shape inference on the zoo entry (no tensors).
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

function glorotUniform(shape: number[], rng: Rng): Float32Array {
  let fanIn: number;
  let fanOut: number;
  if (shape.length === 4) {
    const rf = shape[0] * shape[1];
    fanIn = rf * shape[2];
    fanOut = rf * shape[3];
  } else {
    fanIn = shape[0];
    fanOut = shape[1];
  }
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const out = new Float32Array(prod(shape));
  for (let i = 0; i < out.length; i++) out[i] = (rng() * 2 - 1) * limit;
  return out;
}

/** Row-orthonormal [rows, cols] matrix (rows <= cols) by Gram–Schmidt on Gaussian rows. */
function orthogonal(rows: number, cols: number, rng: Rng): Float32Array {
  const m = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (;;) {
      for (let c = 0; c < cols; c++) m[r * cols + c] = normal(rng);
      for (let p = 0; p < r; p++) {
        let dot = 0;
        for (let c = 0; c < cols; c++) dot += m[r * cols + c] * m[p * cols + c];
        for (let c = 0; c < cols; c++) m[r * cols + c] -= dot * m[p * cols + c];
      }
      let norm = 0;
      for (let c = 0; c < cols; c++) norm += m[r * cols + c] ** 2;
      norm = Math.sqrt(norm);
      if (norm > 1e-6) {
        for (let c = 0; c < cols; c++) m[r * cols + c] /= norm;
        break;
      }
    }
  }
  return Float32Array.from(m);
}

/**
 * Seeded initial weights for a graph, in plain JavaScript (identical on every backend): Glorot-uniform
 * kernels, orthogonal recurrent kernels (rows orthonormal, [H, gH]), zero biases except the LSTM forget
 * gate bias (entries H..2H-1) set to 1. Each tensor draws from its own stream derived from seed and key.
 */
export function initialWeights(graph: NetGraph, seed: number): WeightSet {
  const w: WeightSet = {};
  for (const layer of graph.layers) {
    for (const t of layer.tensors) {
      const rng = mulberry32(deriveSeed(seed, t.key));
      if (t.role === 'kernel') w[t.key] = glorotUniform(t.shape, rng);
      else if (t.role === 'recurrentKernel') w[t.key] = orthogonal(t.shape[0], t.shape[1], rng);
      else {
        const b = new Float32Array(t.shape[0]);
        if (layer.kind === 'lstm') b.fill(1, layer.units, 2 * layer.units);
        w[t.key] = b;
      }
    }
  }
  return w;
}

function tfLayer(l: ZooLayer, units: number, inputShape: number[] | undefined): tf.layers.Layer {
  const first = inputShape ? { inputShape } : {};
  const zeros = { kernelInitializer: 'zeros', biasInitializer: 'zeros' } as const;
  switch (l.kind) {
    case 'conv2d':
      return tf.layers.conv2d({
        ...first,
        ...zeros,
        name: l.name,
        filters: units,
        kernelSize: l.kernelSize ?? [3, 3],
        padding: l.padding ?? 'same',
        activation: l.activation,
      });
    case 'maxpool':
      return tf.layers.maxPooling2d({ ...first, name: l.name, poolSize: l.poolSize ?? 2 });
    case 'flatten':
      return tf.layers.flatten({ ...first, name: l.name });
    case 'dense':
      return tf.layers.dense({ ...first, ...zeros, name: l.name, units, activation: l.activation });
    case 'lstm':
      return tf.layers.lstm({
        ...first,
        ...zeros,
        recurrentInitializer: 'zeros',
        name: l.name,
        units,
      });
    case 'gru':
      return tf.layers.gru({
        ...first,
        ...zeros,
        recurrentInitializer: 'zeros',
        name: l.name,
        units,
      });
  }
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
  const model = tf.sequential({ name: `${modelId}-${datasetId}` });
  ZOO[modelId].layers.forEach((l, i) => {
    const units = l.units === 'classes' ? graph.classes : (l.units ?? 0);
    model.add(tfLayer(l, units, i === 0 ? graph.inputShape : undefined));
  });
  graphOf.set(model, graph);
  setWeights(model, initialWeights(graph, seed));
  return model;
}

const graphOf = new WeakMap<tf.LayersModel, NetGraph>();
const versions = new WeakMap<tf.LayersModel, number>();

/** The NetGraph a model was built from (buildModel records it). */
export function graphOfModel(model: tf.LayersModel): NetGraph {
  const g = graphOf.get(model);
  if (!g) throw new Error('model was not built by buildModel');
  return g;
}

/** A counter bumped whenever the model's weights are written (setWeights, training); caches compare it. */
export function weightsVersion(model: tf.LayersModel): number {
  return versions.get(model) ?? 0;
}

/** Records that the model's weights changed (called by setWeights and by training). */
export function markWeightsChanged(model: tf.LayersModel): void {
  versions.set(model, weightsVersion(model) + 1);
}

/**
 * The model's weight variables by tensor key (`${layer}/${role}`), in graph tensor order. Roles come
 * from each layer's weight order: [kernel, bias] or [kernel, recurrentKernel, bias].
 */
export function weightVariables(model: tf.LayersModel): Map<string, tf.LayerVariable> {
  const out = new Map<string, tf.LayerVariable>();
  for (const layer of model.layers) {
    const ws = layer.weights;
    const roles: TensorRole[] =
      ws.length === 3
        ? ['kernel', 'recurrentKernel', 'bias']
        : ws.length === 2
          ? ['kernel', 'bias']
          : [];
    if (roles.length !== ws.length) throw new Error(`unexpected weights in layer ${layer.name}`);
    ws.forEach((v, i) => out.set(`${layer.name}/${roles[i]}`, v));
  }
  return out;
}

/** Copies every weight out of the model as plain Float32Arrays (TF layouts, row-major). Synchronous. */
export function getWeights(model: tf.LayersModel): WeightSet {
  const out: WeightSet = {};
  for (const [key, v] of weightVariables(model)) {
    out[key] = Float32Array.from(v.read().dataSync() as Float32Array);
  }
  return out;
}

/**
 * Writes weights into the model. Keys missing from `w` are left as they are; a wrong length throws.
 * Bumps the model's weights version.
 */
export function setWeights(model: tf.LayersModel, w: WeightSet): void {
  for (const [key, v] of weightVariables(model)) {
    const data = w[key];
    if (!data) continue;
    if (data.length !== prod(v.shape as number[])) {
      throw new Error(`${key}: expected ${prod(v.shape as number[])} values, got ${data.length}`);
    }
    const t = tf.tensor(data, v.shape as number[], 'float32');
    v.write(t);
    t.dispose();
  }
  markWeightsChanged(model);
}

/**
 * Builds an input tensor from dataset rows: uint8 images are divided by 255. Shape
 * [indices.length, ...inputShapeFor(modelId, dataset.id)]: [n, 28, 28, 1] for cnn/lenet, [n, 28, 28]
 * (28 row steps) for the RNNs, [n, 64, 1] for waves. The caller disposes it.
 */
export function toInput(
  dataset: Dataset,
  indices: ArrayLike<number>,
  modelId: ModelId,
  split: 'train' | 'test' = 'test',
): tf.Tensor {
  const x = split === 'train' ? dataset.trainX : dataset.testX;
  const size = prod(dataset.exampleShape);
  const n = indices.length;
  const out = new Float32Array(n * size);
  const scale = x instanceof Uint8Array ? 1 / 255 : 1;
  for (let i = 0; i < n; i++) {
    const src = indices[i] * size;
    const dst = i * size;
    for (let j = 0; j < size; j++) out[dst + j] = x[src + j] * scale;
  }
  return tf.tensor(out, [n, ...inputShapeFor(modelId, dataset.id)], 'float32');
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

/** The backend variable behind a layer weight (what gradients and optimizers are keyed by). */
export function backendVariable(v: tf.LayerVariable): tf.Variable {
  const t = v.read();
  // instanceof on tfjs tensors is duck-typed; a Variable is the tensor that can be assigned.
  if (!('assign' in t)) throw new Error(`${v.name} is not backed by a tf.Variable`);
  return t as tf.Variable;
}
