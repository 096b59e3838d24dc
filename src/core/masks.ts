/**
 * Element masks on typed arrays. A mask is a Uint8Array of the weights' length, row-major,
 * 1 = kept, 0 = pruned. `sparsity` is the fraction pruned, in [0, 1].
 *
 * Tie rule for every ranking here: among equal scores (|w|, slice norms, block averages, random
 * keys), the element with the lower flat index is pruned first. torch.nn.utils.prune breaks ties
 * arbitrarily (its topk uses nth_element), so results agree with torch whenever the cut is not
 * inside a run of equal values, which the reference vectors check.
 */
import { mulberry32u } from './random.ts';
import { PruningError, SweepError, checkSparsity } from './errors.ts';
import { pruneLowest, pruneLowestAbs, pruneLowestOf, signedKeys } from './select.ts';

/**
 * Python's round(): nearest integer, halves to even. Exact for |x| < 2^52 because the fraction
 * x - floor(x) of a double is computed exactly.
 */
export function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d < 0.5) return f;
  if (d > 0.5) return f + 1;
  return f % 2 === 0 ? f : f + 1;
}

/**
 * How many of n elements (or slices) to prune at a sparsity: round(n * sparsity) with halves to
 * even, the product taken in float64, exactly as torch.nn.utils.prune rounds a float `amount`
 * (e.g. n = 10, sparsity 0.25 → 2; sparsity 0.35 → 4 because 0.35 * 10 is 3.5 in float64).
 * @param n element count (non-negative integer)
 * @param sparsity fraction to prune in [0, 1]
 */
export function countToPrune(n: number, sparsity: number): number {
  checkSparsity(sparsity);
  if (!Number.isInteger(n) || n < 0) {
    throw new PruningError(
      'shape-mismatch',
      `The element count must be a non-negative integer, got ${n}.`,
    );
  }
  return Math.min(n, roundHalfEven(n * sparsity));
}

/**
 * Unstructured L1 magnitude mask: prunes the countToPrune(n, sparsity) entries of smallest |w|
 * (same as torch's prune.l1_unstructured). Linear time (radix select).
 * @param weights any layout, length n
 * @returns mask of length n
 */
export function magnitudeMask(weights: Float32Array, sparsity: number): Uint8Array {
  const k = countToPrune(weights.length, sparsity);
  return pruneLowestAbs([weights], k, 'weights')[0];
}

/**
 * Exactly `count` entries of smallest |w| pruned (for iterative rounds that prune a count).
 * @returns mask of length n
 */
export function magnitudeMaskCount(weights: Float32Array, count: number): Uint8Array {
  if (!Number.isInteger(count) || count < 0 || count > weights.length) {
    throw new PruningError('bad-sparsity', `Cannot prune ${count} of ${weights.length} weights.`);
  }
  return pruneLowestAbs([weights], count, 'weights')[0];
}

/**
 * Global unstructured L1 magnitude: one ranking of |w| across all tensors, pruning
 * countToPrune(total, sparsity) of them (same as torch's prune.global_unstructured with
 * L1Unstructured, tensors concatenated in the given order).
 * @returns one mask per tensor, same lengths
 */
export function globalMagnitudeMasks(
  tensors: readonly Float32Array[],
  sparsity: number,
): Uint8Array[] {
  let total = 0;
  for (const t of tensors) total += t.length;
  const k = countToPrune(total, sparsity);
  return pruneLowestAbs(tensors, k, 'weights of tensor');
}

/**
 * Mask pruning the lowest scores (higher score = more important; scores may be negative, e.g.
 * movement scores). Prunes countToPrune(n, sparsity) entries. Throws 'nan-weights' on NaN scores.
 * @returns mask of length n
 */
export function maskFromScores(scores: Float32Array, sparsity: number): Uint8Array {
  const k = countToPrune(scores.length, sparsity);
  return pruneLowest(signedKeys(scores), k);
}

/**
 * Several score arrays ranked together (global ranking), as maskFromScores on their concatenation.
 * @returns one mask per score array
 */
export function globalMasksFromScores(
  scores: readonly Float32Array[],
  sparsity: number,
): Uint8Array[] {
  let total = 0;
  for (const t of scores) total += t.length;
  const k = countToPrune(total, sparsity);
  return pruneLowestOf(
    scores.map((s) => signedKeys(s)),
    k,
  );
}

/**
 * Seeded random mask: every element gets a random 32-bit key from Mulberry32(seed) and the
 * countToPrune(n, sparsity) lowest keys are pruned, so the pruned count is exact, the same seed
 * gives the same mask everywhere, and masks of one seed are nested as sparsity grows.
 * @returns mask of length n
 */
export function randomMask(n: number, sparsity: number, seed: number): Uint8Array {
  const k = countToPrune(n, sparsity);
  if (!Number.isFinite(seed))
    throw new PruningError('bad-sparsity', `The random seed must be a number, got ${seed}.`);
  const next = mulberry32u(seed);
  const keys = new Int32Array(n);
  for (let i = 0; i < n; i++) keys[i] = next();
  return pruneLowest(keys, k);
}

/**
 * Fraction of zeros in a mask (0 for an empty mask).
 */
export function sparsityOf(mask: Uint8Array): number {
  if (mask.length === 0) return 0;
  let zeros = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] === 0) zeros++;
  return zeros / mask.length;
}

/** Number of kept (1) entries of a mask. */
export function countKept(mask: Uint8Array): number {
  let kept = 0;
  for (let i = 0; i < mask.length; i++) kept += mask[i] !== 0 ? 1 : 0;
  return kept;
}

/** The magnitude threshold a mask draws on a histogram of |w|. */
export interface MaskThreshold {
  /** Largest |w| among pruned entries; null when nothing is pruned. */
  maxPruned: number | null;
  /** Smallest |w| among kept entries; null when nothing is kept. */
  minKept: number | null;
}

/**
 * Where a mask cuts the |w| distribution, for drawing the histogram threshold. For magnitude
 * masks maxPruned ≤ minKept; other methods may overlap.
 */
export function thresholdOf(weights: Float32Array, mask: Uint8Array): MaskThreshold {
  if (mask.length !== weights.length) {
    throw new PruningError(
      'shape-mismatch',
      `The mask has ${mask.length} entries but the weights have ${weights.length}.`,
    );
  }
  let maxPruned = -1;
  let minKept = Infinity;
  for (let i = 0; i < weights.length; i++) {
    const a = Math.abs(weights[i]);
    if (mask[i] === 0) {
      if (a > maxPruned) maxPruned = a;
    } else if (a < minKept) minKept = a;
  }
  return {
    maxPruned: maxPruned < 0 ? null : maxPruned,
    minKept: minKept === Infinity ? null : minKept,
  };
}

/** AND of two masks of equal length, into `into` (returned). */
export function andInto(into: Uint8Array, other: Uint8Array): Uint8Array {
  for (let i = 0; i < into.length; i++) into[i] &= other[i];
  return into;
}

/** Overlap of the pruned sets of two masks (1 = kept, 0 = pruned). */
export interface MaskOverlap {
  /** |pruned by A ∩ pruned by B| / |pruned by A ∪ pruned by B|; 1 when neither prunes anything. */
  jaccard: number;
  prunedA: number;
  prunedB: number;
  prunedBoth: number;
  prunedEither: number;
  size: number;
}

/**
 * Jaccard overlap of the PRUNED positions of two masks of the same tensor.
 * @throws SweepError 'bad-layer' when the lengths differ
 */
export function prunedOverlap(a: Uint8Array, b: Uint8Array): MaskOverlap {
  if (a.length !== b.length) {
    throw new SweepError(
      'bad-layer',
      `The masks have ${a.length} and ${b.length} entries; compare masks of one tensor.`,
    );
  }
  let pa = 0;
  let pb = 0;
  let both = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] === 0;
    const y = b[i] === 0;
    if (x) pa++;
    if (y) pb++;
    if (x && y) both++;
  }
  const either = pa + pb - both;
  return {
    jaccard: either === 0 ? 1 : both / either,
    prunedA: pa,
    prunedB: pb,
    prunedBoth: both,
    prunedEither: either,
    size: a.length,
  };
}
