/**
 * The engine's side of the worker, loaded by the worker's entry (worker.ts): tfjs through
 * OffscreenCanvas (webgl), wasm or cpu, exposed to the page with comlink. The wasm binaries are the
 * npm package's own, served from the app's origin as Vite assets.
 */
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { expose, type Endpoint } from 'comlink';
import { configureWasm } from '../model/backends.ts';
import { createEngine, type Engine } from './engine.ts';
import type { EngineSources } from './engine-core.ts';

// The threaded build fails to start under a Vite build (DESIGN.md), so threads stay off.
configureWasm(
  {
    'tfjs-backend-wasm.wasm': wasmPlain,
    'tfjs-backend-wasm-simd.wasm': wasmSimd,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
  },
  false,
);

/** Serves a new engine on `endpoint` and starts its backend at once (not on the first call). */
export function serve(endpoint: Endpoint, sources: EngineSources): Engine {
  const engine = createEngine(sources);
  expose(engine, endpoint);
  engine.init().catch(() => undefined);
  return engine;
}
