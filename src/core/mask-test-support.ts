/**
 * Shared pieces of the mask tests: fast-check arbitraries and readers of masks.
 */
import fc from 'fast-check';

/** Flat indices of the pruned (0) entries of a mask, ascending. */
export function prunedOf(mask: Uint8Array): number[] {
  const out: number[] = [];
  mask.forEach((v, i) => {
    if (v === 0) out.push(i);
  });
  return out;
}

/** Number of pruned (0) entries of a mask. */
export function zeros(mask: Uint8Array): number {
  return prunedOf(mask).length;
}

/** Float32Arrays of min..max finite weights in [-4, 4]. */
export const weightsArb = (min = 0, max = 300) =>
  fc
    .array(fc.float({ min: -4, max: 4, noNaN: true, noDefaultInfinity: true }), {
      minLength: min,
      maxLength: max,
    })
    .map((a) => Float32Array.from(a));
/** Sparsities in [0, 1]. */
export const sparsityArb = fc.double({ min: 0, max: 1, noNaN: true });
