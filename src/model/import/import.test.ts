import * as tf from '../tf.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeMasks } from '../../core/compute.ts';
import { removalBlocker } from '../../core/graph.ts';
import { keptUnits, networkMetrics } from '../../core/metrics.ts';
import type { PruningConfig } from '../../core/types.ts';
import { sequentialFromGraph } from '../build.ts';
import { compactAgainstMasked, maxDiff } from '../compact-check.ts';
import { importModel, ImportError, type ImportErrorCode, type ImportFiles } from './index.ts';
import { kerasModelFiles, tfjsModelFiles } from './write.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Conv -> BN -> conv (no pooling between) -> pool -> dropout -> flatten -> dense -> dropout -> dense. */
function cnn(): tf.Sequential {
  const m = tf.sequential();
  m.add(
    tf.layers.conv2d({
      inputShape: [12, 12, 1],
      filters: 4,
      kernelSize: 3,
      activation: 'relu',
      padding: 'same',
    }),
  );
  m.add(tf.layers.batchNormalization());
  m.add(tf.layers.conv2d({ filters: 6, kernelSize: 3, activation: 'relu' }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tf.layers.dropout({ rate: 0.2 }));
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units: 8, activation: 'relu' }));
  m.add(tf.layers.batchNormalization());
  m.add(tf.layers.dropout({ rate: 0.3 }));
  m.add(tf.layers.dense({ units: 3, activation: 'softmax' }));
  // Non-trivial normalisation statistics.
  for (const l of m.layers) {
    if (l.getClassName() !== 'BatchNormalization') continue;
    l.setWeights(
      l
        .getWeights()
        .map((w, i) => tf.randomUniform(w.shape, i === 3 ? 0.5 : -0.5, 1.5, 'float32', 7 + i)),
    );
  }
  return m;
}

function rnn(): tf.Sequential {
  const m = tf.sequential();
  m.add(tf.layers.simpleRNN({ inputShape: [6, 5], units: 7 }));
  m.add(tf.layers.dense({ units: 3, activation: 'softmax' }));
  return m;
}

function lstm(): tf.Sequential {
  const m = tf.sequential();
  m.add(tf.layers.lstm({ inputShape: [6, 5], units: 7 }));
  m.add(tf.layers.dense({ units: 3, activation: 'softmax' }));
  return m;
}

async function roundTrip(m: tf.Sequential, files: ImportFiles): Promise<void> {
  const { plan, weights } = importModel(files);
  const built = sequentialFromGraph(plan.graph, weights);
  const x = tf.randomUniform([5, ...plan.graph.inputShape], 0, 1, 'float32', 3);
  const a = m.predict(x) as tf.Tensor;
  const b = built.predict(x) as tf.Tensor;
  expect(maxDiff(a, b)).toBeLessThan(1e-5);
  tf.dispose([x, a, b]);
  built.dispose();
}

describe('importModel', () => {
  it('reads a tfjs model.save() CNN with BN and dropout and predicts as the original', async () => {
    const m = cnn();
    const files = await tfjsModelFiles(m);
    const { plan } = importModel(files);
    expect(plan.source).toBe('tfjs');
    expect(plan.graph.id).toMatch(/^imported:/);
    expect(plan.graph.classes).toBe(3);
    expect(plan.graph.layers.map((l) => l.kind)).toEqual([
      'conv2d',
      'batchnorm',
      'conv2d',
      'maxpool',
      'dropout',
      'flatten',
      'dense',
      'batchnorm',
      'dropout',
      'dense',
    ]);
    await roundTrip(m, files);
    m.dispose();
  });

  it('reads the tensorflowjs converter layout (model_config, shards, cell weight names)', async () => {
    for (const make of [cnn, lstm, rnn]) {
      const m = make();
      const files = await kerasModelFiles(m, { shardBytes: 256 });
      expect(Object.keys(files.weights).length).toBeGreaterThan(1);
      const doc = JSON.parse(files.json) as { modelTopology: { model_config: unknown } };
      expect(doc.modelTopology.model_config).toBeDefined();
      const { plan } = importModel(files);
      expect(plan.source).toBe('keras');
      expect(plan.generatedBy).toMatch(/^keras v2/);
      await roundTrip(m, files);
      m.dispose();
    }
  });

  it('structured pruning removes BN entries with their filter, and compaction keeps the outputs', async () => {
    const m = cnn();
    const { plan, weights } = importModel(await tfjsModelFiles(m));
    m.dispose();
    const g = plan.graph;
    const config: PruningConfig = {
      method: 'l1-structured',
      globalSparsity: 0.5,
      layers: {},
      seed: 1,
    };
    const masks = computeMasks(g, weights, config);
    const bn = g.layers[1].name;
    const kept = keptUnits(g, masks)[g.layers[0].name];
    expect(kept.length).toBe(2);
    for (const role of ['gamma', 'beta', 'movingMean', 'movingVariance']) {
      const mk = masks[`${bn}/${role}`];
      expect(Array.from(mk).filter((v) => v === 1).length).toBe(2);
      for (const j of kept) expect(mk[j]).toBe(1);
    }
    const x = tf.randomUniform([4, 12, 12, 1], 0, 1, 'float32', 5);
    const { compact: c, diff } = compactAgainstMasked(g, weights, masks, x);
    expect(c.params).toBe(networkMetrics(g, masks).total.compactedParams);
    expect(c.graph.layers[1].tensors[0].shape).toEqual([2]);
    expect(diff).toBeLessThan(1e-4);
    x.dispose();
  });
});

describe('removing a whole layer next to BatchNormalization', () => {
  it('is refused with the reason, while a layer without BN after it stays removable', async () => {
    const m = tf.sequential();
    const same = {
      filters: 2,
      kernelSize: 3,
      padding: 'same' as const,
      activation: 'relu' as const,
    };
    m.add(tf.layers.conv2d({ inputShape: [6, 6, 2], ...same }));
    m.add(tf.layers.conv2d(same));
    m.add(tf.layers.batchNormalization());
    m.add(tf.layers.flatten());
    m.add(tf.layers.dense({ units: 3, activation: 'softmax' }));
    const { plan, weights } = importModel(await tfjsModelFiles(m));
    m.dispose();
    const [first, second, bn] = plan.graph.layers;
    expect(first.removable).toBe(true);
    expect(second.removable).toBe(false);
    expect(removalBlocker(plan.graph.layers, 0)).toBeNull();
    expect(removalBlocker(plan.graph.layers, 1)).toContain(`${bn.name} (BatchNormalization)`);
    const config = (name: string): PruningConfig => ({
      method: 'magnitude',
      globalSparsity: 0,
      layers: { [name]: { sparsity: 0, locked: true, removed: true } },
      seed: 1,
    });
    expect(() => computeMasks(plan.graph, weights, config(second.name))).toThrow(
      new RegExp(`${second.name} cannot be removed: ${bn.name} \\(BatchNormalization\\)`),
    );
    const masks = computeMasks(plan.graph, weights, config(first.name));
    expect(masks[`${first.name}/kernel`].every((v) => v === 0)).toBe(true);
  });
});

async function refusal(files: ImportFiles): Promise<ImportError> {
  try {
    importModel(files);
  } catch (e) {
    if (e instanceof ImportError) return e;
    throw e;
  }
  throw new Error('the import was not refused');
}

type Doc = {
  format?: string;
  modelTopology: {
    model_config: {
      class_name: string;
      config: {
        layers: { class_name: string; config: Record<string, unknown>; inbound_nodes?: unknown }[];
      };
    };
  };
  weightsManifest: { paths: string[]; weights: { name: string; shape: number[] }[] }[];
};

async function kerasDoc(make: () => tf.Sequential): Promise<{ doc: Doc; files: ImportFiles }> {
  const m = make();
  const files = await kerasModelFiles(m);
  m.dispose();
  return { doc: JSON.parse(files.json) as Doc, files };
}

function withDoc(files: ImportFiles, doc: unknown): ImportFiles {
  return { json: JSON.stringify(doc), weights: files.weights };
}

describe('import refusals', () => {
  const cases: [string, ImportErrorCode, RegExp, () => Promise<ImportFiles>][] = [
    [
      'unreadable JSON',
      'bad-json',
      /model\.json cannot be read as JSON/,
      async () => ({ json: '{"modelTopology": ', weights: {} }),
    ],
    [
      'a graph model',
      'not-layers-model',
      /graph model.*Only layers models/,
      async () => ({
        json: JSON.stringify({
          format: 'graph-model',
          modelTopology: { node: [] },
          weightsManifest: [],
        }),
        weights: {},
      }),
    ],
    [
      'a functional model with branches',
      'functional-branches',
      /feeds 2 layers|merges 2 inputs/,
      async () => {
        const { doc, files } = await kerasDoc(rnn);
        const mc = doc.modelTopology.model_config;
        mc.class_name = 'Functional';
        const [input, r, d] = mc.config.layers;
        input.config.name = 'input_1';
        r.inbound_nodes = [[['input_1', 0, 0, {}]]];
        d.inbound_nodes = [[['simple_rnn_SimpleRNN1', 0, 0, {}]]];
        const extra = {
          class_name: 'Dense',
          config: { name: 'side', units: 3 },
          inbound_nodes: [[['simple_rnn_SimpleRNN1', 0, 0, {}]]],
        };
        r.config.name = 'simple_rnn_SimpleRNN1';
        mc.config.layers.push(extra);
        return withDoc(files, doc);
      },
    ],
    [
      'Conv1D',
      'unsupported-layer',
      /Layer c1 is a Conv1D.*Supported layers: InputLayer, Conv2D/,
      async () => {
        const { doc, files } = await kerasDoc(rnn);
        doc.modelTopology.model_config.config.layers.splice(1, 0, {
          class_name: 'Conv1D',
          config: { name: 'c1', filters: 2, kernel_size: [3] },
        });
        return withDoc(files, doc);
      },
    ],
    [
      'Bidirectional',
      'unsupported-layer',
      /Layer bi is a Bidirectional/,
      async () => {
        const { doc, files } = await kerasDoc(rnn);
        doc.modelTopology.model_config.config.layers[1] = {
          class_name: 'Bidirectional',
          config: { name: 'bi' },
        };
        return withDoc(files, doc);
      },
    ],
    [
      'an unknown layer',
      'unsupported-layer',
      /Layer att is a MultiHeadAttention/,
      async () => {
        const { doc, files } = await kerasDoc(rnn);
        doc.modelTopology.model_config.config.layers[1] = {
          class_name: 'MultiHeadAttention',
          config: { name: 'att' },
        };
        return withDoc(files, doc);
      },
    ],
    [
      'a missing weight file',
      'missing-weights-file',
      /group1-shard1of1\.bin listed in model\.json was not given/,
      async () => {
        const { files } = await kerasDoc(rnn);
        return { json: files.json, weights: {} };
      },
    ],
    [
      'a short weight file',
      'short-weights-file',
      /group1-shard1of1\.bin is too short/,
      async () => {
        const { files } = await kerasDoc(rnn);
        return {
          json: files.json,
          weights: { 'group1-shard1of1.bin': files.weights['group1-shard1of1.bin'].slice(0, 40) },
        };
      },
    ],
    [
      'NaN weights',
      'bad-weights',
      /Weight simple_rnn_SimpleRNN\d+\/simple_rnn_cell\/recurrent_kernel holds NaN/,
      async () => {
        const { doc, files } = await kerasDoc(rnn);
        const buf = files.weights['group1-shard1of1.bin'].slice(0);
        const f = new Float32Array(buf);
        const [k] = doc.weightsManifest[0].weights;
        f[k.shape[0] * k.shape[1] + 3] = NaN;
        return { json: files.json, weights: { 'group1-shard1of1.bin': buf } };
      },
    ],
    [
      'a shape mismatch',
      'shape-mismatch',
      /has shape \[5, 9\] in the weights, but layer .* needs \[5, 7\]/,
      async () => {
        const { doc, files } = await kerasDoc(rnn);
        doc.weightsManifest[0].weights[0].shape = [5, 9];
        return withDoc(files, doc);
      },
    ],
  ];
  for (const [what, code, message, make] of cases) {
    it(`refuses ${what} (${code})`, async () => {
      const e = await refusal(await make());
      expect(e.code).toBe(code);
      expect(e.message).toMatch(message);
    });
  }
});
