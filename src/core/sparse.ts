/**
 * A sparse inference path for unstructured pruning: each weighted layer's kernel in CSR form (only
 * the kept, non-zero weights), dense layers as a sparse matmul and 3x3 convolutions as im2col
 * followed by the same matmul, on Float32Arrays (NHWC, TF.js layouts). Supports the image models
 * (conv2d, maxpool, flatten, dense with relu / softmax / linear); recurrent layers are not handled.
 */
import { removedLayers } from './metrics.ts';
import type { LayerSpec, MaskSet, NetGraph, WeightSet } from './types.ts';

/** A [rows, cols] matrix in compressed sparse row form. */
export interface Csr {
  rows: number;
  cols: number;
  /** rowStart[r]..rowStart[r+1] index colIndex / values of row r; length rows + 1. */
  rowStart: Int32Array;
  colIndex: Int32Array;
  values: Float32Array;
}

/** One layer of a sparse network. */
export type SparseLayer =
  | { kind: 'dense'; spec: LayerSpec; kernel: Csr; bias: Float32Array | null }
  | { kind: 'conv2d'; spec: LayerSpec; kernel: Csr; bias: Float32Array | null }
  | { kind: 'maxpool' | 'flatten' | 'identity'; spec: LayerSpec };

/** CSR of a row-major [rows, cols] matrix, keeping entries whose mask is 1 and value non-zero. */
export function toCsr(
  values: Float32Array,
  mask: Uint8Array | undefined,
  rows: number,
  cols: number,
): Csr {
  let nnz = 0;
  for (let i = 0; i < values.length; i++) if (values[i] !== 0 && (!mask || mask[i])) nnz++;
  const rowStart = new Int32Array(rows + 1);
  const colIndex = new Int32Array(nnz);
  const vals = new Float32Array(nnz);
  let k = 0;
  for (let r = 0; r < rows; r++) {
    rowStart[r] = k;
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      if (values[i] !== 0 && (!mask || mask[i])) {
        colIndex[k] = c;
        vals[k++] = values[i];
      }
    }
  }
  rowStart[rows] = k;
  return { rows, cols, rowStart, colIndex, values: vals };
}

/** True when sparseNet can run this graph (image models without recurrent layers). */
export function sparseSupported(graph: NetGraph): boolean {
  return graph.layers.every((l) => ['conv2d', 'maxpool', 'flatten', 'dense'].includes(l.kind));
}

/**
 * The masked network in sparse form: kernels as CSR ([in, out] for dense, [kh*kw*ci, co] for
 * conv), biases dense, layers the masks remove whole (removedLayers) as identity.
 */
export function sparseNet(graph: NetGraph, weights: WeightSet, masks: MaskSet): SparseLayer[] {
  if (!sparseSupported(graph)) throw new Error(`The sparse path does not run ${graph.id}.`);
  const removed = new Set(removedLayers(graph, masks));
  return graph.layers.map((spec): SparseLayer => {
    if (removed.has(spec.name)) return { kind: 'identity', spec };
    if (spec.kind === 'maxpool' || spec.kind === 'flatten') return { kind: spec.kind, spec };
    const k = spec.tensors.find((t) => t.role === 'kernel')!;
    const b = spec.tensors.find((t) => t.role === 'bias');
    const cols = k.shape[k.shape.length - 1];
    const rows = k.shape.reduce((a, x) => a * x, 1) / cols;
    const kernel = toCsr(weights[k.key], masks[k.key], rows, cols);
    const bias = b ? maskedCopy(weights[b.key], masks[b.key]) : null;
    return { kind: spec.kind === 'conv2d' ? 'conv2d' : 'dense', spec, kernel, bias };
  });
}

function maskedCopy(v: Float32Array, m: Uint8Array | undefined): Float32Array {
  const out = Float32Array.from(v);
  if (m) for (let i = 0; i < out.length; i++) if (!m[i]) out[i] = 0;
  return out;
}

/**
 * out[n, cols] = x[n, rows] · W (CSR), plus bias; zeros of x skip their row of W. float64 sums
 * would cost more than they bring here: float32 like the backends.
 */
export function csrMatMul(
  x: Float32Array,
  n: number,
  w: Csr,
  bias: Float32Array | null,
): Float32Array {
  const { rows, cols, rowStart, colIndex, values } = w;
  const out = new Float32Array(n * cols);
  for (let b = 0; b < n; b++) {
    const o = b * cols;
    if (bias) out.set(bias, o);
    const xo = b * rows;
    for (let r = 0; r < rows; r++) {
      const xv = x[xo + r];
      if (xv === 0) continue;
      for (let k = rowStart[r]; k < rowStart[r + 1]; k++) out[o + colIndex[k]] += xv * values[k];
    }
  }
  return out;
}

/** im2col of an NHWC batch for a stride-1 conv: [n*oh*ow, kh*kw*c] patches (zero padding). */
export function im2col(x: Float32Array, n: number, spec: LayerSpec): Float32Array {
  const [h, w, c] = spec.inputShape;
  const [oh, ow] = spec.outputShape;
  const [kh, kw] = spec.kernelSize ?? [3, 3];
  const top = spec.padding === 'valid' ? 0 : Math.floor((kh - 1) / 2);
  const left = spec.padding === 'valid' ? 0 : Math.floor((kw - 1) / 2);
  const patch = kh * kw * c;
  const out = new Float32Array(n * oh * ow * patch);
  for (let b = 0; b < n; b++) {
    for (let r = 0; r < oh; r++) {
      for (let q = 0; q < ow; q++) {
        const o = ((b * oh + r) * ow + q) * patch;
        for (let i = 0; i < kh; i++) {
          const xr = r + i - top;
          if (xr < 0 || xr >= h) continue;
          for (let j = 0; j < kw; j++) {
            const xc = q + j - left;
            if (xc < 0 || xc >= w) continue;
            const from = ((b * h + xr) * w + xc) * c;
            out.set(x.subarray(from, from + c), o + (i * kw + j) * c);
          }
        }
      }
    }
  }
  return out;
}

function maxPool(x: Float32Array, n: number, spec: LayerSpec): Float32Array {
  const [h, w, c] = spec.inputShape;
  const [oh, ow] = spec.outputShape;
  const ph = Math.floor(h / oh);
  const pw = Math.floor(w / ow);
  const out = new Float32Array(n * oh * ow * c).fill(Number.NEGATIVE_INFINITY);
  for (let b = 0; b < n; b++)
    for (let r = 0; r < oh * ph; r++)
      for (let q = 0; q < ow * pw; q++) {
        const from = ((b * h + r) * w + q) * c;
        const to = ((b * oh + Math.floor(r / ph)) * ow + Math.floor(q / pw)) * c;
        for (let d = 0; d < c; d++) if (x[from + d] > out[to + d]) out[to + d] = x[from + d];
      }
  return out;
}

function activate(v: Float32Array, activation: string | undefined, width: number): void {
  if (activation === 'relu') for (let i = 0; i < v.length; i++) v[i] = v[i] > 0 ? v[i] : 0;
  else if (activation === 'softmax') {
    for (let o = 0; o < v.length; o += width) {
      let m = Number.NEGATIVE_INFINITY;
      for (let i = o; i < o + width; i++) m = Math.max(m, v[i]);
      let s = 0;
      for (let i = o; i < o + width; i++) s += v[i] = Math.exp(v[i] - m);
      for (let i = o; i < o + width; i++) v[i] /= s;
    }
  }
}

/**
 * Runs the sparse network on a batch x [n, ...inputShape] (NHWC float32).
 * @returns the output layer's activations [n, classes] (softmax probabilities for the zoo)
 */
export function sparseForward(net: SparseLayer[], x: Float32Array, n: number): Float32Array {
  let a = x;
  for (const layer of net) {
    const { spec } = layer;
    switch (layer.kind) {
      case 'identity':
      case 'flatten':
        break;
      case 'maxpool':
        a = maxPool(a, n, spec);
        break;
      case 'conv2d':
        a = csrMatMul(
          im2col(a, n, spec),
          n * spec.outputShape[0] * spec.outputShape[1],
          layer.kernel,
          layer.bias,
        );
        activate(a, spec.activation, layer.kernel.cols);
        break;
      case 'dense':
        a = csrMatMul(a, n, layer.kernel, layer.bias);
        activate(a, spec.activation, layer.kernel.cols);
        break;
    }
  }
  return a;
}
