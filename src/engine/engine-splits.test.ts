/**
 * A model's load reads the test split only: the training split (for MNIST 60,000 images) is read
 * when training or gradient scores first need it, and then once per engine (a Cancel sent while it
 * loads: engine-faults.test.ts).
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
});
