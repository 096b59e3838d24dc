/**
 * A model's load reads the test split only: the training split (for MNIST 60,000 images) is read
 * when training or gradient scores first need it, and then once per engine; a Cancel sent while it
 * loads still stops the run.
 */
import { describe, expect, it } from 'vitest';
import { nodeSource } from '../data/node-source.ts';
import type { DataSource } from '../data/source.ts';
import { createEngine } from './engine.ts';

const root = new URL('../../public/', import.meta.url);

/** The data source with a log of the files read through it. */
function loggedSource(): { source: DataSource; read: string[] } {
  const real = nodeSource(new URL('data/', root));
  const read: string[] = [];
  return {
    read,
    source: (file) => {
      read.push(file);
      return real(file);
    },
  };
}

describe('dataset splits (cpu backend)', () => {
  it('loads and evaluates from the test split; the training split is read at the first scores', async () => {
    const data = loggedSource();
    const engine = createEngine({ data: data.source, models: nodeSource(root) });
    await engine.init('cpu');
    await engine.load('cnn', 'mnist');
    const preview = await engine.evaluate({}, 'preview');
    expect(preview.accuracy).toBeGreaterThan(0.9);
    expect(data.read.filter((f) => f.includes('test'))).toHaveLength(2);
    expect(data.read.filter((f) => f.includes('train'))).toEqual([]);

    const scores = await engine.gradientScores('snip', {});
    expect(Object.keys(scores).length).toBeGreaterThan(0);
    const trainFiles = data.read.filter((f) => f.includes('train'));
    expect(trainFiles).toHaveLength(2);

    // A second job and a reload of the same pair read nothing again.
    await engine.gradientScores('taylor', {});
    await engine.load('cnn', 'mnist');
    expect(data.read.filter((f) => f.includes('train'))).toEqual(trainFiles);
    expect((await engine.evaluate({}, 'preview')).accuracy).toBe(preview.accuracy);
  }, 120_000);

  it('a Cancel sent while the training split loads ends the run before its first batch', async () => {
    const data = loggedSource();
    const engine = createEngine({ data: data.source, models: nodeSource(root) });
    await engine.init('cpu');
    await engine.load('cnn', 'mnist');
    const before = await engine.snapshot();
    const run = engine.train(
      {
        epochs: 1,
        batchSize: 32,
        learningRate: 1e-3,
        optimizer: 'sgd',
        seed: 2,
        fromScratch: false,
        maxBatches: 8,
      },
      () => undefined,
    );
    // The training split is being read: nothing of it was decoded yet.
    await new Promise((r) => setTimeout(r, 0));
    engine.cancel();
    const r = await run;
    expect(data.read.filter((f) => f.includes('train'))).toHaveLength(2);
    expect(r.cancelled).toBe(true);
    expect(r.history).toEqual([]);
    expect(await engine.snapshot()).toEqual(before);
  }, 120_000);
});
