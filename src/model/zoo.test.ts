import * as tf from './tf.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DatasetId } from '../data/types.ts';
import type { ModelId } from '../data/models.ts';
import { tinyImages, tinyWaves } from './test-fixtures.ts';
import {
  MODEL_IDS,
  ZOO,
  buildModel,
  describeGraph,
  getWeights,
  graphTensors,
  initialWeights,
  setWeights,
  toInput,
  weightVariables,
} from './zoo.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const pairs: [ModelId, DatasetId][] = MODEL_IDS.flatMap((m) =>
  ZOO[m].datasets.map((d): [ModelId, DatasetId] => [m, d]),
);

describe('zoo', () => {
  it.each(pairs)('describeGraph(%s, %s) matches the real model', (m, d) => {
    const model = buildModel(m, d, 1);
    const graph = describeGraph(m, d);
    const vars = weightVariables(model);
    expect([...vars.keys()]).toEqual(graphTensors(graph).map((t) => t.key));
    for (const t of graphTensors(graph)) expect(vars.get(t.key)!.shape).toEqual(t.shape);
    expect(graph.layers.map((l) => l.name)).toEqual(model.layers.map((l) => l.name));
    graph.layers.forEach((l, i) => {
      expect([null, ...l.outputShape]).toEqual(model.layers[i].outputShape);
    });
    expect([null, ...graph.inputShape]).toEqual(model.inputs[0].shape);
    const params = graphTensors(graph).reduce((a, t) => a + t.shape.reduce((p, q) => p * q, 1), 0);
    expect(params).toBe(model.countParams());
    expect(graph.layers.at(-1)!.isOutput).toBe(true);
    expect(graph.layers.filter((l) => l.isOutput)).toHaveLength(1);
    model.dispose();
  });

  it('marks only shape-preserving hidden layers as removable (cnn conv3)', () => {
    const removable = pairs.flatMap(([m, d]) =>
      describeGraph(m, d)
        .layers.filter((l) => l.removable)
        .map((l) => `${m}/${l.name}`),
    );
    expect([...new Set(removable)]).toEqual(['cnn/conv3']);
  });

  it('same seed gives the same initial weights, another seed different ones', () => {
    const a = getWeights(buildModel('lstm', 'mnist', 7));
    const b = getWeights(buildModel('lstm', 'mnist', 7));
    const c = getWeights(buildModel('lstm', 'mnist', 8));
    for (const k of Object.keys(a)) expect(b[k]).toEqual(a[k]);
    expect(c['lstm1/kernel']).not.toEqual(a['lstm1/kernel']);
  });

  it('initial weights: orthonormal recurrent rows, LSTM forget bias 1, Glorot bounds', () => {
    const graph = describeGraph('lstm', 'waves');
    const w = initialWeights(graph, 3);
    const rk = w['lstm1/recurrentKernel'];
    const [H, G] = [64, 256];
    for (const [r, s] of [
      [0, 0],
      [0, 5],
      [17, 40],
    ]) {
      let dot = 0;
      for (let c = 0; c < G; c++) dot += rk[r * G + c] * rk[s * G + c];
      expect(dot).toBeCloseTo(r === s ? 1 : 0, 4);
    }
    const bias = w['lstm1/bias'];
    expect(Array.from(bias.subarray(H, 2 * H)).every((v) => v === 1)).toBe(true);
    expect(Array.from(bias.subarray(0, H)).every((v) => v === 0)).toBe(true);
    const limit = Math.sqrt(6 / (1 + G));
    expect(Math.max(...Array.from(w['lstm1/kernel']).map(Math.abs))).toBeLessThanOrEqual(limit);
  });

  it('getWeights / setWeights round-trip and reject wrong sizes', () => {
    const model = buildModel('cnn', 'mnist', 1);
    const w = getWeights(model);
    const changed = { ...w, 'conv2/kernel': w['conv2/kernel'].map((v, i) => v + i * 1e-3) };
    setWeights(model, changed);
    expect(getWeights(model)['conv2/kernel']).toEqual(changed['conv2/kernel']);
    expect(getWeights(model)['conv1/kernel']).toEqual(w['conv1/kernel']);
    expect(() => setWeights(model, { 'conv1/bias': new Float32Array(3) })).toThrow(/conv1\/bias/);
    model.dispose();
  });

  it('toInput lays out images for cnn and rnn, and waves as [n, 64, 1]', () => {
    const img = tinyImages(4, 4);
    const a = toInput(img, [2, 0], 'cnn', 'train');
    const b = toInput(img, [2, 0], 'lstm', 'train');
    expect(a.shape).toEqual([2, 28, 28, 1]);
    expect(b.shape).toEqual([2, 28, 28]);
    const av = a.dataSync();
    expect(av[0]).toBeCloseTo(img.trainX[2 * 784] / 255, 6);
    expect(av[784 + 100]).toBeCloseTo(img.trainX[100] / 255, 6);
    expect(Array.from(b.dataSync())).toEqual(Array.from(av));
    const waves = tinyWaves(3, 3);
    const c = toInput(waves, [1], 'gru', 'test');
    expect(c.shape).toEqual([1, 64, 1]);
    expect(c.dataSync()[5]).toBeCloseTo(waves.testX[64 + 5], 6);
    tf.dispose([a, b, c]);
  });
});
