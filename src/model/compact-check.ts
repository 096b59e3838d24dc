/**
 * Test support for compaction: the largest difference between two outputs, and a compacted model
 * run against the masked one it came from on the same input.
 */
import * as tf from './tf.ts';
import type { MaskSet, NetGraph, WeightSet } from '../core/types.ts';
import { sequentialFromGraph } from './build.ts';
import { compactModel, type CompactResult } from './compact.ts';
import { maskedForward } from './masked.ts';

/** The largest absolute difference between two tensors of one shape. */
export function maxDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
}

/**
 * Compacts `graph` with `masks` and runs the masked model and the compacted one on `x`.
 * @returns the compaction (its model already disposed) and the largest difference of their outputs
 */
export function compactAgainstMasked(
  graph: NetGraph,
  weights: WeightSet,
  masks: MaskSet,
  x: tf.Tensor,
): { compact: CompactResult; diff: number } {
  const model = sequentialFromGraph(graph, weights);
  const compact = compactModel({ graph, weights }, masks);
  const a = maskedForward(model, masks, x);
  const b = compact.model.predict(x) as tf.Tensor;
  const diff = maxDiff(a, b);
  tf.dispose([a, b]);
  model.dispose();
  compact.model.dispose();
  return { compact, diff };
}
