/**
 * The engine's Web Worker: tfjs through OffscreenCanvas (webgl), wasm or cpu, exposed to the page
 * with comlink. The wasm binaries are the npm package's own, served from the app's origin as Vite
 * assets.
 */
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { expose } from 'comlink';
import { fetchSource } from '../data/index.ts';
import { configureWasm } from '../model/backends.ts';
import { createEngine } from './engine.ts';
import { isWarmMessage } from './warm.ts';

// The threaded build fails to start under a Vite build (DESIGN.md), so threads stay off.
configureWasm(
  {
    'tfjs-backend-wasm.wasm': wasmPlain,
    'tfjs-backend-wasm-simd.wasm': wasmSimd,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
  },
  false,
);

const base = import.meta.env.BASE_URL;
const engine = createEngine({
  data: fetchSource(`${base}data/`),
  models: fetchSource(base),
});

// The page's hint (warm.ts) comes before any engine call: the test split starts loading at once.
self.addEventListener('message', (e: MessageEvent<unknown>) => {
  if (isWarmMessage(e.data)) engine.warm(e.data.dataset);
});
expose(engine);
// The backend starts now, not on the page's first call: that call comes once the page's own code
// has loaded, and the start (wasm compile, WebGL probe of the renderer) overlaps it instead.
engine.init().catch(() => undefined);
