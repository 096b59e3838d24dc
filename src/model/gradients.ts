/**
 * Gradients of the loss for pruning scores: SNIP / Taylor scores from one batch,
 * and the fixed batch they are computed on.
 */
import * as tf from './tf.ts';
import type { MaskSet, ScoreSet } from '../core/types.ts';
import type { Dataset } from '../data/types.ts';
import { removedLayers } from '../core/metrics.ts';
import { forwardSkipping, maskTemporarily } from './masking.ts';
import { previewIndices } from './evaluate.ts';
import { crossEntropy } from './train-control.ts';
import { backendVariable, graphOfModel, toInput, toLabels, weightVariables } from './zoo.ts';

/**
 * One-batch gradient scores on the masked network (masks applied for the computation, weights
 * restored afterwards). Both kinds are per weight, same shape as the weights:
 * - 'snip': |g ⊙ w| normalised so the scores of all tensors sum to 1 (SNIP's connection sensitivity);
 * - 'taylor': |g ⊙ w|, the first-order Taylor estimate of the loss change when a weight is removed;
 *   src/core sums these over a unit's weights for structured Taylor pruning.
 * Pruned weights score exactly 0 (their w is 0); a layer removed whole is skipped as identity.
 * `indices` pick the batch from the train split.
 */
export function gradientScores(
  model: tf.LayersModel,
  dataset: Dataset,
  indices: ArrayLike<number>,
  kind: 'snip' | 'taylor',
  masks: MaskSet,
): ScoreSet {
  const graph = graphOfModel(model);
  const vars = weightVariables(model);
  const keys = [...vars.keys()].filter((k) => vars.get(k)!.trainable);
  const restore = maskTemporarily(vars, masks);
  let scores: tf.Tensor[];
  try {
    scores = tf.tidy(() => {
      const x = toInput(dataset, indices, graph, 'train');
      const y = tf.oneHot(toLabels(dataset, indices, 'train'), graph.classes);
      const tfVars = keys.map((k) => backendVariable(vars.get(k)!));
      const skip = new Set(removedLayers(graph, masks));
      const { grads } = tf.variableGrads(
        () => crossEntropy(forwardSkipping(model, x, skip, false), y),
        tfVars,
      );
      const raw = tfVars.map((v) => tf.abs(tf.mul(grads[v.name], v)));
      if (kind === 'taylor') return raw;
      const sum = tf.addN(raw.map((r) => tf.sum(r)));
      const denom = tf.maximum(sum, 1e-30);
      return raw.map((r) => tf.div(r, denom));
    });
  } finally {
    restore();
  }
  const out: ScoreSet = {};
  keys.forEach((k, i) => {
    out[k] = Float32Array.from(scores[i].dataSync() as Float32Array);
  });
  tf.dispose(scores);
  return out;
}

/**
 * A fixed, class-balanced batch of train-split indices for gradientScores: the first `size` of a
 * seeded class-interleaved order (e.g. about 13 per class for 128 with 10 classes).
 */
export function scoreBatchIndices(dataset: Dataset, size = 128, seed = 0): number[] {
  return previewIndices(
    dataset.trainY,
    dataset.classNames.length,
    Math.min(size, dataset.trainY.length),
    seed,
  );
}
