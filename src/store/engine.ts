/**
 * The engine client the store's actions use, injected once at start-up (the worker client in the
 * app, a client over the real engine on the cpu backend in Node tests). Actions never import the
 * worker; panels never call the engine.
 */
import type { EngineClient } from '../engine/client.ts';

let current: EngineClient | null = null;

/** Hands the store its engine client (boot, tests). */
export function setClient(client: EngineClient): void {
  current = client;
}

/** The client; throws when none was set (a start-up mistake, not a visitor's). */
export function engineClient(): EngineClient {
  if (!current) throw new Error('No engine client: call setClient() at start-up.');
  return current;
}

/** True once a client is set. */
export function hasClient(): boolean {
  return current !== null;
}
