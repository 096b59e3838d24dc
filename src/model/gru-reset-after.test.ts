/**
 * A Keras GRU with reset_after=True (the Keras 2 default) imports from the tensorflowjs converter's
 * layout (bias [2, 3H]), predicts as Keras's formula does (a float64 reference written from Keras's
 * GRUCell, within 1e-5), prunes with structured masks that reach both bias rows, compacts to the
 * same outputs, trains, and saves and reloads through model.save().
 */
import * as tf from './tf.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeMasks } from '../core/compute.ts';
import { emptyConfig, setGlobalSparsity } from '../core/index.ts';
import { keptUnits, networkMetrics } from '../core/metrics.ts';
import type { WeightSet } from '../core/types.ts';
import { sequentialFromGraph } from './build.ts';
import { compactAgainstMasked, maxDiff } from './compact-check.ts';
import { importModel } from './import/index.ts';
import { gruResetAfter } from './gru-reset-after.ts';
import { kerasResetAfterFiles } from './shipped-fixtures.ts';
import { getWeights } from './variables.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const T = 6;
const F = 4;
const H = 5;
const C = 3;

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

/** Keras's GRUCell (reset_after=True) and the softmax Dense after it, in float64. */
function reference(w: WeightSet, gru: string, dense: string, x: Float32Array, n: number): number[] {
  const K = w[`${gru}/kernel`];
  const U = w[`${gru}/recurrentKernel`];
  const b = w[`${gru}/bias`];
  const out: number[] = [];
  for (let e = 0; e < n; e++) {
    let h = new Array<number>(H).fill(0);
    for (let t = 0; t < T; t++) {
      const mx = new Array<number>(3 * H).fill(0);
      const mi = new Array<number>(3 * H).fill(0);
      for (let c = 0; c < 3 * H; c++) {
        mx[c] = b[c];
        mi[c] = b[3 * H + c];
        for (let f = 0; f < F; f++) mx[c] += x[(e * T + t) * F + f] * K[f * 3 * H + c];
        for (let k = 0; k < H; k++) mi[c] += h[k] * U[k * 3 * H + c];
      }
      h = h.map((hj, j) => {
        const z = sigmoid(mx[j] + mi[j]);
        const r = sigmoid(mx[H + j] + mi[H + j]);
        const hh = Math.tanh(mx[2 * H + j] + r * mi[2 * H + j]);
        return z * hj + (1 - z) * hh;
      });
    }
    const logits = Array.from({ length: C }, (_, c) =>
      h.reduce((s, hk, k) => s + hk * w[`${dense}/kernel`][k * C + c], w[`${dense}/bias`][c]),
    );
    const m = Math.max(...logits);
    const ex = logits.map((l) => Math.exp(l - m));
    const sum = ex.reduce((a, v) => a + v, 0);
    out.push(...ex.map((v) => v / sum));
  }
  return out;
}

describe('GRU with reset_after=True (Keras layout)', () => {
  it('imports with a [2, 3H] bias and predicts as Keras’s formula within 1e-5', async () => {
    const { plan, weights } = importModel(
      await kerasResetAfterFiles({ steps: T, features: F, units: H, classes: C, seed: 11 }),
    );
    const [gru, dense] = plan.graph.layers;
    expect(gru.kind).toBe('gru');
    expect(gru.resetAfter).toBe(true);
    expect(gru.recurrentActivation).toBe('sigmoid');
    expect(gru.tensors.find((t) => t.role === 'bias')!.shape).toEqual([2, 3 * H]);
    const model = sequentialFromGraph(plan.graph, weights);
    const x = tf.randomUniform([7, T, F], -2, 2, 'float32', 4);
    const y = model.predict(x) as tf.Tensor;
    const want = reference(weights, gru.name, dense.name, x.dataSync() as Float32Array, 7);
    const got = Array.from(y.dataSync());
    const diff = Math.max(...got.map((v, i) => Math.abs(v - want[i])));
    expect(diff).toBeLessThan(1e-5);
    // Not the reset_after=False result: the two forms really differ on these weights.
    const before = plan.graph.layers.map((l) =>
      l.kind === 'gru' ? { ...l, resetAfter: false } : l,
    );
    const fused = { ...weights, [`${gru.name}/bias`]: weights[`${gru.name}/bias`].slice(0, 3 * H) };
    const other = sequentialFromGraph(
      {
        ...plan.graph,
        layers: before.map((l) =>
          l.kind === 'gru'
            ? {
                ...l,
                tensors: l.tensors.map((t) => (t.role === 'bias' ? { ...t, shape: [3 * H] } : t)),
              }
            : l,
        ),
      },
      fused,
    );
    const y2 = other.predict(x) as tf.Tensor;
    expect(maxDiff(y, y2)).toBeGreaterThan(1e-3);
    tf.dispose([x, y, y2]);
    model.dispose();
    other.dispose();
  });

  it('structured pruning removes a unit from both bias rows, and compaction keeps the outputs', async () => {
    const { plan, weights } = importModel(
      await kerasResetAfterFiles({ steps: T, features: F, units: H, classes: C, seed: 12 }),
    );
    const g = plan.graph;
    const gru = g.layers[0].name;
    const config = { ...setGlobalSparsity(emptyConfig(g), 0.4), method: 'l1-structured' as const };
    const masks = computeMasks(g, weights, config);
    const kept = keptUnits(g, masks)[gru];
    expect(kept.length).toBe(3);
    const bias = masks[`${gru}/bias`];
    for (let row = 0; row < 2; row++)
      for (let gate = 0; gate < 3; gate++)
        for (let j = 0; j < H; j++)
          expect(bias[row * 3 * H + gate * H + j], `row ${row} gate ${gate} unit ${j}`).toBe(
            kept.includes(j) ? 1 : 0,
          );
    const x = tf.randomUniform([5, T, F], -1, 1, 'float32', 6);
    const { compact: c, diff } = compactAgainstMasked(g, weights, masks, x);
    expect(c.params).toBe(networkMetrics(g, masks).total.compactedParams);
    expect(c.graph.layers[0].tensors.find((t) => t.role === 'bias')!.shape).toEqual([2, 9]);
    expect(diff).toBeLessThan(1e-5);
    x.dispose();
  });

  it('trains every weight (gradients reach both bias rows) and reloads from model.save()', async () => {
    const { plan, weights } = importModel(
      await kerasResetAfterFiles({ steps: T, features: F, units: H, classes: C, seed: 13 }),
    );
    const model = sequentialFromGraph(plan.graph, weights);
    model.compile({ optimizer: tf.train.sgd(0.5), loss: 'sparseCategoricalCrossentropy' });
    const x = tf.randomUniform([16, T, F], -1, 1, 'float32', 8);
    const y = tf.tensor1d(
      Array.from({ length: 16 }, (_, i) => i % C),
      'float32',
    );
    await model.fit(x, y, { epochs: 1, batchSize: 16, verbose: 0 });
    const after = getWeights(model);
    const key = `${plan.graph.layers[0].name}/bias`;
    for (let row = 0; row < 2; row++) {
      const moved = after[key]
        .slice(row * 3 * H, (row + 1) * 3 * H)
        .some((v, i) => Math.abs(v - weights[key][row * 3 * H + i]) > 1e-6);
      expect(moved, `bias row ${row} trained`).toBe(true);
    }
    let saved: tf.io.ModelArtifacts | null = null;
    await model.save(
      tf.io.withSaveHandler(async (a) => {
        saved = a;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const back = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    const a = model.predict(x) as tf.Tensor;
    const b = back.predict(x) as tf.Tensor;
    expect(maxDiff(a, b)).toBeLessThan(1e-6);
    tf.dispose([x, y, a, b]);
    model.dispose();
    back.dispose();
  });

  it('builds as a layer of its own with reset_after semantics', () => {
    const layer = gruResetAfter({ name: 'g', units: 2, inputShape: [3, 1] });
    const m = tf.sequential({ layers: [layer] });
    expect(m.outputs[0].shape).toEqual([null, 2]);
    expect(m.getWeights().map((w) => w.shape)).toEqual([
      [1, 6],
      [2, 6],
      [2, 6],
    ]);
    m.dispose();
  });
});
