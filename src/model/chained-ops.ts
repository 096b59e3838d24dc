/**
 * Chained tensor methods (`x.mul(y)`, `x.square()`, ...) for the modular tfjs packages. The umbrella
 * package registered them; tfjs-core alone does not, and its registration module is ESM-only (in
 * Node it would load a second copy of tfjs-core). So each method is defined here on the one Tensor
 * class in use, as tfjs-core defines it: `op(this, ...args)`, with the few methods whose argument
 * order differs written out. The types come from tfjs-core's own declarations (type-only import).
 */
import type {} from '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import * as tfc from '@tensorflow/tfjs-core';

/** Methods that call the op of the same name with the tensor as first argument. */
const PLAIN = (
  'abs acos acosh add all any argMax argMin asin asinh atan atan2 atanh avgPool batchNorm ' +
  'batchToSpaceND broadcastTo cast ceil clipByValue conv1d conv2d conv2dTranspose cos cosh ' +
  'cumprod cumsum depthToSpace depthwiseConv2d dilation2d div divNoNan dot elu equal erf ' +
  'euclideanNorm exp expandDims expm1 fft floor floorDiv gather greater greaterEqual ifft irfft ' +
  'isFinite isInf isNaN leakyRelu less lessEqual localResponseNormalization log log1p logSigmoid ' +
  'logSoftmax logSumExp logicalAnd logicalNot logicalOr logicalXor matMul max maxPool maximum mean ' +
  'min minimum mirrorPad mod mul neg norm notEqual oneHot onesLike pad pool pow prelu prod ' +
  'reciprocal relu relu6 reshape resizeBilinear resizeNearestNeighbor reverse rfft round rsqrt ' +
  'selu separableConv2d sigmoid sign sin sinh slice softmax softplus spaceToBatchND split sqrt ' +
  'square squaredDifference squeeze step stridedSlice sub sum tan tanh tile topk transpose unique ' +
  'unsortedSegmentSum unstack zerosLike'
).split(' ');

type Method = (this: tfc.Tensor, ...args: unknown[]) => unknown;
type Op = (...args: unknown[]) => unknown;

/** Methods whose call differs from `op(this, ...args)`. */
function special(): Record<string, Method> {
  const reshapeTo = (shape: number[]) =>
    function (this: tfc.Tensor) {
      return tfc.reshape(this, shape);
    };
  return {
    asType(dtype) {
      return tfc.cast(this, dtype as tfc.DataType);
    },
    toBool() {
      return tfc.cast(this, 'bool');
    },
    toFloat() {
      return tfc.cast(this, 'float32');
    },
    toInt() {
      return tfc.cast(this, 'int32');
    },
    asScalar() {
      return tfc.reshape(this, []);
    },
    as1D() {
      return reshapeTo([this.size]).call(this);
    },
    as2D(r, c) {
      return tfc.reshape(this, [r as number, c as number]);
    },
    as3D(r, c, d) {
      return tfc.reshape(this, [r, c, d] as number[]);
    },
    as4D(r, c, d, d2) {
      return tfc.reshape(this, [r, c, d, d2] as number[]);
    },
    as5D(r, c, d, d2, d3) {
      return tfc.reshape(this, [r, c, d, d2, d3] as number[]);
    },
    flatten() {
      return tfc.reshape(this, [this.size]);
    },
    reshapeAs(x) {
      return tfc.reshape(this, (x as tfc.Tensor).shape);
    },
    concat(x, axis) {
      const xs = Array.isArray(x) ? (x as tfc.Tensor[]) : [x as tfc.Tensor];
      return tfc.concat([this, ...xs], axis as number | undefined);
    },
    stack(x, axis) {
      const xs = Array.isArray(x) ? (x as tfc.Tensor[]) : [x as tfc.Tensor];
      return tfc.stack([this, ...xs], axis as number | undefined);
    },
    where(condition, x) {
      return tfc.where(condition as tfc.Tensor, this, x as tfc.Tensor);
    },
  };
}

/** An op that lives in a namespace of tfjs-core (image, spectral) rather than at its top level. */
function nested(ops: Record<string, unknown>, name: string): unknown {
  for (const ns of ['image', 'spectral']) {
    const space = ops[ns] as Record<string, unknown> | undefined;
    if (space && typeof space[name] === 'function') return space[name];
  }
  return undefined;
}

/** Defines the chained methods on tfjs-core's Tensor class where they are missing. Idempotent. */
export function registerChainedOps(): void {
  const proto = tfc.Tensor.prototype as unknown as Record<string, unknown>;
  const ops = tfc as unknown as Record<string, unknown>;
  const define = (name: string, fn: Method): void => {
    if (typeof proto[name] === 'function') return;
    proto[name] = function (this: tfc.Tensor, ...args: unknown[]) {
      this.throwIfDisposed();
      return fn.apply(this, args);
    };
  };
  for (const name of PLAIN) {
    const op = ops[name] ?? nested(ops, name);
    if (typeof op !== 'function') throw new Error(`tfjs-core has no op ${name}`);
    define(name, function (...args) {
      return (op as Op)(this, ...args);
    });
  }
  for (const [name, fn] of Object.entries(special())) define(name, fn);
}
