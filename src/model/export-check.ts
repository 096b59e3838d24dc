/**
 * Check data shipped with an export: the first test examples, what the app predicts for them with
 * the masks applied (the evaluator's forward pass), and the pre-softmax logits, so an exported
 * model or recipe can prove it predicts the same.
 */
import * as tf from './tf.ts';
import type { CheckData } from '../core/recipes/types.ts';
import type { MaskSet, NetGraph, WeightSet } from '../core/types.ts';
import type { Dataset } from '../data/types.ts';
import type { ModelId } from '../data/models.ts';
import { maskedForward, maskedModel } from './masked.ts';
import { graphOfModel, getWeights, toInput } from './zoo.ts';

/** Test examples and the app's answers for them (inputs scaled as the model reads them). */
export type CheckSet = CheckData;

/**
 * The graph with its output's softmax replaced by 'linear' (logits out): the output layer's
 * activation, and an Activation layer after it (an imported model's classifier may end that way).
 */
function logitsGraph(graph: NetGraph): NetGraph {
  const out = graph.layers.findIndex((l) => l.isOutput);
  const layers = graph.layers.map((l, i) =>
    l.isOutput || (i > out && l.kind === 'activation' && l.activation === 'softmax')
      ? { ...l, activation: 'linear' }
      : l,
  );
  return { ...graph, layers };
}

/**
 * Logits [batch, classes] of the masked network (pre-softmax outputs), for input x.
 * @param graph the network; weights by tensor key in TF.js layouts
 */
export function maskedLogits(
  graph: NetGraph,
  weights: WeightSet,
  masks: MaskSet,
  x: tf.Tensor,
): Float32Array {
  const m = maskedModel({ graph: logitsGraph(graph), weights }, masks);
  try {
    const y = m.predict(x) as tf.Tensor;
    const out = y.dataSync() as Float32Array;
    y.dispose();
    return Float32Array.from(out);
  } finally {
    m.dispose();
  }
}

/**
 * The first n test examples of a dataset with the app's outputs for them (see CheckSet).
 * @param model a zoo model holding the current (unmasked) weights
 */
export function checkSet(
  model: tf.LayersModel,
  dataset: Dataset,
  masks: MaskSet,
  n = 100,
): CheckSet {
  const graph = graphOfModel(model);
  const count = Math.min(n, dataset.testY.length);
  const idx = Array.from({ length: count }, (_, i) => i);
  // An imported graph carries its own input shape and scaling; a zoo id gives the zoo's input.
  const x = toInput(
    dataset,
    idx,
    graph.id.startsWith('imported:') ? graph : (graph.id as ModelId),
    'test',
  );
  try {
    const y = maskedForward(model, masks, x, graph);
    const outputs = Float32Array.from(y.dataSync() as Float32Array);
    y.dispose();
    return {
      n: count,
      inputShape: graph.inputShape.slice(),
      inputs: Float32Array.from(x.dataSync() as Float32Array),
      labels: idx.map((i) => dataset.testY[i]),
      outputs,
      logits: maskedLogits(graph, getWeights(model), masks, x),
    };
  } finally {
    x.dispose();
  }
}
