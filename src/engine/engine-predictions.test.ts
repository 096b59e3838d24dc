/**
 * Per-example predictions of the engine's evaluation, in Node on the cpu backend, on the shipped
 * cnn checkpoint and the MNIST test split: flipped predictions between the unpruned and a pruned
 * model, and the test images a gallery shows.
 */
import { describe, expect, it } from 'vitest';
import { flipCounts } from '../core/stats.ts';
import type { EvalResult } from './api.ts';
import { cnnOnMnistSuite, masksAt } from './test-support.ts';

/** Confusion counts rebuilt from per-example predictions. */
function confusionOf(r: EvalResult, classes: number): number[][] {
  const m = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  r.predicted!.forEach((p, i) => m[r.labels![i]][p]++);
  return m;
}

describe('per-example predictions (cpu backend, cnn on MNIST)', () => {
  const cnn = cnnOnMnistSuite();

  it('returns the predicted class of every test example, consistent with accuracy and confusion', async () => {
    const full = await cnn.engine.evaluate({}, 'full');
    expect(full.predicted).toBeInstanceOf(Uint8Array);
    expect(full.predicted).toHaveLength(cnn.dataset.testY.length);
    expect(Array.from(full.labels!)).toEqual(Array.from(cnn.dataset.testY));
    const correct = full.predicted!.filter((p, i) => p === cnn.dataset.testY[i]).length;
    expect(correct / full.n).toBeCloseTo(full.accuracy, 10);
    expect(confusionOf(full, 10)).toEqual(full.confusion);
  }, 120_000);

  it('counts predictions flipped by pruning; the cached evaluation gives the same answer', async () => {
    const before = await cnn.engine.evaluate({}, 'full');
    const masks = masksAt(cnn.loaded, 0.9);
    const after = await cnn.engine.evaluate(masks, 'full');
    const flips = flipCounts(before.predicted!, after.predicted!, after.labels!);
    expect(flips.n).toBe(cnn.dataset.testY.length);
    expect(flips.changed).toBeGreaterThan(0);
    // Accuracy moves by exactly the fixed minus the broken examples.
    const moved = Math.round((after.accuracy - before.accuracy) * flips.n);
    expect(flips.fixed - flips.broken).toBe(moved);
    expect(confusionOf(after, 10)).toEqual(after.confusion);
    // Same masks again: answered from the evaluator's cache, the same predictions.
    const again = await cnn.engine.evaluate(masks, 'full');
    expect(Array.from(again.predicted!)).toEqual(Array.from(after.predicted!));
    // Back to no masks: the unpruned predictions.
    const back = await cnn.engine.evaluate({}, 'full');
    expect(Array.from(back.predicted!)).toEqual(Array.from(before.predicted!));
  }, 180_000);

  it('hands out test images by index for a gallery, and refuses an index outside the split', async () => {
    const ex = await cnn.engine.testExamples([3, 0]);
    expect(ex.size).toBe(784);
    expect(ex.shape).toEqual([28, 28, 1]);
    expect(Array.from(ex.labels)).toEqual([cnn.dataset.testY[3], cnn.dataset.testY[0]]);
    const x = cnn.dataset.testX as Uint8Array;
    expect(ex.pixels[784 + 200]).toBeCloseTo(x[200] / 255, 6);
    expect(ex.pixels[300]).toBeCloseTo(x[3 * 784 + 300] / 255, 6);
    expect(Math.max(...ex.pixels)).toBeLessThanOrEqual(1);
    await expect(cnn.engine.testExamples([cnn.dataset.testY.length])).rejects.toThrow(
      /outside the test split/,
    );
  });
});
