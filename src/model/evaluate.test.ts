import * as tf from './tf.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MaskSet, WeightSet } from '../core/types.ts';
import type { Dataset } from '../data/types.ts';
import type { ModelId } from '../data/models.ts';
import { installFastCpuKernels } from './cpu-kernels.ts';
import { defaultChunk, Evaluator, evalStats, evaluateModel, previewIndices } from './evaluate.ts';
import { mulberry32 } from '../core/random.ts';
import { tinyImages, tinyWaves } from './test-fixtures.ts';
import { forwardSkipping } from './masking.ts';
import { buildModel, describeGraph, getWeights, graphTensors, setWeights, toInput } from './zoo.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
  installFastCpuKernels();
});

describe('evalStats', () => {
  it('computes accuracy, loss, per-class accuracy and confusion by hand', () => {
    // 4 examples, 3 classes. Predictions (argmax): 0, 2, 1, 1. Labels: 0, 1, 1, 2.
    const probs = [0.7, 0.2, 0.1, 0.1, 0.3, 0.6, 0.2, 0.5, 0.3, 0.25, 0.5, 0.25];
    const s = evalStats(probs, [0, 1, 1, 2], 3);
    expect(s.n).toBe(4);
    expect(s.accuracy).toBe(0.5);
    expect(s.confusion).toEqual([
      [1, 0, 0],
      [0, 1, 1],
      [0, 1, 0],
    ]);
    expect(s.perClass).toEqual([1, 0.5, 0]);
    expect(s.loss).toBeCloseTo(
      -(Math.log(0.7) + Math.log(0.3) + Math.log(0.5) + Math.log(0.25)) / 4,
      12,
    );
  });
});

/**
 * A lenet whose output is a readable function of 4 input pixels: fc1 copies pixels 0..3 (×1),
 * fc2 copies those 4 units, fc3 maps unit c to class c with weight 10. So the logits are
 * 10 · pixel_c / 255 for c < 4 and 0 for the other classes.
 */
function readableLenet(): tf.Sequential {
  const model = buildModel('lenet-300-100', 'mnist', 1);
  const w: WeightSet = {};
  for (const t of graphTensors(describeGraph('lenet-300-100', 'mnist'))) {
    w[t.key] = new Float32Array(t.shape.reduce((a, b) => a * b, 1));
  }
  for (let c = 0; c < 4; c++) {
    w['fc1/kernel'][c * 300 + c] = 1;
    w['fc2/kernel'][c * 100 + c] = 1;
    w['fc3/kernel'][c * 10 + c] = 10;
  }
  setWeights(model, w);
  return model;
}

function pixelDataset(pixels: number[][], labels: number[]): Dataset {
  const testX = new Uint8Array(pixels.length * 784);
  pixels.forEach((p, i) => p.forEach((v, j) => (testX[i * 784 + j] = v)));
  return {
    id: 'mnist',
    kind: 'image',
    exampleShape: [28, 28, 1],
    classNames: Array.from({ length: 10 }, (_, c) => String(c)),
    trainX: testX,
    trainY: Uint8Array.from(labels),
    testX,
    testY: Uint8Array.from(labels),
  };
}

describe('evaluation of a hand-set model', () => {
  // Example i lights pixel c_i fully: logits 10 at class c_i, 0 elsewhere.
  const data = pixelDataset(
    [
      [255, 0, 0, 0],
      [0, 255, 0, 0],
      [0, 0, 255, 0],
      [0, 0, 0, 255],
    ],
    [0, 1, 3, 2],
  );
  const pTop = Math.exp(10) / (Math.exp(10) + 9);
  const pOther = 1 / (Math.exp(10) + 9);

  it('accuracy, loss and confusion match the hand computation', () => {
    const model = readableLenet();
    const r = evaluateModel(model, data, [0, 1, 2, 3], {});
    expect(r.accuracy).toBe(0.5);
    expect(r.confusion[0][0]).toBe(1);
    expect(r.confusion[1][1]).toBe(1);
    expect(r.confusion[3][2]).toBe(1);
    expect(r.confusion[2][3]).toBe(1);
    expect(r.confusion.flat().reduce((a, b) => a + b, 0)).toBe(4);
    expect(r.perClass.slice(0, 4)).toEqual([1, 1, 0, 0]);
    expect(r.loss).toBeCloseTo(-(2 * Math.log(pTop) + 2 * Math.log(pOther)) / 4, 5);
    model.dispose();
  });

  it('masks change the result and the unmasked weights come back', () => {
    const model = readableLenet();
    const before = getWeights(model);
    // Pruning fc3's weight from unit 0 to class 0 makes example 0 all-zero logits: argmax class 0
    // still (first maximum), with p = 1/10.
    const masks: MaskSet = { 'fc3/kernel': new Uint8Array(1000).fill(1) };
    masks['fc3/kernel'][0] = 0;
    masks['fc3/kernel'][1 * 10 + 1] = 0;
    const r = evaluateModel(model, data, [0, 1], masks);
    expect(r.accuracy).toBe(0.5); // example 1 now predicts class 0
    expect(r.loss).toBeCloseTo(-Math.log(0.1), 5);
    expect(getWeights(model)).toEqual(before);
    model.dispose();
  });
});

describe('previewIndices', () => {
  it('is class-balanced, fixed by the seed, and a prefix of the full order', () => {
    const labels = Uint8Array.from({ length: 300 }, (_, i) => (i * 7) % 10);
    const a = previewIndices(labels, 10, 50, 3);
    expect(previewIndices(labels, 10, 50, 3)).toEqual(a);
    const counts = new Array(10).fill(0);
    for (const i of a) counts[labels[i]]++;
    expect(counts).toEqual(new Array(10).fill(5));
    expect(new Set(a).size).toBe(50);
    expect(previewIndices(labels, 10, 80, 3).slice(0, 50)).toEqual(a);
    expect(previewIndices(labels, 10, 50, 4)).not.toEqual(a);
  });
});

function randomMask(size: number, seed: number, keep = 0.6): Uint8Array {
  const rng = mulberry32(seed);
  return Uint8Array.from({ length: size }, () => (rng() < keep ? 1 : 0));
}

const cases: [ModelId, Dataset][] = [
  ['cnn', tinyImages(8, 60, 2)],
  ['lenet-300-100', tinyImages(8, 60, 3)],
  ['lstm', tinyWaves(8, 24, 4)],
  ['gru', tinyImages(8, 30, 5)],
];

describe('Evaluator activation cache', () => {
  it.each(cases)(
    '%s: after changing layer k masks it recomputes from k and equals a fresh evaluation',
    (modelId, data) => {
      const model = buildModel(modelId, data.id, 1);
      const graph = describeGraph(modelId, data.id);
      const ev = new Evaluator(model, data, { chunk: 16, previewSize: 20 });
      const weightedIdx = graph.layers
        .map((l, i) => (l.tensors.length ? i : -1))
        .filter((i) => i >= 0);
      let masks: MaskSet = {};
      ev.evaluate(masks, 'full');
      expect(ev.lastStart).toBe(0);
      ev.evaluate(masks, 'full');
      expect(ev.lastStart).toBe(graph.layers.length);
      let seed = 10;
      // Change each weighted layer's kernel mask in turn, last layer first, then the first again.
      for (const i of [...weightedIdx].reverse().concat(weightedIdx[0])) {
        const t = graph.layers[i].tensors[0];
        masks = {
          ...masks,
          [t.key]: randomMask(
            t.shape.reduce((a, b) => a * b, 1),
            seed++,
          ),
        };
        const cached = ev.evaluate(masks, 'full');
        expect(ev.lastStart).toBe(i);
        const fresh = evaluateModel(model, data, ev.indices('full'), masks);
        expect(cached.accuracy).toBe(fresh.accuracy);
        expect(cached.confusion).toEqual(fresh.confusion);
        expect(cached.loss).toBeCloseTo(fresh.loss, 5);
      }
      // Same contents in a new array: no recomputation. A mutation in place: recomputation.
      const k = graph.layers[weightedIdx[0]].tensors[0].key;
      masks = { ...masks, [k]: masks[k].slice() };
      ev.evaluate(masks, 'full');
      expect(ev.lastStart).toBe(graph.layers.length);
      masks[k][0] = masks[k][0] ? 0 : 1;
      ev.evaluate(masks, 'full');
      expect(ev.lastStart).toBe(weightedIdx[0]);
      // The preview subset is cached on its own and is class-balanced.
      const p = ev.evaluate(masks, 'preview');
      expect(p.n).toBe(Math.min(20, data.testY.length));
      expect(p.subset).toBe('preview');
      expect(p.accuracy).toBe(evaluateModel(model, data, ev.indices('preview'), masks).accuracy);
      ev.dispose();
      model.dispose();
    },
  );

  it('recomputes everything after the weights change', () => {
    const data = tinyImages(8, 40, 6);
    const model = buildModel('cnn', 'mnist', 1);
    const ev = new Evaluator(model, data, { chunk: 16 });
    const a = ev.evaluate({}, 'full');
    setWeights(model, getWeights(buildModel('cnn', 'mnist', 2)));
    const b = ev.evaluate({}, 'full');
    expect(ev.lastStart).toBe(0);
    expect(b.loss).not.toBe(a.loss);
    expect(b.loss).toBeCloseTo(evaluateModel(model, data, ev.indices('full'), {}).loss, 5);
    ev.dispose();
    model.dispose();
  });
});

describe('the evaluator’s default chunk', () => {
  it('is 125 examples off the GPU, and gives what one chunk of 500 gives', () => {
    expect(tf.getBackend()).toBe('cpu');
    expect(defaultChunk()).toBe(125);
    const data = tinyImages(8, 300, 9);
    const model = buildModel('cnn', 'mnist', 3);
    const masks: MaskSet = { 'conv2/kernel': new Uint8Array(3 * 3 * 8 * 16).fill(1, 0, 600) };
    const ev = new Evaluator(model, data);
    const chunked = ev.evaluate(masks, 'full');
    const whole = evaluateModel(model, data, ev.indices('full'), masks, 'full', 500);
    expect(chunked.confusion).toEqual(whole.confusion);
    expect(chunked.loss).toBeCloseTo(whole.loss, 5);
    ev.dispose();
    model.dispose();
  });
});

describe('a layer removed whole is identity', () => {
  it('cnn conv3 with every weight pruned is skipped, cached and fresh alike', () => {
    const data = tinyImages(8, 40, 7);
    const model = buildModel('cnn', 'mnist', 1);
    const graph = describeGraph('cnn', 'mnist');
    const conv3 = graph.layers.findIndex((l) => l.name === 'conv3');
    const ev = new Evaluator(model, data, { chunk: 16 });
    ev.evaluate({}, 'full');
    const masks: MaskSet = {
      'conv3/kernel': new Uint8Array(3 * 3 * 16 * 16),
      'conv3/bias': new Uint8Array(16),
    };
    const cached = ev.evaluate(masks, 'full');
    expect(ev.lastStart).toBe(conv3);
    const idx = ev.indices('full');
    const fresh = evaluateModel(model, data, idx, masks);
    expect(cached.confusion).toEqual(fresh.confusion);
    expect(cached.loss).toBeCloseTo(fresh.loss, 5);
    // The same as running the unmasked model with conv3 left out.
    const probs = tf.tidy(() =>
      forwardSkipping(model, toInput(data, idx, 'cnn'), new Set(['conv3']), false),
    );
    const byHand = evalStats(
      probs.dataSync(),
      Array.from(idx, (i) => data.testY[i]),
      10,
    );
    probs.dispose();
    expect(cached.loss).toBeCloseTo(byHand.loss, 5);
    // Pruning every consumer row too makes conv3 a plain layer again (not removed): that status
    // change alone sends the evaluator back to conv3, not to dense1.
    const dense1 = graph.layers.findIndex((l) => l.name === 'dense1');
    const all = { ...masks, 'dense1/kernel': new Uint8Array(784 * 64) };
    const r = ev.evaluate(all, 'full');
    expect(ev.lastStart).toBe(conv3);
    expect(dense1).toBeGreaterThan(conv3);
    expect(r.loss).toBeCloseTo(evaluateModel(model, data, idx, all).loss, 5);
    ev.dispose();
    model.dispose();
  });
});
