/**
 * Faster replacements for training kernels of the tfjs cpu backend that dominate training time
 * there: Conv2DBackpropFilter (the stock kernel reads every element through TensorBuffer.get, about
 * 95% of a CNN training step), MaxPoolGrad, SplitV (the RNN cells split their gates with a slow
 * strided slice), BatchMatMul / _FusedMatMul (dense layers and RNN steps), and the forward Conv2D /
 * FusedConv2D / MaxPool (the stock fused conv adds its bias through a slow broadcast). Same maths with
 * typed-array loops, sums accumulated in float64. One difference: a zero in the left operand (or in
 * the conv input) skips its products, so a NaN or Infinity on the other side does not spread through
 * that zero. Cases outside what they handle (channels-first, dilation, other dtypes, broadcast batch
 * shapes, other fused activations) go to the stock kernel. Only the cpu backend is touched.
 */
import * as tf from './tf.ts';
import {
  conv2dBackpropFilterValues,
  conv2dInfo,
  forEachConvTap,
  forEachPoolMax,
  matMulInto,
  type Attrs,
  type Pair,
} from './kernel-math.ts';

interface CpuTensorInfo {
  dataId: object;
  shape: number[];
  dtype: string;
}

interface CpuBackendLike {
  data: { get(id: object): { values: ArrayLike<number> } };
  makeTensorInfo(shape: number[], dtype: string, values: Float32Array): CpuTensorInfo;
}

interface KernelArgs {
  inputs: Record<string, CpuTensorInfo>;
  backend: CpuBackendLike;
  attrs: Attrs;
}

function conv2DBackpropFilter(args: KernelArgs, stock: tf.KernelFunc): CpuTensorInfo {
  const { x, dy } = args.inputs;
  const attrs = args.attrs;
  const dataFormat = (attrs.dataFormat as string | undefined) ?? 'NHWC';
  if (dataFormat !== 'NHWC' || x.dtype !== 'float32')
    return stock(args as unknown as Parameters<tf.KernelFunc>[0]) as CpuTensorInfo;
  const info = conv2dInfo(x.shape, attrs.filterShape, attrs);
  const xv = args.backend.data.get(x.dataId).values;
  const dyv = args.backend.data.get(dy.dataId).values;
  const dw = conv2dBackpropFilterValues(info, xv, dyv);
  return args.backend.makeTensorInfo(
    [info.filterHeight, info.filterWidth, info.inChannels, info.outChannels],
    'float32',
    dw,
  );
}

/** Pool geometry of a MaxPool / MaxPoolGrad call, or null when the stock kernel must run. */
function poolInfo(args: KernelArgs, input: CpuTensorInfo): tf.backend_util.Conv2DInfo | null {
  const attrs = args.attrs;
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    attrs.filterSize as Pair,
    attrs.strides as Pair,
    1,
    attrs.pad as 'same' | 'valid' | number,
    attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
  );
  const plain = info.dilationHeight === 1 && info.dilationWidth === 1;
  return plain && input.dtype === 'float32' ? info : null;
}

function maxPoolGrad(args: KernelArgs, stock: tf.KernelFunc): CpuTensorInfo {
  const { dy, input } = args.inputs;
  const info = poolInfo(args, input);
  if (!info) return stock(args as unknown as Parameters<tf.KernelFunc>[0]) as CpuTensorInfo;
  const xv = args.backend.data.get(input.dataId).values;
  const dyv = args.backend.data.get(dy.dataId).values;
  const dx = new Float32Array(xv.length);
  forEachPoolMax(info, xv, (o, at) => {
    if (at >= 0) dx[at] += dyv[o];
  });
  return args.backend.makeTensorInfo(input.shape, 'float32', dx);
}

function splitV(args: KernelArgs, stock: tf.KernelFunc): CpuTensorInfo[] {
  const { x } = args.inputs;
  const values = args.backend.data.get(x.dataId).values;
  if (x.dtype !== 'float32' || !(values instanceof Float32Array)) {
    return stock(args as unknown as Parameters<tf.KernelFunc>[0]) as unknown as CpuTensorInfo[];
  }
  const rank = x.shape.length;
  const rawAxis = args.attrs.axis as number | number[];
  let axis = Array.isArray(rawAxis) ? rawAxis[0] : rawAxis;
  if (axis < 0) axis += rank;
  const sizes = tf.backend_util.prepareSplitSize(
    x as unknown as tf.Tensor,
    args.attrs.numOrSizeSplits as number | number[],
    axis,
  );
  const outer = x.shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = x.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const len = x.shape[axis];
  let start = 0;
  return sizes.map((s) => {
    const out = new Float32Array(outer * s * inner);
    const block = s * inner;
    for (let q = 0; q < outer; q++) {
      const from = (q * len + start) * inner;
      out.set(values.subarray(from, from + block), q * block);
    }
    start += s;
    const shape = x.shape.slice();
    shape[axis] = s;
    return args.backend.makeTensorInfo(shape, 'float32', out);
  });
}

/** Fast batched matmul; null when the case is not handled (the caller then uses the stock kernel). */
function fastMatMul(args: KernelArgs): { shape: number[]; values: Float32Array } | null {
  const { a, b } = args.inputs;
  const tA = Boolean(args.attrs.transposeA);
  const tB = Boolean(args.attrs.transposeB);
  const av = args.backend.data.get(a.dataId).values;
  const bv = args.backend.data.get(b.dataId).values;
  if (!(av instanceof Float32Array) || !(bv instanceof Float32Array)) return null;
  const ra = a.shape.length;
  const rb = b.shape.length;
  if (ra < 2 || rb < 2) return null;
  const batchA = a.shape.slice(0, -2);
  const batchB = b.shape.slice(0, -2);
  const nA = batchA.reduce((x, y) => x * y, 1);
  const nB = batchB.reduce((x, y) => x * y, 1);
  if (!(nA === nB && batchA.join() === batchB.join()) && nB !== 1) return null;
  const M = tA ? a.shape[ra - 1] : a.shape[ra - 2];
  const K = tA ? a.shape[ra - 2] : a.shape[ra - 1];
  const N = tB ? b.shape[rb - 2] : b.shape[rb - 1];
  const K2 = tB ? b.shape[rb - 1] : b.shape[rb - 2];
  if (K !== K2) return null;
  const out = new Float32Array(nA * M * N);
  const acc = new Float64Array(M * N);
  for (let e = 0; e < nA; e++) {
    matMulInto(av, e * M * K, bv, nB === 1 ? 0 : e * K * N, out, e * M * N, M, K, N, tA, tB, acc);
  }
  return { shape: [...batchA, M, N], values: out };
}

function batchMatMul(args: KernelArgs, stock: tf.KernelFunc): CpuTensorInfo {
  const r = fastMatMul(args);
  if (!r) return stock(args as unknown as Parameters<tf.KernelFunc>[0]) as CpuTensorInfo;
  return args.backend.makeTensorInfo(r.shape, 'float32', r.values);
}

function fusedMatMul(args: KernelArgs, stock: tf.KernelFunc): CpuTensorInfo {
  const activation = (args.attrs.activation as string | undefined) ?? 'linear';
  const { bias } = args.inputs;
  const bv = bias ? args.backend.data.get(bias.dataId).values : null;
  const ok = activation === 'linear' || activation === 'relu';
  const r = ok && (!bv || bv instanceof Float32Array) ? fastMatMul(args) : null;
  if (!r) return stock(args as unknown as Parameters<tf.KernelFunc>[0]) as CpuTensorInfo;
  const N = r.shape[r.shape.length - 1];
  const v = r.values;
  if (bv) {
    if (bv.length === N) for (let i = 0; i < v.length; i++) v[i] += bv[i % N];
    else if (bv.length === 1) for (let i = 0; i < v.length; i++) v[i] += bv[0];
    else return stock(args as unknown as Parameters<tf.KernelFunc>[0]) as CpuTensorInfo;
  }
  if (activation === 'relu') for (let i = 0; i < v.length; i++) if (v[i] < 0) v[i] = 0;
  return args.backend.makeTensorInfo(r.shape, 'float32', v);
}

/** Direct NHWC convolution with optional bias and relu, float64 accumulation per output pixel. */
function conv2DForward(args: KernelArgs, stock: tf.KernelFunc, fused: boolean): CpuTensorInfo {
  const { x, filter, bias, preluActivationWeights } = args.inputs;
  const attrs = args.attrs;
  const activation = fused ? ((attrs.activation as string | undefined) ?? 'linear') : 'linear';
  const dataFormat = (attrs.dataFormat as string | undefined) ?? 'NHWC';
  const dil = attrs.dilations as Pair | undefined;
  const dilated = Array.isArray(dil)
    ? dil[0] !== 1 || dil[1] !== 1
    : dil !== undefined && dil !== 1;
  const xv = args.backend.data.get(x.dataId).values;
  const wv = args.backend.data.get(filter.dataId).values;
  const bv = bias ? args.backend.data.get(bias.dataId).values : null;
  if (
    dataFormat !== 'NHWC' ||
    dilated ||
    preluActivationWeights ||
    (activation !== 'linear' && activation !== 'relu') ||
    !(xv instanceof Float32Array) ||
    !(wv instanceof Float32Array) ||
    (bv !== null && !(bv instanceof Float32Array))
  ) {
    return stock(args as unknown as Parameters<tf.KernelFunc>[0]) as CpuTensorInfo;
  }
  const info = conv2dInfo(x.shape, filter.shape, attrs);
  const { batchSize, inChannels: ci, outHeight, outWidth, outChannels: co } = info;
  if (bv && bv.length !== co && bv.length !== 1) {
    return stock(args as unknown as Parameters<tf.KernelFunc>[0]) as CpuTensorInfo;
  }
  const out = new Float32Array(batchSize * outHeight * outWidth * co);
  const acc = new Float64Array(co);
  forEachConvTap(
    info,
    (_outOff, xOff, wOff) => {
      for (let d1 = 0; d1 < ci; d1++) {
        const xval = xv[xOff + d1];
        if (xval === 0) continue;
        const o = wOff + d1 * co;
        for (let d2 = 0; d2 < co; d2++) acc[d2] += xval * wv[o + d2];
      }
    },
    (outOff) => {
      for (let d2 = 0; d2 < co; d2++) {
        let v = acc[d2] + (bv ? bv[bv.length === 1 ? 0 : d2] : 0);
        if (activation === 'relu' && v < 0) v = 0;
        out[outOff + d2] = v;
      }
      acc.fill(0);
    },
  );
  return args.backend.makeTensorInfo([batchSize, outHeight, outWidth, co], 'float32', out);
}

/** Max pooling (NHWC, no dilation). */
function maxPool(args: KernelArgs, stock: tf.KernelFunc): CpuTensorInfo {
  const { x } = args.inputs;
  const xv = args.backend.data.get(x.dataId).values;
  const info = poolInfo(args, x);
  if (!info || !(xv instanceof Float32Array)) {
    return stock(args as unknown as Parameters<tf.KernelFunc>[0]) as CpuTensorInfo;
  }
  const { batchSize, outHeight, outWidth, inChannels: c } = info;
  const out = new Float32Array(batchSize * outHeight * outWidth * c);
  forEachPoolMax(info, xv, (o, at) => {
    out[o] = at >= 0 ? xv[at] : Number.NEGATIVE_INFINITY;
  });
  return args.backend.makeTensorInfo([batchSize, outHeight, outWidth, c], 'float32', out);
}

let installed = false;

/**
 * Replaces the cpu backend's Conv2D, FusedConv2D, Conv2DBackpropFilter, MaxPool, MaxPoolGrad, SplitV,
 * BatchMatMul and _FusedMatMul kernels by the faster versions in this module. Idempotent. Call before training on the cpu backend (Node pretraining, tests, or the
 * app's cpu fallback); other backends are unaffected.
 */
export function installFastCpuKernels(): void {
  if (installed) return;
  const replace = (
    name: string,
    impl: (args: KernelArgs, stock: tf.KernelFunc) => CpuTensorInfo | CpuTensorInfo[],
  ): void => {
    const stockConfig = tf.getKernel(name, 'cpu');
    if (!stockConfig) return;
    const stock = stockConfig.kernelFunc;
    tf.unregisterKernel(name, 'cpu');
    tf.registerKernel({
      ...stockConfig,
      kernelFunc: ((a: Parameters<tf.KernelFunc>[0]) =>
        impl(a as unknown as KernelArgs, stock)) as unknown as tf.KernelFunc,
    });
  };
  replace('Conv2DBackpropFilter', conv2DBackpropFilter);
  replace('MaxPoolGrad', maxPoolGrad);
  replace('SplitV', splitV);
  replace('Conv2D', (a, stock) => conv2DForward(a, stock, false));
  replace('FusedConv2D', (a, stock) => conv2DForward(a, stock, true));
  replace('MaxPool', maxPool);
  replace('BatchMatMul', batchMatMul);
  replace('_FusedMatMul', fusedMatMul);
  installed = true;
}
