/**
 * Importance scores from weights and gradients (higher = more important), all elementwise on
 * arrays of one tensor's length. They plug into maskFromScores / computeMasks.
 */
import { PruningError } from './errors.ts';
import type { ScoreSet, WeightSet } from './types.ts';

function checkPair(weights: Float32Array, grads: Float32Array): void {
  if (weights.length !== grads.length) {
    throw new PruningError(
      'shape-mismatch',
      `Weights (${weights.length}) and gradients (${grads.length}) must have the same length.`,
    );
  }
}

/**
 * SNIP connection sensitivity |g · w| per weight (gradient of the loss on one batch).
 * @returns Float32Array of the same length
 */
export function snipScores(weights: Float32Array, grads: Float32Array): Float32Array {
  checkPair(weights, grads);
  const out = new Float32Array(weights.length);
  for (let i = 0; i < out.length; i++) out[i] = Math.abs(grads[i] * weights[i]);
  return out;
}

/**
 * First-order Taylor importance per weight, |g · w| (the loss change estimated when w is set to
 * zero). Per weight it equals SNIP; computeMasks uses it structurally, summing it over each unit's
 * group.
 * @returns Float32Array of the same length
 */
export function taylorScores(weights: Float32Array, grads: Float32Array): Float32Array {
  return snipScores(weights, grads);
}

/**
 * Adds one step of movement score in place: acc -= g · w (movement pruning scores weights moving
 * away from zero as important). Call after each fine-tuning step with that step's gradient.
 * @returns acc
 */
export function accumulateMovement(
  acc: Float32Array,
  weights: Float32Array,
  grads: Float32Array,
): Float32Array {
  checkPair(weights, grads);
  if (acc.length !== weights.length) {
    throw new PruningError(
      'shape-mismatch',
      `The movement accumulator (${acc.length}) must match the weights (${weights.length}).`,
    );
  }
  for (let i = 0; i < acc.length; i++) acc[i] -= grads[i] * weights[i];
  return acc;
}

/**
 * Scores for every tensor present in both weights and grads.
 * @param kind 'snip' or 'taylor' (|g·w|) or 'movement' (-g·w, one step)
 */
export function scoreSet(
  kind: 'snip' | 'taylor' | 'movement',
  weights: WeightSet,
  grads: WeightSet,
): ScoreSet {
  const out: ScoreSet = {};
  for (const key of Object.keys(weights)) {
    const g = grads[key];
    if (!g) continue;
    out[key] =
      kind === 'movement'
        ? accumulateMovement(new Float32Array(g.length), weights[key], g)
        : snipScores(weights[key], g);
  }
  return out;
}
