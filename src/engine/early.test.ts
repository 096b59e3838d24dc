/**
 * The worker's entry starts work before the engine's code has loaded: it holds the page's messages
 * until the engine listens, and the engine takes over the probe and the test split it began.
 */
import { describe, expect, it } from 'vitest';
import { EarlyStart, heldMessages, prefetching, type WorkerScope } from './early.ts';
import { createEngine } from './engine.ts';
import { shippedSources } from './test-support.ts';
import type { CachedProbe } from './probe-cache.ts';

/** A worker scope made of a real EventTarget; what it posts is recorded. */
function scope() {
  const target = new EventTarget();
  const posted: unknown[] = [];
  const s: WorkerScope = {
    addEventListener: (type, l) => target.addEventListener(type, l as EventListener),
    removeEventListener: (type, l) => target.removeEventListener(type, l),
    postMessage: (m) => void posted.push(m),
  };
  const send = (data: unknown) => target.dispatchEvent(new MessageEvent('message', { data }));
  return { s, send, posted };
}

describe('heldMessages', () => {
  it('gives a late listener what came before it, in order, then what comes after, once each', () => {
    const { s, send, posted } = scope();
    const ep = heldMessages(s);
    send('first');
    send('second');
    const got: unknown[] = [];
    ep.addEventListener('message', (e) => void got.push((e as MessageEvent).data));
    expect(got).toEqual(['first', 'second']);
    send('third');
    expect(got).toEqual(['first', 'second', 'third']);
    // A second listener hears only what comes next: the held messages were handed over once.
    const later: unknown[] = [];
    ep.addEventListener('message', {
      handleEvent: (e) => void later.push((e as MessageEvent).data),
    });
    send('fourth');
    expect(later).toEqual(['fourth']);
    expect(got).toEqual(['first', 'second', 'third', 'fourth']);
    ep.postMessage('reply');
    expect(posted).toEqual(['reply']);
  });
});

describe('prefetching', () => {
  it('hands bytes read ahead to the next read only; later reads (a retry) read again', async () => {
    let n = 0;
    const source = prefetching(async () => new Uint8Array([++n]).buffer);
    void source.prefetch('weights.bin');
    void source.prefetch('weights.bin');
    expect(n).toBe(1);
    const first = new Uint8Array(await source('weights.bin'));
    const retry = new Uint8Array(await source('weights.bin'));
    expect([first[0], retry[0], n]).toEqual([1, 2, 2]);
  });
});

describe('EarlyStart.probe', () => {
  it('is IndexedDB’s answer, or null at once when the page knows of no cached probe', async () => {
    const never = new Promise<CachedProbe | null>(() => undefined);
    const cached: CachedProbe = { key: 'k', probe: [] };
    const read = new EarlyStart(
      shippedSources.data,
      shippedSources.models,
      Promise.resolve(cached),
    );
    expect(await read.probe).toBe(cached);
    const first = new EarlyStart(shippedSources.data, shippedSources.models, never);
    first.noCachedProbe();
    expect(await first.probe).toBeNull();
  });
});

describe('an engine taking over its entry’s early start', () => {
  it('uses the test split, the checkpoint and the cached probe the entry read (one read each)', async () => {
    const reads: string[] = [];
    const data = (path: string) => {
      reads.push(path);
      return shippedSources.data(path);
    };
    const modelReads: string[] = [];
    const models = (path: string) => {
      modelReads.push(path);
      return shippedSources.models(path);
    };
    const agent = typeof navigator === 'undefined' ? 'node' : navigator.userAgent;
    const cached: CachedProbe = {
      key: `no WebGL|${agent}`,
      probe: [
        { backend: 'cpu', renderer: 'cpu', software: false, evalMs: 12.5, trainMs: 40 },
      ] as CachedProbe['probe'],
    };
    const early = new EarlyStart(data, models, Promise.resolve(cached));
    await Promise.all([early.warm('mnist'), early.warmCheckpoint('cnn', 'mnist')]);
    expect(modelReads).toEqual(['models/manifest.json', 'models/cnn-mnist/weights.bin']);
    const testImages = () => reads.filter((p) => p.includes('mnist-test-images'));
    expect(testImages()).toHaveLength(1);

    const engine = createEngine({ data, models: early.models, early });
    const backend = await engine.init();
    expect(backend.backend).toBe('cpu');
    // The plan comes from the entry's probe: nothing was measured here.
    const plan = await engine.backendPlan();
    expect(plan.probe.map((p) => [p.backend, p.evalMs])).toEqual([['cpu', 12.5]]);
    const loaded = await engine.load('cnn', 'mnist');
    expect(loaded.pretrainedAccuracy).toBeGreaterThan(0.9);
    expect(testImages()).toHaveLength(1);
    // The load took the weights the entry had read ahead (the manifest, read twice by a load, is
    // read once more).
    expect(modelReads).toEqual([
      'models/manifest.json',
      'models/cnn-mnist/weights.bin',
      'models/manifest.json',
    ]);
  }, 120_000);
});
