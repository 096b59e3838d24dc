/**
 * Per-example predictions of the engine's evaluation, in Node on the cpu backend, on the shipped
 * cnn checkpoint and the MNIST test split: flipped predictions between the unpruned and a pruned
 * model, and the test images a gallery shows.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { computeMasks, emptyConfig, setGlobalSparsity } from '../core/index.ts';
import { flipCounts } from '../core/stats.ts';
import { loadDataset } from '../data/index.ts';
import { nodeSource } from '../data/node-source.ts';
import type { Dataset } from '../data/types.ts';
import { createEngine, type Engine } from './engine.ts';
import type { EvalResult, LoadResult } from './api.ts';

const root = new URL('../../public/', import.meta.url);

/** Confusion counts rebuilt from per-example predictions. */
function confusionOf(r: EvalResult, classes: number): number[][] {
  const m = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  r.predicted!.forEach((p, i) => m[r.labels![i]][p]++);
  return m;
}

describe('per-example predictions (cpu backend, cnn on MNIST)', () => {
  let engine: Engine;
  let loaded: LoadResult;
  let ds: Dataset;

  beforeAll(async () => {
    const data = nodeSource(new URL('data/', root));
    engine = createEngine({ data, models: nodeSource(root) });
    await engine.init('cpu');
    loaded = await engine.load('cnn', 'mnist');
    ds = await loadDataset('mnist', data);
  }, 120_000);

  it('returns the predicted class of every test example, consistent with accuracy and confusion', async () => {
    const full = await engine.evaluate({}, 'full');
    expect(full.predicted).toBeInstanceOf(Uint8Array);
    expect(full.predicted).toHaveLength(ds.testY.length);
    expect(Array.from(full.labels!)).toEqual(Array.from(ds.testY));
    const correct = full.predicted!.filter((p, i) => p === ds.testY[i]).length;
    expect(correct / full.n).toBeCloseTo(full.accuracy, 10);
    expect(confusionOf(full, 10)).toEqual(full.confusion);
  }, 120_000);

  it('counts predictions flipped by pruning; the cached evaluation gives the same answer', async () => {
    const before = await engine.evaluate({}, 'full');
    const config = setGlobalSparsity(emptyConfig(loaded.graph), 0.9);
    const masks = computeMasks(loaded.graph, loaded.weights, config);
    const after = await engine.evaluate(masks, 'full');
    const flips = flipCounts(before.predicted!, after.predicted!, after.labels!);
    expect(flips.n).toBe(ds.testY.length);
    expect(flips.changed).toBeGreaterThan(0);
    // Accuracy moves by exactly the fixed minus the broken examples.
    const moved = Math.round((after.accuracy - before.accuracy) * flips.n);
    expect(flips.fixed - flips.broken).toBe(moved);
    expect(confusionOf(after, 10)).toEqual(after.confusion);
    // Same masks again: answered from the evaluator's cache, the same predictions.
    const again = await engine.evaluate(masks, 'full');
    expect(Array.from(again.predicted!)).toEqual(Array.from(after.predicted!));
    // Back to no masks: the unpruned predictions.
    const back = await engine.evaluate({}, 'full');
    expect(Array.from(back.predicted!)).toEqual(Array.from(before.predicted!));
  }, 180_000);

  it('hands out test images by index for a gallery, and refuses an index outside the split', async () => {
    const ex = await engine.testExamples([3, 0]);
    expect(ex.size).toBe(784);
    expect(ex.shape).toEqual([28, 28, 1]);
    expect(Array.from(ex.labels)).toEqual([ds.testY[3], ds.testY[0]]);
    const x = ds.testX as Uint8Array;
    expect(ex.pixels[784 + 200]).toBeCloseTo(x[200] / 255, 6);
    expect(ex.pixels[300]).toBeCloseTo(x[3 * 784 + 300] / 255, 6);
    expect(Math.max(...ex.pixels)).toBeLessThanOrEqual(1);
    await expect(engine.testExamples([ds.testY.length])).rejects.toThrow(/outside the test split/);
  });
});
