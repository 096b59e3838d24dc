/**
 * The page's hint to a new engine worker: which dataset a link will most likely load, and the
 * engine reading that test split ahead of the load, which then uses it (one read, not two).
 */
import { describe, expect, it, vi } from 'vitest';
import { createEngine } from './engine.ts';
import { shippedSources } from './test-support.ts';
import {
  isWarmMessage,
  likelyDataset,
  likelyModel,
  markProbeCached,
  probeMaybeCached,
} from './warm.ts';

describe('likelyDataset', () => {
  it('reads the link: its dataset when the model fits it, else the model’s first', () => {
    expect(likelyDataset('')).toBe('mnist');
    expect(likelyDataset('?dataset=fashion')).toBe('fashion');
    expect(likelyDataset('?model=lstm&dataset=waves')).toBe('waves');
    expect(likelyDataset('?model=cnn&dataset=waves')).toBe('mnist');
    expect(likelyDataset('?model=%3Cimg%3E&dataset=nope')).toBe('mnist');
    expect(likelyDataset('?lesson=structured')).toBeNull();
    expect(likelyDataset('?lesson=structured&model=gru&dataset=waves')).toBe('waves');
    expect(likelyModel('')).toBe('cnn');
    expect(likelyModel('?model=lstm&dataset=waves')).toBe('lstm');
    expect(likelyModel('?model=%3Cimg%3E')).toBe('cnn');
    expect(likelyModel('?lesson=structured')).toBeNull();
  });

  it('takes only a well-formed hint as one', () => {
    const hint = { type: 'warm', dataset: 'fashion', model: 'gru', probeCached: false };
    expect(isWarmMessage(hint)).toBe(true);
    expect(isWarmMessage({ ...hint, probeCached: undefined })).toBe(false);
    expect(isWarmMessage({ ...hint, model: undefined })).toBe(false);
    expect(isWarmMessage({ ...hint, model: 'resnet' })).toBe(false);
    expect(isWarmMessage({ ...hint, dataset: 'imagenet' })).toBe(false);
    expect(isWarmMessage({ type: 'APPLY', path: [] })).toBe(false);
    expect(isWarmMessage(null)).toBe(false);
  });
});

describe('whether a probe is cached in this browser', () => {
  it('is no only before one was marked; without storage it counts as maybe', () => {
    expect(probeMaybeCached()).toBe(true);
    const kept = new Map<string, string>();
    vi.stubGlobal('localStorage', {
      getItem: (k: string) => kept.get(k) ?? null,
      setItem: (k: string, v: string) => void kept.set(k, v),
    });
    try {
      expect(probeMaybeCached()).toBe(false);
      markProbeCached();
      expect(probeMaybeCached()).toBe(true);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('Engine.warm', () => {
  it('reads the test split once: the load that follows uses the warmed one', async () => {
    const reads: string[] = [];
    const engine = createEngine({
      ...shippedSources,
      data: (path) => {
        reads.push(path);
        return shippedSources.data(path);
      },
    });
    engine.warm('mnist');
    await engine.init('cpu');
    const testImages = () => reads.filter((p) => p.includes('mnist-test-images'));
    // Read before any load asked for it...
    await vi.waitFor(() => expect(testImages()).toHaveLength(1));
    const loaded = await engine.load('cnn', 'mnist');
    expect(loaded.datasetId).toBe('mnist');
    // ...and not again by the load.
    expect(testImages()).toHaveLength(1);
    expect(reads.some((p) => p.includes('train'))).toBe(false);
    const r = await engine.evaluate({}, 'preview');
    expect(r.accuracy).toBeGreaterThan(0.9);
  }, 120_000);
});
