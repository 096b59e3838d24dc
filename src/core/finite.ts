/**
 * Finiteness checks on weight sets: the one test every layer uses before trusting weights (a
 * checkpoint, an imported model, the result of a training run, a snapshot to restore).
 */
import type { WeightSet } from './types.ts';

/** Where the first non-finite value (NaN, +Infinity or -Infinity) of a weight set sits. */
export interface NonFinite {
  /** Tensor key, e.g. 'conv1/kernel'. */
  key: string;
  /** Flat index inside that tensor (row-major, TensorFlow.js layout). */
  index: number;
  /** The value found: NaN, Infinity or -Infinity. */
  value: number;
}

/**
 * The first non-finite value of `weights`, scanning tensors in key insertion order and each tensor
 * from index 0, or null when every value is finite. Pure; O(total values).
 */
export function findNonFinite(weights: WeightSet): NonFinite | null {
  for (const [key, values] of Object.entries(weights)) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      // v - v is 0 for every finite v and NaN for NaN and ±Infinity.
      if (v - v !== 0) return { key, index: i, value: v };
    }
  }
  return null;
}

/** A short description of a non-finite find, e.g. 'conv1/kernel holds NaN at index 12'. */
export function describeNonFinite(found: NonFinite): string {
  return `${found.key} holds ${String(found.value)} at index ${found.index}`;
}
