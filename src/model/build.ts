/**
 * A tf.Sequential built from a NetGraph, for zoo models, imported models and compacted models alike:
 * the graph drives everything.
 */
import * as tf from './tf.ts';
import type { LayerSpec, NetGraph, WeightSet } from '../core/types.ts';
import { gruResetAfter } from './gru-reset-after.ts';
import { registerGraph, weightVariables } from './variables.ts';

type Activation = NonNullable<Parameters<typeof tf.layers.dense>[0]['activation']>;

const ACTIVATIONS: readonly Activation[] = [
  'elu',
  'hardSigmoid',
  'linear',
  'relu',
  'relu6',
  'selu',
  'sigmoid',
  'softmax',
  'softplus',
  'softsign',
  'tanh',
  'swish',
  'mish',
  'gelu',
  'gelu_new',
];

/** True when TensorFlow.js knows the activation name. */
export function isKnownActivation(name: string): boolean {
  return ACTIVATIONS.some((a) => a === name);
}

function toActivation(layer: LayerSpec, a: string | undefined): Activation | undefined {
  if (a === undefined) return undefined;
  const found = ACTIVATIONS.find((x) => x === a);
  if (!found)
    throw new Error(
      `Layer ${layer.name} has activation '${a}', which TensorFlow.js does not know.`,
    );
  return found;
}

const zeros = { kernelInitializer: 'zeros', biasInitializer: 'zeros' } as const;

function hasBias(l: LayerSpec): boolean {
  return l.tensors.some((t) => t.role === 'bias');
}

/** Pool window of a pooling layer: its poolSize, else inferred from the shapes. */
function poolOf(l: LayerSpec): [number, number] {
  if (l.poolSize) return l.poolSize;
  const p = Math.max(1, Math.floor(l.inputShape[0] / l.outputShape[0]));
  return [p, p];
}

function rnnLayer(l: LayerSpec, first: { inputShape?: number[] }): tf.layers.Layer {
  const activation = toActivation(l, l.activation);
  const recurrentActivation = toActivation(l, l.recurrentActivation);
  const args = {
    ...first,
    ...zeros,
    recurrentInitializer: 'zeros' as const,
    name: l.name,
    units: l.units,
    useBias: hasBias(l),
    ...(activation ? { activation } : {}),
  };
  if (l.kind === 'simplernn') return tf.layers.simpleRNN(args);
  const withGate = recurrentActivation ? { ...args, recurrentActivation } : args;
  if (l.kind === 'gru' && l.resetAfter) return gruResetAfter(withGate);
  return l.kind === 'lstm' ? tf.layers.lstm(withGate) : tf.layers.gru(withGate);
}

/** The TensorFlow.js layer for one LayerSpec (initializers zero: weights are written after). */
export function layerOf(l: LayerSpec, inputShape?: number[]): tf.layers.Layer {
  const first = inputShape ? { inputShape } : {};
  const activation = toActivation(l, l.activation);
  switch (l.kind) {
    case 'conv2d':
      return tf.layers.conv2d({
        ...first,
        ...zeros,
        name: l.name,
        filters: l.units,
        kernelSize: l.kernelSize ?? [3, 3],
        strides: l.strides ?? [1, 1],
        padding: l.padding ?? 'same',
        useBias: hasBias(l),
        activation,
      });
    case 'maxpool':
    case 'avgpool': {
      const poolSize = poolOf(l);
      const args = {
        ...first,
        name: l.name,
        poolSize,
        strides: l.strides ?? poolSize,
        padding: l.padding ?? 'valid',
      };
      return l.kind === 'maxpool' ? tf.layers.maxPooling2d(args) : tf.layers.averagePooling2d(args);
    }
    case 'flatten':
      return tf.layers.flatten({ ...first, name: l.name });
    case 'reshape':
      return tf.layers.reshape({ ...first, name: l.name, targetShape: l.outputShape });
    case 'dropout':
      return tf.layers.dropout({ ...first, name: l.name, rate: l.rate ?? 0 });
    case 'activation':
      return tf.layers.activation({ ...first, name: l.name, activation: activation ?? 'linear' });
    case 'batchnorm':
      return tf.layers.batchNormalization({ ...first, name: l.name, epsilon: l.epsilon ?? 1e-3 });
    case 'dense':
      return tf.layers.dense({
        ...first,
        ...zeros,
        name: l.name,
        units: l.units,
        useBias: hasBias(l),
        activation,
      });
    case 'lstm':
    case 'gru':
    case 'simplernn':
      return rnnLayer(l, first);
  }
}

/**
 * Builds a tf.Sequential from a graph and loads its weights; the model is registered with the graph
 * (graphOfModel). Layer options come from each LayerSpec; TF.js defaults elsewhere (LSTM/GRU: tanh,
 * hard-sigmoid gates unless recurrentActivation says otherwise, GRU resetAfter as the spec says; pooling: stride =
 * pool size, valid padding).
 * @param graph layers in order; its first layer takes `graph.inputShape`
 * @param weights one Float32Array per tensor key, TF.js layouts
 * @param name model name
 */
export function sequentialFromGraph(
  graph: NetGraph,
  weights: WeightSet,
  name = `${graph.id}-built`,
): tf.Sequential {
  const model = tf.sequential({ name: name.replace(/[^A-Za-z0-9_.-]/g, '_') });
  graph.layers.forEach((l, i) => model.add(layerOf(l, i === 0 ? graph.inputShape : undefined)));
  const vars = weightVariables(model);
  for (const layer of graph.layers) {
    for (const t of layer.tensors) {
      const v = vars.get(t.key);
      const w = weights[t.key];
      if (!v || !w) {
        model.dispose();
        throw new Error(`Cannot load tensor ${t.key} into the built model.`);
      }
      const tensor = tf.tensor(w, t.shape, 'float32');
      v.write(tensor);
      tensor.dispose();
    }
  }
  registerGraph(model, graph);
  return model;
}
