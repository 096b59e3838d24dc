import * as tf from './tf.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MaskSet } from '../core/types.ts';
import { installFastCpuKernels } from './cpu-kernels.ts';
import { Evaluator, evaluateModel } from './evaluate.ts';
import { TrainController, gradientScores, trainModel } from './train.ts';
import { tinyImages } from './test-fixtures.ts';
import { buildModel, getWeights, setWeights } from './zoo.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
  installFastCpuKernels();
});

const data = tinyImages(32, 24, 9);

function masksFor(model: tf.LayersModel, pruneEvery: number): MaskSet {
  const m: MaskSet = {};
  for (const [k, w] of Object.entries(getWeights(model))) {
    if (k.endsWith('/bias')) continue;
    m[k] = Uint8Array.from(w, (_, i) => (i % pruneEvery === 0 ? 0 : 1));
  }
  return m;
}

describe('no tensor leaks', () => {
  it.each(['cnn', 'gru'] as const)(
    '%s: train, evaluate, scores and weight I/O keep numTensors flat',
    async (modelId) => {
      const model = buildModel(modelId, 'mnist', 1);
      const masks = masksFor(model, 3);
      const controller = new TrainController();
      const round = async (i: number): Promise<void> => {
        await trainModel(
          model,
          data,
          {
            epochs: 1,
            batchSize: 16,
            learningRate: 1e-3,
            optimizer: i % 2 ? 'sgd' : 'adam',
            seed: i,
            fromScratch: false,
            masks,
          },
          { movement: true, controller, onStep: (s) => (s === 1 ? masksFor(model, 4) : null) },
        );
        evaluateModel(model, data, [0, 1, 2, 3, 4], masks);
        gradientScores(model, data, [0, 1, 2, 3], 'snip', masks);
        gradientScores(model, data, [0, 1, 2, 3], 'taylor', {});
        setWeights(model, getWeights(model));
        const ev = new Evaluator(model, data, { chunk: 8, previewSize: 10 });
        ev.evaluate({}, 'full');
        ev.evaluate(masks, 'full');
        ev.evaluate(masks, 'preview');
        ev.dispose();
      };
      await round(0); // burn-in (backend kernels, lazily created state)
      const n = tf.memory().numTensors;
      await round(1);
      await round(2);
      expect(tf.memory().numTensors).toBe(n);
      model.dispose();
    },
  );

  it('an Evaluator holds a bounded cache: repeated evaluations do not grow it', () => {
    const model = buildModel('cnn', 'mnist', 1);
    const ev = new Evaluator(model, data, { chunk: 8 });
    const m1 = masksFor(model, 2);
    const m2 = masksFor(model, 5);
    ev.evaluate(m1, 'full');
    ev.evaluate(m2, 'full');
    const n = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      ev.evaluate(m1, 'full');
      ev.evaluate({ ...m2, 'dense1/kernel': m1['dense1/kernel'] }, 'full');
      ev.evaluate(m2, 'full');
    }
    expect(tf.memory().numTensors).toBe(n);
    const before = tf.memory().numTensors;
    ev.dispose();
    expect(tf.memory().numTensors).toBeLessThan(before);
    model.dispose();
  });
});
