/**
 * Backend overrides against the real engine on the cpu backend: a pinned job is stored, the engine
 * reports it, it survives an engine restart, and clearing it hands the job back to the probe.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { nodeEngineClient } from '../engine/node-client.ts';
import { OVERRIDES_KEY, readOverrides, refreshBackendPlan, setJobBackend } from './backends.ts';
import { setClient } from './engine.ts';
import { useApp } from './index.ts';
import { forgetEngine, initEngine } from './session.ts';

/** A Storage kept in memory (Node has no localStorage); the code under test uses the global. */
class MemoryStorage implements Storage {
  private m = new Map<string, string>();
  get length() {
    return this.m.size;
  }
  clear() {
    this.m.clear();
  }
  getItem(k: string) {
    return this.m.get(k) ?? null;
  }
  key(i: number) {
    return [...this.m.keys()][i] ?? null;
  }
  removeItem(k: string) {
    this.m.delete(k);
  }
  setItem(k: string, v: string) {
    this.m.set(k, v);
  }
}

beforeAll(async () => {
  (globalThis as { localStorage?: Storage }).localStorage = new MemoryStorage();
  setClient((await nodeEngineClient()).client);
  await initEngine();
});

beforeEach(() => localStorage.clear());

describe('backend per job', () => {
  it('reads the plan: every job on the cpu, which the engine was limited to', async () => {
    const plan = await refreshBackendPlan();
    expect(plan?.jobs).toEqual({ eval: 'cpu', train: 'cpu', scores: 'cpu' });
    expect(useApp.getState().backendPlan).toEqual(plan);
  });

  it('pins a job, stores it and the engine reports it; null unpins', async () => {
    await setJobBackend('train', 'cpu');
    expect(JSON.parse(localStorage.getItem(OVERRIDES_KEY)!)).toEqual({ train: 'cpu' });
    expect(useApp.getState().backendPlan?.overridden).toEqual({ train: 'cpu' });
    expect(useApp.getState().backendOverrides).toEqual({ train: 'cpu' });
    await setJobBackend('train', null);
    expect(localStorage.getItem(OVERRIDES_KEY)).toBeNull();
    expect(useApp.getState().backendPlan?.overridden).toEqual({});
  });

  it('re-applies stored overrides to a freshly started engine', async () => {
    const fresh = await nodeEngineClient();
    setClient(fresh.client);
    localStorage.setItem(OVERRIDES_KEY, JSON.stringify({ eval: 'cpu', scores: 'cpu' }));
    forgetEngine();
    await initEngine();
    expect((await fresh.engine.backendPlan()).overridden).toEqual({ eval: 'cpu', scores: 'cpu' });
    expect(useApp.getState().backendOverrides).toEqual({ eval: 'cpu', scores: 'cpu' });
  });

  it('drops stored entries that are not a job and a backend', () => {
    localStorage.setItem(OVERRIDES_KEY, JSON.stringify({ eval: 'tpu', train: 'wasm', x: 'cpu' }));
    expect(readOverrides()).toEqual({ train: 'wasm' });
    localStorage.setItem(OVERRIDES_KEY, '{not json');
    expect(readOverrides()).toEqual({});
  });
});
