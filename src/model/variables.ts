/**
 * A built model's weight variables as plain data: the NetGraph each model was built from, a weights
 * version counter for caches, and Float32Array copies of the weights keyed `${layer}/${role}`.
 *
 * Weight layouts are TensorFlow.js's (see src/core/types.ts).
 */
import * as tf from './tf.ts';
import type { NetGraph, TensorRole, WeightSet } from '../core/types.ts';
import { ROLE_OF_NAME } from './roles.ts';

const graphOf = new WeakMap<tf.LayersModel, NetGraph>();
const versions = new WeakMap<tf.LayersModel, number>();

/** Records the NetGraph a model was built from (buildModel and sequentialFromGraph call it). */
export function registerGraph(model: tf.LayersModel, graph: NetGraph): void {
  graphOf.set(model, graph);
}

/** The NetGraph a model was built from (buildModel / sequentialFromGraph record it). */
export function graphOfModel(model: tf.LayersModel): NetGraph {
  const g = graphOf.get(model);
  if (!g) throw new Error('model was not built by buildModel or sequentialFromGraph');
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

/** The role of a layer weight from its variable name ('conv1/kernel', 'lstm1/recurrent_kernel'). */
function roleOf(v: tf.LayerVariable, layer: string): TensorRole {
  const base = v.originalName.split('/').pop() ?? '';
  const role = ROLE_OF_NAME[base.replace(/_\d+$/, '')];
  if (!role) throw new Error(`unexpected weight ${v.originalName} in layer ${layer}`);
  return role;
}

/**
 * The model's weight variables by tensor key (`${layer}/${role}`), in layer order and each layer's
 * weight order: [kernel, bias], [kernel, recurrentKernel, bias], or BatchNormalization's [gamma,
 * beta, movingMean, movingVariance] (the last two not trainable).
 */
export function weightVariables(model: tf.LayersModel): Map<string, tf.LayerVariable> {
  const out = new Map<string, tf.LayerVariable>();
  for (const layer of model.layers) {
    for (const v of layer.weights) out.set(`${layer.name}/${roleOf(v, layer.name)}`, v);
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

function prod(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
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

/** The backend variable behind a layer weight (what gradients and optimizers are keyed by). */
export function backendVariable(v: tf.LayerVariable): tf.Variable {
  const t = v.read();
  // instanceof on tfjs tensors is duck-typed; a Variable is the tensor that can be assigned.
  if (!('assign' in t)) throw new Error(`${v.name} is not backed by a tf.Variable`);
  return t as tf.Variable;
}
