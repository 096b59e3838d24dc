/**
 * Structured and semi-structured masks on typed arrays: whole slices along an axis (conv filters,
 * dense neurons), N:M groups and blocks. Same conventions as masks.ts: a mask is a Uint8Array of
 * the weights' length, row-major, 1 = kept, 0 = pruned; ties prune the lower index first.
 */
import { PruningError, checkAxis, checkNoNaN, checkShape, checkSparsity } from './errors.ts';
import { countToPrune, roundHalfEven } from './masks.ts';
import { lowestIndices, pruneLowest, signedKeys } from './select.ts';

/**
 * Norms of the slices of a tensor along `axis`: entry i is the Lp norm of all elements whose
 * coordinate on `axis` is i (float64 accumulation).
 * @param shape row-major shape whose product is weights.length
 * @returns Float64Array of length shape[axis]
 */
export function sliceNorms(
  weights: Float32Array,
  shape: readonly number[],
  axis: number,
  p: 1 | 2,
): Float64Array {
  checkShape(shape, weights.length);
  checkAxis(axis, shape.length);
  checkNoNaN(weights);
  const size = shape[axis];
  let inner = 1;
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d];
  const acc = new Float64Array(size);
  const outer = size * inner === 0 ? 0 : weights.length / (size * inner);
  let i = 0;
  for (let o = 0; o < outer; o++) {
    for (let s = 0; s < size; s++) {
      let sum = 0;
      if (p === 1) for (let q = 0; q < inner; q++) sum += Math.abs(weights[i++]);
      else
        for (let q = 0; q < inner; q++) {
          const w = weights[i++];
          sum += w * w;
        }
      acc[s] += sum;
    }
  }
  if (p === 2) for (let s = 0; s < size; s++) acc[s] = Math.sqrt(acc[s]);
  return acc;
}

/**
 * Structured Ln mask: prunes countToPrune(shape[axis], sparsity) whole slices along `axis` with
 * the smallest Lp norm (same as torch's prune.ln_structured with n = p on the matching dim; e.g.
 * conv filters of a TF.js kernel [kh, kw, in, out] are axis 3, dense neurons [in, out] axis 1).
 * Ties: lower slice index pruned first.
 * @returns mask of length weights.length
 */
export function structuredMask(
  weights: Float32Array,
  shape: readonly number[],
  axis: number,
  sparsity: number,
  p: 1 | 2,
): Uint8Array {
  checkSparsity(sparsity);
  if (p !== 1 && p !== 2)
    throw new PruningError('bad-axis', `The norm order must be 1 or 2, got ${String(p)}.`);
  const norms = sliceNorms(weights, shape, axis, p);
  const k = countToPrune(shape[axis], sparsity);
  const pruned = new Uint8Array(shape[axis]);
  for (const s of lowestIndices(norms, k)) pruned[s] = 1;
  return sliceMask(shape, axis, pruned);
}

/** Element mask from a per-slice pruned flag (1 = slice pruned). */
function sliceMask(shape: readonly number[], axis: number, pruned: Uint8Array): Uint8Array {
  let n = 1;
  for (const d of shape) n *= d;
  const size = shape[axis];
  let inner = 1;
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d];
  const mask = new Uint8Array(n);
  let i = 0;
  while (i < n) {
    for (let s = 0; s < size; s++) {
      const v = pruned[s] ? 0 : 1;
      mask.fill(v, i, i + inner);
      i += inner;
    }
  }
  return mask;
}

/**
 * Semi-structured N:M mask: along `axis`, every group of m consecutive weights keeps its n
 * largest |w| (ties: lower index pruned first). With tail 'error' (default) m must divide
 * shape[axis]; with tail 'pad' a shorter last group is treated as padded with zeros, so it keeps
 * min(n, its length) weights.
 * @param shape row-major shape of the weights
 * @param axis the axis along which groups run (the reduction axis, e.g. 0 of a dense [in, out])
 * @returns mask of length weights.length
 */
export function nmMask(
  weights: Float32Array,
  shape: readonly number[],
  axis: number,
  n: number,
  m: number,
  tail: 'error' | 'pad' = 'error',
): Uint8Array {
  checkShape(shape, weights.length);
  checkAxis(axis, shape.length);
  if (!Number.isInteger(m) || !Number.isInteger(n) || m < 1 || m > 64 || n < 0 || n > m) {
    throw new PruningError(
      'bad-nm',
      `N:M needs integers 0 ≤ n ≤ m with 1 ≤ m ≤ 64 (e.g. 2:4), got ${String(n)}:${String(m)}.`,
    );
  }
  const size = shape[axis];
  if (tail === 'error' && size % m !== 0) {
    throw new PruningError(
      'bad-nm',
      `N:M with m = ${m} needs the pruned axis (${axis}, length ${size}) to be a multiple of ${m}; ` +
        'choose another axis or an m that divides it.',
    );
  }
  checkNoNaN(weights);
  let inner = 1;
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d];
  const outer = size * inner === 0 ? 0 : weights.length / (size * inner);
  const mask = new Uint8Array(weights.length).fill(1);
  const idx = new Int32Array(m);
  const val = new Float64Array(m);
  for (let o = 0; o < outer; o++) {
    const base = o * size * inner;
    for (let g = 0; g < size; g += m) {
      const len = Math.min(m, size - g);
      const prune = len - Math.min(n, len);
      if (prune === 0) continue;
      for (let q = 0; q < inner; q++) {
        // Insertion sort of the group by (|w|, index) ascending; prune the first `prune`.
        for (let t = 0; t < len; t++) {
          const i = base + (g + t) * inner + q;
          const v = Math.abs(weights[i]);
          let j = t;
          while (j > 0 && val[j - 1] > v) {
            val[j] = val[j - 1];
            idx[j] = idx[j - 1];
            j--;
          }
          val[j] = v;
          idx[j] = i;
        }
        for (let t = 0; t < prune; t++) mask[idx[t]] = 0;
      }
    }
  }
  return mask;
}

/** Pooling windows of TF's SAME padding with window = stride = b over a length L. */
function sameWindows(L: number, b: number): { count: number; start: Int32Array; end: Int32Array } {
  const count = Math.ceil(L / b);
  const total = Math.max((count - 1) * b + b - L, 0);
  const before = Math.floor(total / 2);
  const start = new Int32Array(count);
  const end = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    start[i] = Math.max(0, i * b - before);
    end[i] = Math.min(L, i * b - before + b);
  }
  return { count, start, end };
}

/**
 * Block-sparsity mask for a 2-D kernel [rows, cols] with TF Model Optimization's block semantics
 * (`pruning_impl._maybe_update_block_mask`): |w| is pooled ('avg' or 'max') over blocks of
 * blockShape = [br, bc] with TF's SAME padding and stride = block (factorized_pool; average over
 * the valid cells only), the blocks are ranked, and the mask of block (i, j) is tiled over
 * rows [i*br, (i+1)*br) and cols [j*bc, (j+1)*bc), cut to the shape. When a dimension is not a
 * multiple of its block TF's SAME padding centres the pooling windows while the mask tiles from
 * the origin; that quirk is reproduced. Kept blocks: round(nBlocks * (1 - sparsity)) halves to
 * even, at least 1 while sparsity < 1, as TF-MOT; unlike TF-MOT (which keeps every block tied at
 * the threshold) exactly that many are kept, ties pruned lower block index first.
 * Higher-rank kernels must be passed as their 2-D view [prod(all but last), last].
 * @returns mask of length rows*cols
 */
export function blockMask(
  weights: Float32Array,
  shape: readonly number[],
  blockShape: readonly [number, number],
  sparsity: number,
  pooling: 'avg' | 'max',
): Uint8Array {
  checkSparsity(sparsity);
  checkShape(shape, weights.length);
  if (shape.length !== 2) {
    throw new PruningError(
      'bad-block',
      `Block sparsity works on 2-D kernels; pass the 2-D view [rows, cols] instead of [${shape.join(', ')}].`,
    );
  }
  const [br, bc] = blockShape;
  if (!Number.isInteger(br) || !Number.isInteger(bc) || br < 1 || bc < 1) {
    throw new PruningError(
      'bad-block',
      `The block shape must be two positive integers, got [${blockShape.join(', ')}].`,
    );
  }
  checkNoNaN(weights);
  const [R, C] = shape;
  const rw = sameWindows(R, br);
  const cw = sameWindows(C, bc);
  const nb = rw.count * cw.count;
  const pooled = new Float32Array(nb);
  for (let bi = 0; bi < rw.count; bi++) {
    for (let bj = 0; bj < cw.count; bj++) {
      let acc = 0;
      let cells = 0;
      for (let r = rw.start[bi]; r < rw.end[bi]; r++) {
        for (let c = cw.start[bj]; c < cw.end[bj]; c++) {
          const v = Math.abs(weights[r * C + c]);
          if (pooling === 'max') acc = Math.max(acc, v);
          else acc += v;
          cells++;
        }
      }
      pooled[bi * cw.count + bj] = pooling === 'avg' && cells > 0 ? acc / cells : acc;
    }
  }
  let keep = roundHalfEven(nb * (1 - sparsity));
  if (sparsity < 1 && nb > 0) keep = Math.max(keep, 1);
  keep = Math.min(keep, nb);
  const blockKept = pruneLowest(signedKeys(pooled), nb - keep);
  const mask = new Uint8Array(R * C);
  for (let r = 0; r < R; r++) {
    const bi = Math.floor(r / br);
    for (let c = 0; c < C; c++) mask[r * C + c] = blockKept[bi * cw.count + Math.floor(c / bc)];
  }
  return mask;
}
