/**
 * The masked network: weights multiplied by their masks, and every layer src/core `removedLayers`
 * lists skipped as identity, the rule for the whole app (evaluation, compaction and metrics alike).
 */
import * as tf from './tf.ts';
import { removedLayers } from '../core/metrics.ts';
import type { MaskSet, NetGraph, WeightSet } from '../core/types.ts';
import { sequentialFromGraph } from './build.ts';
import { maskTemporarily } from './masking.ts';
import { getWeights, graphOfModel, weightVariables } from './variables.ts';

/** A network as plain data: its description and its weights by tensor key. */
export interface GraphWeights {
  graph: NetGraph;
  weights: WeightSet;
}

/**
 * The graph and weights of a source: a zoo model's (graph from graphOfModel, weights read from its
 * variables) or the given ones.
 */
export function sourceWeights(source: tf.LayersModel | GraphWeights): GraphWeights {
  return source instanceof tf.LayersModel
    ? { graph: graphOfModel(source), weights: getWeights(source) }
    : source;
}

function prod(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/**
 * Weights times masks, new arrays by tensor key (a tensor without a mask is kept whole).
 * @throws Error when a tensor has no weights, or weights or a mask do not fit its shape
 */
export function maskedWeights(graph: NetGraph, weights: WeightSet, masks: MaskSet): WeightSet {
  const out: WeightSet = {};
  for (const layer of graph.layers) {
    for (const t of layer.tensors) {
      const w = weights[t.key];
      if (!w) throw new Error(`No weights for tensor ${t.key}.`);
      if (w.length !== prod(t.shape)) {
        throw new Error(
          `Tensor ${t.key} has ${w.length} weights, its shape [${t.shape.join(', ')}] holds ${prod(t.shape)}.`,
        );
      }
      const m = masks[t.key];
      if (m && m.length !== w.length) {
        throw new Error(`The mask of ${t.key} has ${m.length} entries, the tensor ${w.length}.`);
      }
      const o = new Float32Array(w.length);
      for (let i = 0; i < w.length; i++) o[i] = m && m[i] === 0 ? 0 : w[i];
      out[t.key] = o;
    }
  }
  return out;
}

/**
 * The masked network's forward pass as the app evaluates it: weights multiplied by their masks, and
 * every layer src/core `removedLayers` lists skipped (identity). Synchronous: the masks are written
 * into the model's variables for the span of the call and the exact originals restored after.
 * The evaluator must apply the same rule (skip removed layers), or it will disagree with compaction
 * and metrics: an all-zero conv with relu outputs relu(0) = 0, not its input.
 * @param model a zoo model (or any Sequential whose layer names match `graph`)
 * @param masks 1 = kept, by tensor key
 * @param x input [batch, ...graph.inputShape]
 * @param graph the model's graph (default: graphOfModel(model))
 * @returns output [batch, classes]; the caller disposes it
 */
export function maskedForward(
  model: tf.LayersModel,
  masks: MaskSet,
  x: tf.Tensor,
  graph: NetGraph = graphOfModel(model),
): tf.Tensor {
  const skip = new Set(removedLayers(graph, masks));
  const restore = maskTemporarily(weightVariables(model), masks);
  try {
    return tf.tidy(() => {
      let y = x;
      for (const layer of model.layers) {
        if (skip.has(layer.name)) continue;
        const out = layer.apply(y);
        if (Array.isArray(out) || !(out instanceof tf.Tensor)) {
          throw new Error(`Layer ${layer.name} did not return a single tensor.`);
        }
        y = out;
      }
      return y;
    });
  } finally {
    restore();
  }
}

/**
 * The masked network as its own tf.Sequential (dense shapes, pruned weights exactly zero, removed
 * layers dropped as identity): what maskedForward computes, without rewriting the original's
 * weights on each call. The caller disposes it.
 */
export function maskedModel(source: tf.LayersModel | GraphWeights, masks: MaskSet): tf.Sequential {
  const { graph, weights } = sourceWeights(source);
  const skip = new Set(removedLayers(graph, masks));
  const g: NetGraph = { ...graph, layers: graph.layers.filter((l) => !skip.has(l.name)) };
  return sequentialFromGraph(g, maskedWeights(graph, weights, masks), `${graph.id}-masked`);
}
