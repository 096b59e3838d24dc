/**
 * Applying MaskSets to a model's weight variables, permanently or for the span of one computation.
 */
import * as tf from './tf.ts';
import type { MaskSet } from '../core/types.ts';

/** True when the mask prunes at least one weight. */
export function hasZero(mask: Uint8Array): boolean {
  for (let i = 0; i < mask.length; i++) if (mask[i] === 0) return true;
  return false;
}

/** A float32 0/1 tensor of the given shape from a Uint8Array mask. The caller disposes it. */
export function maskTensor(mask: Uint8Array, shape: number[]): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  if (mask.length !== size) throw new Error(`mask has ${mask.length} entries, tensor ${size}`);
  const f = new Float32Array(size);
  for (let i = 0; i < size; i++) f[i] = mask[i] ? 1 : 0;
  return tf.tensor(f, shape, 'float32');
}

/**
 * Replaces the weights of the listed keys by weight * mask (keys without a mask, or whose mask keeps
 * everything, are left alone) and returns a function that restores the exact original values.
 * Restoring does not count as a weight change. Synchronous; run the masked computation between the
 * two calls without awaiting anything that could let other code touch the model.
 */
export function maskTemporarily(
  vars: Map<string, tf.LayerVariable>,
  masks: MaskSet,
  keys: Iterable<string> = vars.keys(),
): () => void {
  const saved: [tf.LayerVariable, tf.Tensor][] = [];
  for (const key of keys) {
    const m = masks[key];
    const v = vars.get(key);
    if (!m || !v || !hasZero(m)) continue;
    const orig = tf.keep(v.read().clone());
    const masked = tf.tidy(() => {
      const mt = maskTensor(m, v.shape as number[]);
      return orig.mul(mt);
    });
    v.write(masked);
    masked.dispose();
    saved.push([v, orig]);
  }
  return () => {
    for (const [v, orig] of saved) {
      v.write(orig);
      orig.dispose();
    }
  };
}

/** Multiplies the model's weights by their masks for good (pruned weights become exactly zero). */
export function applyMasks(vars: Map<string, tf.LayerVariable>, masks: MaskSet): void {
  for (const [key, v] of vars) {
    const m = masks[key];
    if (!m || !hasZero(m)) continue;
    const masked = tf.tidy(() => v.read().mul(maskTensor(m, v.shape as number[])));
    v.write(masked);
    masked.dispose();
  }
}

/**
 * Runs a sequential model's layers in order on `x`, skipping the layers named in `skip`: a layer
 * removed whole (src/core removedLayers: removable, all own weights pruned) acts as identity, the
 * rule shared by evaluation, training, compaction and metrics. Call inside tf.tidy; returns the
 * output [batch, classes].
 */
export function forwardSkipping(
  model: tf.LayersModel,
  x: tf.Tensor,
  skip: ReadonlySet<string>,
  training: boolean,
): tf.Tensor {
  let y = x;
  for (const layer of model.layers) {
    if (skip.has(layer.name)) continue;
    y = layer.apply(y, { training }) as tf.Tensor;
  }
  return y;
}
