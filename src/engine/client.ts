/**
 * Main-thread side of the engine: starts the module worker and wraps it with comlink, so the UI
 * calls `engine.evaluate(masks, 'preview')` as if it were local. Aborting means terminating:
 * `restartEngine()` drops the worker and starts a fresh one.
 */
import { proxy, wrap, type Remote } from 'comlink';
import type { TrainProgress } from './api.ts';
import type { Engine, EngineEvent } from './engine.ts';

let worker: Worker | null = null;
let remote: Remote<Engine> | null = null;
let eventHandler: (e: EngineEvent) => void = () => undefined;

/** Sets what happens when the engine reports an event (e.g. a lost WebGL context). */
export function onEngineEvent(handler: (e: EngineEvent) => void): void {
  eventHandler = handler;
}

/** The shared engine; starts the worker on first use. */
export function getEngine(): Remote<Engine> {
  if (!remote) {
    worker = new Worker(new URL('./worker.ts', import.meta.url), {
      type: 'module',
      name: 'engine',
    });
    worker.addEventListener('error', (e) =>
      eventHandler({ type: 'crashed', message: `The engine stopped: ${e.message}.` }),
    );
    remote = wrap<Engine>(worker);
    void remote.onEvent(proxy((e: EngineEvent) => eventHandler(e)));
  }
  return remote;
}

/** Terminates the worker (cancelling whatever it runs) and forgets it. */
export function restartEngine(): void {
  worker?.terminate();
  worker = null;
  remote = null;
}

/** Wraps a progress callback so it can cross the worker boundary. */
export function progressProxy(fn: (p: TrainProgress) => void): (p: TrainProgress) => void {
  return proxy(fn);
}
