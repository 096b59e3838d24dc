/**
 * The engine's module worker. The page's entry (main.tsx) starts it before the app's own code has
 * loaded, so the worker's script loads and compiles on its thread while the page's does on the
 * main thread; the client takes that worker on its first call, and starts new ones after a restart.
 */
import { likelyDataset, likelyModel, probeMaybeCached, type WarmMessage } from './warm.ts';

let early: Worker | null = null;

function spawn(): Worker {
  return new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'engine' });
}

/**
 * Starts the engine's worker now (once), for the client to take later, and tells it the model and
 * dataset the page's link will most likely load (see warm.ts).
 */
export function prestartEngineWorker(): void {
  if (early) return;
  early = spawn();
  const dataset = likelyDataset(window.location.search);
  const model = likelyModel(window.location.search);
  if (!dataset || !model) return;
  const hint: WarmMessage = { type: 'warm', dataset, model, probeCached: probeMaybeCached() };
  early.postMessage(hint);
}

/** The worker started by prestartEngineWorker (handed out once), else a new one. */
export function takeEngineWorker(): Worker {
  const w = early ?? spawn();
  early = null;
  return w;
}
