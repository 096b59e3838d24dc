/**
 * The engine's Web Worker entry. It is small and holds no tfjs, so it runs at once: it starts
 * reading the cached backend probe, the checkpoint and test split the page hinted at (early.ts) and
 * the wasm backend's code, while the engine's own code (serve.ts, with tfjs) loads. Engine calls
 * that arrive meanwhile are held and answered in order once the engine is served.
 */
import { fetchSource } from '../data/index.ts';
import { EarlyStart, heldMessages, type WorkerScope } from './early.ts';
import { isWarmMessage } from './warm.ts';

const scope = self as unknown as WorkerScope;
const endpoint = heldMessages(scope);
const base = import.meta.env.BASE_URL;
const data = fetchSource(`${base}data/`);
const early = new EarlyStart(data, fetchSource(base));

// The page's hint (warm.ts) comes before any engine call: the test split starts loading at once.
scope.addEventListener('message', (e: MessageEvent<unknown>) => {
  if (!isWarmMessage(e.data)) return;
  if (!e.data.probeCached) early.noCachedProbe();
  early.warm(e.data.dataset).catch(() => undefined);
  early.warmCheckpoint(e.data.model, e.data.dataset).catch(() => undefined);
});

// Most starts begin on wasm (software or missing WebGL, and return visits whose probe chose it):
// its code loads beside the engine's.
void import('@tensorflow/tfjs-backend-wasm').catch(() => undefined);

import('./serve.ts').then(
  (m) => m.serve(endpoint, { data, models: early.models, early }),
  (e: unknown) => {
    // The page's client hears of a worker that cannot start through the worker's error event.
    setTimeout(() => {
      throw e;
    });
  },
);
