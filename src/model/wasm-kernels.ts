/**
 * Gradient kernels the tfjs wasm backend (4.22) lacks, so it can train the zoo's CNN:
 * Conv2DBackpropFilter (NHWC, float32), computed by the same typed-array code as the faster cpu
 * kernel (kernel-math.ts) on views of the wasm heap. Everything else the zoo's training, scoring
 * and evaluation use is registered by the wasm backend itself (kernels.test.ts checks this).
 */
import * as tf from './tf.ts';
import { conv2dBackpropFilterValues, conv2dInfo, type Attrs } from './kernel-math.ts';

interface WasmBackendLike {
  typedArrayFromHeap(t: tf.TensorInfo): ArrayLike<number> & { set(a: ArrayLike<number>): void };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}

interface WasmKernelArgs {
  inputs: Record<string, tf.TensorInfo>;
  backend: WasmBackendLike;
  attrs: Attrs;
}

function conv2DBackpropFilter({ inputs, backend, attrs }: WasmKernelArgs): tf.TensorInfo {
  const { x, dy } = inputs;
  const dataFormat = (attrs.dataFormat as string | undefined) ?? 'NHWC';
  if (dataFormat !== 'NHWC' || x.dtype !== 'float32') {
    throw new Error(`Conv2DBackpropFilter on wasm handles NHWC float32 only, not ${dataFormat}.`);
  }
  const info = conv2dInfo(x.shape, attrs.filterShape, attrs);
  const dw = conv2dBackpropFilterValues(
    info,
    backend.typedArrayFromHeap(x),
    backend.typedArrayFromHeap(dy),
  );
  const out = backend.makeOutput(
    [info.filterHeight, info.filterWidth, info.inChannels, info.outChannels],
    'float32',
  );
  backend.typedArrayFromHeap(out).set(dw);
  return out;
}

/** Kernels this module adds to the wasm backend. */
export const WASM_EXTRA_KERNELS = ['Conv2DBackpropFilter'] as const;

/**
 * Registers the missing gradient kernels for the 'wasm' backend (WASM_EXTRA_KERNELS). Idempotent;
 * a kernel the wasm backend registers itself (a later tfjs) is left alone.
 */
export function installWasmKernels(): void {
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm')) return;
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: conv2DBackpropFilter as unknown as tf.KernelFunc,
  });
}
