/**
 * Training faults in the model layer: a diverging run stops at the first non-finite batch with the
 * weights from before the run back; an interrupted run resumes from a snapshot.
 */
import * as tf from './tf.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { findNonFinite } from '../core/finite.ts';
import type { WeightSet } from '../core/types.ts';
import type { TrainOptions, TrainSnapshot } from './results.ts';
import { installFastCpuKernels } from './cpu-kernels.ts';
import { evaluateModel } from './evaluate.ts';
import { tinyImages } from './test-fixtures.ts';
import { TrainController, trainModel } from './train.ts';
import { buildModel, getWeights, setWeights } from './zoo.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
  installFastCpuKernels();
});

// 64 examples in batches of 16: 4 batches per epoch.
const images = tinyImages(64, 40);
const allTest = Array.from({ length: images.testY.length }, (_, i) => i);

function opts(extra: Partial<TrainOptions> = {}): TrainOptions {
  return {
    epochs: 5,
    batchSize: 16,
    learningRate: 0.05,
    optimizer: 'sgd',
    seed: 5,
    fromScratch: false,
    reportEvery: 1,
    ...extra,
  };
}

function maxAbsDiff(a: WeightSet, b: WeightSet): number {
  let m = 0;
  for (const k of Object.keys(a))
    for (let i = 0; i < a[k].length; i++) m = Math.max(m, Math.abs(a[k][i] - b[k][i]));
  return m;
}

describe('divergence', () => {
  it('an absurd learning rate on the cnn stops at the first non-finite batch with the weights from before the run back', async () => {
    const model = buildModel('cnn', 'mnist', 1);
    const before = getWeights(model);
    const accBefore = evaluateModel(model, images, allTest, {}).accuracy;
    const seen: number[] = [];
    const r = await trainModel(model, images, opts({ optimizer: 'adam', learningRate: 1e6 }), {
      onProgress: (p) => seen.push(p.loss),
    });
    expect(r.stopped?.reason).toBe('diverged');
    if (r.stopped?.reason !== 'diverged') throw new Error('not diverged');
    const { batch, lastFiniteLoss } = r.stopped;
    expect(batch).toBeGreaterThanOrEqual(1);
    expect(batch).toBeLessThan(20);
    // Every progress report before it was finite (no 'loss NaN' reaches the page), and it is the
    // first failing batch: the reports are per batch and the last one holds the last finite loss.
    expect(seen.length).toBe(batch - 1);
    expect(seen.every(Number.isFinite)).toBe(true);
    expect(lastFiniteLoss).toBe(batch > 1 ? Math.fround(seen.at(-1)!) : null);
    expect(r.weights).toEqual(before);
    expect(getWeights(model)).toEqual(before);
    expect(findNonFinite(getWeights(model))).toBeNull();
    expect(evaluateModel(model, images, allTest, {}).accuracy).toBe(accBefore);
    // The same run stopped one batch earlier ends with finite weights: batch `batch` is the first.
    if (batch > 1) {
      const again = await trainModel(
        model,
        images,
        opts({ optimizer: 'adam', learningRate: 1e6, maxBatches: batch - 1 }),
      );
      expect(again.stopped).toBeUndefined();
      expect(findNonFinite(again.weights)).toBeNull();
    }
    model.dispose();
  });

  it('a sane run has no stop reason', async () => {
    const model = buildModel('lenet-300-100', 'mnist', 1);
    const r = await trainModel(model, images, opts({ maxBatches: 3 }));
    expect(r.stopped).toBeUndefined();
    expect(r.cancelled).toBe(false);
    model.dispose();
  });
});

describe('snapshots and resuming', () => {
  /** Runs from seed-3 weights, collecting snapshots every 4 batches; cancels after `stopAt`. */
  async function run(
    o: Partial<TrainOptions>,
    start?: WeightSet,
    stopAt?: number,
  ): Promise<{ weights: WeightSet; snaps: TrainSnapshot[]; done: number }> {
    const model = buildModel('cnn', 'mnist', 3);
    if (start) setWeights(model, start);
    const snaps: TrainSnapshot[] = [];
    const controller = new TrainController();
    const r = await trainModel(model, images, opts({ snapshotEvery: 4, ...o }), {
      controller,
      onSnapshot: (s) => snaps.push(s),
      onProgress: (p) => {
        if (p.done === stopAt) controller.cancel();
      },
    });
    model.dispose();
    return { weights: r.weights, snaps, done: r.history.at(-1)?.done ?? 0 };
  }

  it('hands a snapshot at the start and every 4 batches, never after the last', async () => {
    const a = await run({});
    expect(a.snaps.map((s) => s.done)).toEqual([0, 4, 8, 12, 16]);
    expect(a.done).toBe(20);
  });

  it('SGD: 20 batches interrupted at 8 and resumed from the batch-8 snapshot equal the uninterrupted run', async () => {
    const whole = await run({});
    const cut = await run({}, undefined, 8);
    expect(cut.done).toBe(8);
    const at8 = cut.snaps.find((s) => s.done === 8)!;
    expect(at8).toBeDefined();
    // The snapshot is the weights of the uninterrupted run at batch 8.
    expect(at8.weights).toEqual(whole.snaps.find((s) => s.done === 8)!.weights);
    const resumed = await run({ startAt: 8 }, at8.weights);
    expect(resumed.snaps[0].done).toBe(8);
    expect(resumed.done).toBe(20);
    expect(maxAbsDiff(resumed.weights, whole.weights)).toBeLessThanOrEqual(1e-6);
  });

  it('resumes across an epoch boundary and ignores fromScratch when startAt > 0', async () => {
    const whole = await run({ fromScratch: true });
    const at6 = (await run({ fromScratch: true, snapshotEvery: 2 }, undefined, 6)).snaps.find(
      (s) => s.done === 6,
    )!;
    const resumed = await run({ fromScratch: true, startAt: 6 }, at6.weights);
    expect(maxAbsDiff(resumed.weights, whole.weights)).toBeLessThanOrEqual(1e-6);
  });

  it('Adam: a resumed run restarts the moments and step count, so it ends close but not equal', async () => {
    const whole = await run({ optimizer: 'adam', learningRate: 1e-3 });
    const at8 = (await run({ optimizer: 'adam', learningRate: 1e-3 }, undefined, 8)).snaps.find(
      (s) => s.done === 8,
    )!;
    const resumed = await run({ optimizer: 'adam', learningRate: 1e-3, startAt: 8 }, at8.weights);
    const d = maxAbsDiff(resumed.weights, whole.weights);
    expect(d).toBeGreaterThan(0);
    // 12 Adam steps move a weight at most ~12 * lr; the difference stays within that.
    expect(d).toBeLessThan(12 * 1e-3 * 2);
  });
});
