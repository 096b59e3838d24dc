/**
 * Operations on whole weight and mask sets (by tensor key): rewinding survivors to given values
 * and intersecting masks, as lottery tickets and iterative pruning need them.
 */
import { PruningError } from './errors.ts';
import type { MaskSet, WeightSet } from './types.ts';

/**
 * `weights` with every masked-out entry set to 0 (new arrays; tensors without a mask are copied
 * as they are). Lottery-ticket rewinding: `maskWeights(initial, masks)`.
 * @throws PruningError 'shape-mismatch' when a mask and its tensor differ in length
 */
export function maskWeights(weights: WeightSet, masks: MaskSet): WeightSet {
  const out: WeightSet = {};
  for (const [k, w] of Object.entries(weights)) {
    const m = masks[k];
    if (m && m.length !== w.length)
      throw new PruningError(
        'shape-mismatch',
        `The mask of ${k} has ${m.length} entries but the tensor holds ${w.length}.`,
      );
    out[k] = m ? w.map((v, i) => (m[i] ? v : 0)) : w.slice();
  }
  return out;
}

/**
 * The element-wise AND of two mask sets (new arrays): a weight is kept only if both keep it.
 * A tensor masked in only one set keeps that set's mask.
 * @throws PruningError 'shape-mismatch' when two masks of one tensor differ in length
 */
export function intersectMasks(a: MaskSet, b: MaskSet): MaskSet {
  const out: MaskSet = {};
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = a[k];
    const y = b[k];
    if (x && y && x.length !== y.length)
      throw new PruningError(
        'shape-mismatch',
        `The masks of ${k} differ in length (${x.length} and ${y.length}).`,
      );
    out[k] = x && y ? x.map((v, i) => v & y[i]) : (x ?? y).slice();
  }
  return out;
}
