/**
 * Selection on 32-bit sort keys: finds the k smallest of n values in linear time (a three-pass
 * radix select on 11 + 11 + 10 bits, no sort), then marks them with an exact count.
 *
 * Keys are int32, ordered as signed integers (Int32Array keeps V8 on small-integer arithmetic).
 * |w| of a float32 is its IEEE bit pattern without the sign bit (read in place through an
 * Int32Array view, no copy); signed scores use an order-preserving transform (signedKeys).
 *
 * Tie rule, used by every mask of the core: among equal scores, the element with the lower flat
 * index (for several tensors: the earlier tensor, then the lower index) is pruned first.
 */
import { PruningError } from './errors.ts';

/** Mask applied to raw bits: ABS drops the float sign bit, ALL keeps every bit. */
export const ABS = 0x7fffffff;
export const ALL = -1;

const F32 = new Float32Array(1);
const I32 = new Int32Array(F32.buffer);

/** Order-preserving int32 key of float32 bits; -0 maps to +0's key. */
function keyOfBits(b: number): number {
  return b === -0x80000000 ? 0 : b < 0 ? b ^ 0x7fffffff : b;
}

/**
 * Order-preserving key of a float32: a < b (as numbers) ⇔ key(a) < key(b) (as int32); -0 and +0
 * share a key. NaN is not allowed (callers check).
 */
export function floatKey(x: number): number {
  F32[0] = x;
  return keyOfBits(I32[0]);
}

/** The bits of a Float32Array as an Int32Array view (no copy). */
export function bitsOf(values: Float32Array): Int32Array {
  return new Int32Array(values.buffer, values.byteOffset, values.length);
}

function nanError(what: string, index: number): PruningError {
  return new PruningError(
    'nan-weights',
    `The ${what} contain NaN (first at index ${index}); training has probably diverged. ` +
      'Lower the learning rate or reload the checkpoint before pruning.',
  );
}

/** Throws 'nan-weights' when a float32 array (given as bits) holds a NaN. */
export function checkBitsNoNaN(bits: Int32Array, what: string): void {
  let bad = 0;
  for (let i = 0; i < bits.length; i++) bad |= +((bits[i] & 0x7fffffff) > 0x7f800000);
  if (bad === 0) return;
  for (let i = 0; i < bits.length; i++)
    if ((bits[i] & 0x7fffffff) > 0x7f800000) throw nanError(what, i);
}

/**
 * Keys of |w| for a float32 array (a copy; most callers read bitsOf with ABS instead).
 * Throws 'nan-weights' on NaN.
 */
export function absKeys(weights: Float32Array, what = 'weights'): Int32Array {
  const bits = bitsOf(weights);
  checkBitsNoNaN(bits, what);
  const keys = new Int32Array(weights.length);
  for (let i = 0; i < bits.length; i++) keys[i] = bits[i] & ABS;
  return keys;
}

/**
 * Keys of signed float32 scores (higher score = more important), compared with ALL.
 * Throws 'nan-weights' on NaN.
 */
export function signedKeys(scores: Float32Array, what = 'scores'): Int32Array {
  const bits = bitsOf(scores);
  checkBitsNoNaN(bits, what);
  const keys = new Int32Array(scores.length);
  for (let i = 0; i < bits.length; i++) {
    const b = bits[i];
    keys[i] = b === -0x80000000 ? 0 : b < 0 ? b ^ 0x7fffffff : b;
  }
  return keys;
}

/** Result of a selection. */
export interface Selection {
  /** Key (int32) of the element of rank k-1 (0-based) in ascending order. */
  threshold: number;
  /** Number of keys strictly smaller than `threshold`. */
  below: number;
  /** Number of keys equal to `threshold`. */
  equal: number;
}

/** Pass-1 histogram of the top 11 bits of every key (sign bit flipped), two interleaved. */
function topHistogram(sources: readonly Int32Array[], and: number): Int32Array {
  const h = new Int32Array(4096);
  for (const src of sources) {
    const len = src.length;
    let i = 0;
    for (; i + 1 < len; i += 2) {
      h[((src[i] & and) >>> 21) ^ 1024]++;
      h[2048 + (((src[i + 1] & and) >>> 21) ^ 1024)]++;
    }
    if (i < len) h[((src[i] & and) >>> 21) ^ 1024]++;
  }
  for (let b = 0; b < 2048; b++) h[b] += h[2048 + b];
  return h;
}

/**
 * Radix select over several sources ranked as one: the key of rank k-1 (1 ≤ k ≤ total), in O(n).
 * The key of element i is src[i] & and, an int32 ordered as signed. Pass 1 histograms the top 11
 * bits of every key (sign bit flipped so negatives come first; two interleaved histograms),
 * pass 2 gathers the chosen bucket and histograms its middle 11 bits, pass 3 the low 10 bits.
 * @param hist a pass-1 histogram already computed for these sources (optional)
 */
export function selectKthOf(
  sources: readonly Int32Array[],
  k: number,
  and: number = ALL,
  hist?: Int32Array,
): Selection {
  let n = 0;
  for (const s of sources) n += s.length;
  if (!(k >= 1 && k <= n)) throw new RangeError(`selectKth: k=${k} outside 1..${n}`);
  let rank = k - 1;
  const h = hist ?? topHistogram(sources, and);
  let b1 = 0;
  let below = 0;
  while (rank >= h[b1]) {
    rank -= h[b1];
    below += h[b1];
    b1++;
  }
  const cand = new Int32Array(h[b1] + 1);
  const top = b1 ^ 1024;
  let c = 0;
  for (const src of sources) {
    const len = src.length;
    for (let i = 0; i < len; i++) {
      const key = src[i] & and;
      if (key >>> 21 === top) cand[c++] = key;
    }
  }
  const h2 = new Int32Array(2048);
  for (let i = 0; i < c; i++) h2[(cand[i] >>> 10) & 2047]++;
  let b2 = 0;
  while (rank >= h2[b2]) {
    rank -= h2[b2];
    below += h2[b2];
    b2++;
  }
  const h3 = new Int32Array(1024);
  for (let i = 0; i < c; i++) {
    const key = cand[i];
    if (((key >>> 10) & 2047) === b2) h3[key & 1023]++;
  }
  let b3 = 0;
  while (rank >= h3[b3]) {
    rank -= h3[b3];
    below += h3[b3];
    b3++;
  }
  return { threshold: (top << 21) | (b2 << 10) | b3, below, equal: h3[b3] };
}

/** selectKthOf on one key array. */
export function selectKth(keys: Int32Array, k: number, and: number = ALL): Selection {
  return selectKthOf([keys], k, and);
}

/**
 * Masks pruning exactly `k` elements with the smallest keys across the sources, as if
 * concatenated (ties: earlier source, then lower index, pruned first).
 * @param sources key arrays (or float bits with and = ABS)
 * @param k number to prune, 0 ≤ k ≤ total
 * @returns one Uint8Array per source, 1 = kept, 0 = pruned
 */
export function pruneLowestOf(
  sources: readonly Int32Array[],
  k: number,
  and: number = ALL,
  hist?: Int32Array,
): Uint8Array[] {
  let n = 0;
  for (const s of sources) n += s.length;
  const masks = sources.map((s) => new Uint8Array(s.length));
  if (k <= 0) {
    for (const m of masks) m.fill(1);
    return masks;
  }
  if (k >= n) return masks;
  const { threshold, below, equal } = selectKthOf(sources, k, and, hist);
  // Keep every key above the threshold (branch-free), prune the rest ...
  sources.forEach((src, s) => {
    const m = masks[s];
    const len = src.length;
    for (let i = 0; i < len; i++) m[i] = +((src[i] & and) > threshold);
  });
  // ... then keep back the keys equal to the threshold after the first (k - below) of them.
  let skip = k - below;
  if (skip < equal) {
    sources.forEach((src, s) => {
      const m = masks[s];
      const len = src.length;
      for (let i = 0; i < len; i++) {
        if ((src[i] & and) === threshold) {
          if (skip > 0) skip--;
          else m[i] = 1;
        }
      }
    });
  }
  return masks;
}

/**
 * Mask that prunes exactly `k` elements with the smallest keys (ties: lower index first).
 * @returns Uint8Array of the keys' length, 1 = kept, 0 = pruned
 */
export function pruneLowest(keys: Int32Array, k: number, and: number = ALL): Uint8Array {
  return pruneLowestOf([keys], k, and)[0];
}

/**
 * Indices of the k smallest of a short list of float64 scores (ties: lower index first), by a
 * sort of the indices; used for unit rankings (at most a few thousand units).
 * @returns the pruned indices in ascending score order
 */
export function lowestIndices(scores: Float64Array, k: number): number[] {
  const order = Array.from({ length: scores.length }, (_, i) => i);
  order.sort((a, b) => scores[a] - scores[b] || a - b);
  return order.slice(0, Math.max(0, Math.min(k, scores.length)));
}

/**
 * Magnitude masks of float32 tensors ranked together: prunes exactly `k` entries of smallest |w|
 * (ties: earlier tensor, then lower index). NaN detection rides on the pass-1 histogram: only
 * when a bucket that can hold Infinity or NaN is occupied are the tensors scanned.
 * @returns one mask per tensor, 1 = kept
 */
export function pruneLowestAbs(
  tensors: readonly Float32Array[],
  k: number,
  what: string,
): Uint8Array[] {
  const bits = tensors.map(bitsOf);
  let n = 0;
  for (const b of bits) n += b.length;
  if (k <= 0 || k >= n) {
    bits.forEach((b, i) => checkBitsNoNaN(b, tensors.length > 1 ? `${what} ${i}` : what));
    return pruneLowestOf(bits, k, ABS);
  }
  const hist = topHistogram(bits, ABS);
  // |w| keys ≥ 0x7f800000 (Infinity, NaN) fall in top buckets 1020..1023, stored at 2044..2047.
  if (hist[2044] + hist[2045] + hist[2046] + hist[2047] > 0) {
    bits.forEach((b, i) => checkBitsNoNaN(b, tensors.length > 1 ? `${what} ${i}` : what));
  }
  return pruneLowestOf(bits, k, ABS, hist);
}
