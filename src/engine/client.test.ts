/**
 * The engine client over the real engine (cpu backend, cnn on MNIST): priorities, aborting,
 * stamps and weights versions.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { emptyConfig, setGlobalSparsity, computeMasks } from '../core/index.ts';
import type { LoadResult } from './api.ts';
import { isAborted, type EngineClient } from './client.ts';
import { nodeEngineClient } from './node-client.ts';

describe('engine client (real engine, cpu)', () => {
  let client: EngineClient;
  let loaded: LoadResult;
  const v1 = 101;

  beforeAll(async () => {
    ({ client } = await nodeEngineClient());
    const r = await client.call('load', ['cnn', 'mnist'], {
      priority: 'interactive',
      sets: v1,
      setsModel: 'cnn',
    });
    loaded = r.value;
    expect(r.weights).toBe(v1);
    expect(r.model).toBe('cnn');
  }, 120_000);

  it('runs queued requests by priority, most urgent first', async () => {
    const order: string[] = [];
    const track = (name: string, p: Promise<unknown>) => p.then(() => order.push(name));
    // The first call starts at once; the others queue behind it in reverse priority order.
    const first = track('first', client.call('snapshot', [], { priority: 'latency' }));
    const latency = track('latency', client.call('snapshot', [], { priority: 'latency' }));
    const exp = track(
      'experiment',
      client.call('evaluate', [{}, 'preview'], { priority: 'experiment' }),
    );
    const full = track('full', client.call('snapshot', [], { priority: 'full' }));
    const inter = track('interactive', client.call('snapshot', [], { priority: 'interactive' }));
    await Promise.all([first, latency, exp, full, inter]);
    expect(order).toEqual(['first', 'interactive', 'full', 'experiment', 'latency']);
  }, 60_000);

  it('drops an aborted queued request without running it', async () => {
    const running = client.call('evaluate', [{}, 'preview'], { priority: 'interactive' });
    const ac = new AbortController();
    const queued = client.call('evaluate', [{}, 'full'], { priority: 'full', signal: ac.signal });
    ac.abort();
    let err: unknown;
    await queued.catch((e: unknown) => (err = e));
    expect(isAborted(err)).toBe(true);
    await running;
    expect(client.pending()).toBe(0);
  }, 60_000);

  it('lets go of the signal once a request settles (done, failed or aborted)', async () => {
    const ac = new AbortController();
    const listeners = new Set<unknown>();
    const add = ac.signal.addEventListener.bind(ac.signal);
    const remove = ac.signal.removeEventListener.bind(ac.signal);
    ac.signal.addEventListener = (
      type: string,
      l: EventListenerOrEventListenerObject,
      o?: unknown,
    ) => {
      listeners.add(l);
      add(type, l, o as AddEventListenerOptions);
    };
    ac.signal.removeEventListener = (type: string, l: EventListenerOrEventListenerObject) => {
      listeners.delete(l);
      remove(type, l);
    };
    const opts = { priority: 'interactive', signal: ac.signal } as const;
    await client.call('evaluate', [{}, 'preview'], opts);
    await client.call('snapshot', [], opts);
    await client.call('evaluate', [{ nope: new Uint8Array(1) }, 'preview'], opts).catch(() => null);
    expect(listeners.size).toBe(0);
    // A request still queued keeps its listener, and the abort reaches it.
    const running = client.call('evaluate', [{}, 'preview'], { priority: 'interactive' });
    const queued = client.call('evaluate', [{}, 'full'], { ...opts, priority: 'full' });
    expect(listeners.size).toBe(1);
    ac.abort();
    expect(isAborted(await queued.catch((e: unknown) => e))).toBe(true);
    await running;
    expect(listeners.size).toBe(0);
  }, 60_000);

  it('stamps results with model, weights version and masks version', async () => {
    const masks = computeMasks(
      loaded.graph,
      loaded.weights,
      setGlobalSparsity(emptyConfig(loaded.graph), 0.5),
    );
    const r = await client.call('evaluate', [masks, 'preview'], {
      priority: 'interactive',
      masks: 7,
    });
    expect(r).toMatchObject({ model: 'cnn', weights: v1, masks: 7 });
    expect(r.value.subset).toBe('preview');
  }, 60_000);

  it('holds a request that needs other weights until the engine has them', async () => {
    const borrowed = client.nextVersion() + 1000;
    const zeros = Object.fromEntries(
      Object.entries(loaded.weights).map(([k, w]) => [k, new Float32Array(w.length)]),
    );
    await client.call('setWeights', [zeros], { priority: 'experiment', sets: borrowed });
    const waiting = client.call('evaluate', [{}, 'preview'], {
      priority: 'interactive',
      needs: v1,
    });
    const onBorrowed = await client.call('evaluate', [{}, 'preview'], { priority: 'experiment' });
    expect(onBorrowed.weights).toBe(borrowed);
    await client.call('setWeights', [loaded.weights], { priority: 'experiment', sets: v1 });
    const r = await waiting;
    expect(r.weights).toBe(v1);
    expect(r.value.accuracy).toBeGreaterThan(0.9);
    expect(onBorrowed.value.accuracy).toBeLessThan(0.5);
  }, 60_000);
});
