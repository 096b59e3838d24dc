/**
 * Typed-array maths shared by the faster cpu kernels (cpu-kernels.ts) and the gradient kernels the
 * wasm backend lacks (wasm-kernels.ts): convolution geometry, the conv filter gradient, max-pool
 * window search and a blocked matmul. Layout NHWC, float64 accumulation.
 */
import * as tf from './tf.ts';

/** Attributes of a kernel call, as tfjs passes them. */
export type Attrs = Record<string, unknown>;

/** A stride, kernel size or dilation: one number for both axes, or [height, width]. */
export type Pair = [number, number] | number;

/** Conv2D geometry (NHWC, dilation 1) from a kernel's input shape, filter shape and attributes. */
export function conv2dInfo(
  xShape: number[],
  filterShape: unknown,
  attrs: Attrs,
): tf.backend_util.Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides as Pair,
    1,
    attrs.pad as 'same' | 'valid' | number,
    attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
    false,
    'channelsLast',
  );
}

/**
 * Walks an NHWC Conv2D (dilation 1): for each output position, in order, and each filter tap that
 * falls inside the input, calls `tap(outOff, xOff, wOff)` with the offsets of the position's output
 * channels, of the input pixel's channels and of the tap's [ci, co] filter block; then
 * `done(outOff)` once the position's taps are all visited.
 */
export function forEachConvTap(
  info: tf.backend_util.Conv2DInfo,
  tap: (outOff: number, xOff: number, wOff: number) => void,
  done?: (outOff: number) => void,
): void {
  const { strideHeight: sh, strideWidth: sw, filterHeight: fh, filterWidth: fw } = info;
  const { batchSize, inHeight, inWidth, inChannels: ci, outHeight, outWidth } = info;
  const co = info.outChannels;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  for (let b = 0; b < batchSize; b++) {
    for (let yR = 0; yR < outHeight; yR++) {
      for (let yC = 0; yC < outWidth; yC++) {
        const outOff = ((b * outHeight + yR) * outWidth + yC) * co;
        for (let wR = 0; wR < fh; wR++) {
          const xR = yR * sh + wR - top;
          if (xR < 0 || xR >= inHeight) continue;
          for (let wC = 0; wC < fw; wC++) {
            const xC = yC * sw + wC - left;
            if (xC < 0 || xC >= inWidth) continue;
            tap(outOff, ((b * inHeight + xR) * inWidth + xC) * ci, (wR * fw + wC) * ci * co);
          }
        }
        done?.(outOff);
      }
    }
  }
}

/**
 * Gradient of an NHWC Conv2D with respect to its filter: dW [fh, fw, ci, co] from the input x
 * [b, h, w, ci] and the output gradient dy [b, oh, ow, co], float64 accumulation. A zero input
 * element skips its products.
 */
export function conv2dBackpropFilterValues(
  info: tf.backend_util.Conv2DInfo,
  xv: ArrayLike<number>,
  dyv: ArrayLike<number>,
): Float32Array {
  const co = info.outChannels;
  const acc = new Float64Array(info.filterHeight * info.filterWidth * info.inChannels * co);
  const ci = info.inChannels;
  forEachConvTap(info, (dyOff, xOff, wOff) => {
    for (let d1 = 0; d1 < ci; d1++) {
      const xval = xv[xOff + d1];
      if (xval === 0) continue;
      const o = wOff + d1 * co;
      for (let d2 = 0; d2 < co; d2++) acc[o + d2] += xval * dyv[dyOff + d2];
    }
  });
  return Float32Array.from(acc);
}

/**
 * For every output element of a max pool (NHWC) over `xv`, calls `visit(outIndex, argMax)` with the
 * input index of the window's first strict maximum in row-major order, as the stock kernels pick
 * it (-1 when the window holds nothing larger than -Infinity).
 */
export function forEachPoolMax(
  info: tf.backend_util.Conv2DInfo,
  xv: ArrayLike<number>,
  visit: (outIndex: number, argMax: number) => void,
): void {
  const { batchSize, inHeight, inWidth, inChannels: c, outHeight, outWidth } = info;
  const { strideHeight: sh, strideWidth: sw, filterHeight: fh, filterWidth: fw } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  for (let b = 0; b < batchSize; b++) {
    for (let yR = 0; yR < outHeight; yR++) {
      const r0 = yR * sh - top;
      const rMin = Math.max(0, r0);
      const rMax = Math.min(inHeight, r0 + fh);
      for (let yC = 0; yC < outWidth; yC++) {
        const c0 = yC * sw - left;
        const cMin = Math.max(0, c0);
        const cMax = Math.min(inWidth, c0 + fw);
        const outOff = ((b * outHeight + yR) * outWidth + yC) * c;
        for (let d = 0; d < c; d++) {
          let best = Number.NEGATIVE_INFINITY;
          let bestAt = -1;
          for (let r = rMin; r < rMax; r++) {
            for (let q = cMin; q < cMax; q++) {
              const at = ((b * inHeight + r) * inWidth + q) * c + d;
              if (xv[at] > best) {
                best = xv[at];
                bestAt = at;
              }
            }
          }
          visit(outOff + d, bestAt);
        }
      }
    }
  }
}

/**
 * C = op(A) · op(B) for one batch entry, float64 accumulation. A is [M, K] ([K, M] when tA), B is
 * [K, N] ([N, K] when tB); offsets select the batch entry.
 */
export function matMulInto(
  a: Float32Array,
  aOff: number,
  b: Float32Array,
  bOff: number,
  out: Float32Array,
  outOff: number,
  M: number,
  K: number,
  N: number,
  tA: boolean,
  tB: boolean,
  acc: Float64Array,
): void {
  acc.fill(0, 0, M * N);
  if (!tB) {
    // Four rows of C at a time, so each row of B is read once per four rows (cache reuse).
    const aAt = tA
      ? (i: number, p: number) => a[aOff + p * M + i]
      : (i: number, p: number) => a[aOff + i * K + p];
    for (let i0 = 0; i0 < M; i0 += 4) {
      const r0 = i0 * N;
      if (i0 + 4 <= M) {
        const r1 = r0 + N;
        const r2 = r1 + N;
        const r3 = r2 + N;
        for (let p = 0; p < K; p++) {
          const a0 = aAt(i0, p);
          const a1 = aAt(i0 + 1, p);
          const a2 = aAt(i0 + 2, p);
          const a3 = aAt(i0 + 3, p);
          if (a0 === 0 && a1 === 0 && a2 === 0 && a3 === 0) continue;
          const bRow = bOff + p * N;
          for (let j = 0; j < N; j++) {
            const bj = b[bRow + j];
            acc[r0 + j] += a0 * bj;
            acc[r1 + j] += a1 * bj;
            acc[r2 + j] += a2 * bj;
            acc[r3 + j] += a3 * bj;
          }
        }
      } else {
        for (let i = i0; i < M; i++) {
          const row = i * N;
          for (let p = 0; p < K; p++) {
            const av = aAt(i, p);
            if (av === 0) continue;
            const bRow = bOff + p * N;
            for (let j = 0; j < N; j++) acc[row + j] += av * b[bRow + j];
          }
        }
      }
    }
  } else {
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < N; j++) {
        const bRow = bOff + j * K;
        let sum = 0;
        if (tA) for (let p = 0; p < K; p++) sum += a[aOff + p * M + i] * b[bRow + p];
        else {
          const aRow = aOff + i * K;
          for (let p = 0; p < K; p++) sum += a[aRow + p] * b[bRow + p];
        }
        acc[i * N + j] = sum;
      }
    }
  }
  for (let i = 0; i < M * N; i++) out[outOff + i] = acc[i];
}
