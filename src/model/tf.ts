/**
 * TensorFlow.js as the app uses it: core ops and layers, with the cpu backend registered (it runs
 * everywhere, and in Node). The other backends (webgl, wasm, webgpu) load on demand in backends.ts,
 * so the umbrella package and its converter and data modules stay out of the bundle.
 */
import '@tensorflow/tfjs-backend-cpu';
import { registerChainedOps } from './chained-ops.ts';

export * from '@tensorflow/tfjs-core';
export * from '@tensorflow/tfjs-layers';

registerChainedOps();
