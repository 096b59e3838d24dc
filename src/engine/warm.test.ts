/**
 * The page's hint to a new engine worker: which dataset a link will most likely load, and the
 * engine reading that test split ahead of the load, which then uses it (one read, not two).
 */
import { describe, expect, it, vi } from 'vitest';
import { createEngine } from './engine.ts';
import { shippedSources } from './test-support.ts';
import { isWarmMessage, likelyDataset, likelyModel } from './warm.ts';

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
    expect(isWarmMessage({ type: 'warm', dataset: 'fashion', model: 'gru' })).toBe(true);
    expect(isWarmMessage({ type: 'warm', dataset: 'fashion' })).toBe(false);
    expect(isWarmMessage({ type: 'warm', dataset: 'fashion', model: 'resnet' })).toBe(false);
    expect(isWarmMessage({ type: 'warm', dataset: 'imagenet', model: 'cnn' })).toBe(false);
    expect(isWarmMessage({ type: 'APPLY', path: [] })).toBe(false);
    expect(isWarmMessage(null)).toBe(false);
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
