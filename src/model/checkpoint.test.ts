import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as tf from './tf.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../data/index.ts';
import { nodeSource } from '../data/node-source.ts';
import type { WeightSet } from '../core/types.ts';
import {
  CHECKPOINT_FORMAT,
  CheckpointError,
  fnv1aHex,
  loadCheckpoint,
  packWeights,
  parseCheckpointManifest,
  unpackWeights,
  type CheckpointManifest,
  type CheckpointSource,
} from './checkpoint.ts';
import { installFastCpuKernels } from './cpu-kernels.ts';
import { evaluateModel } from './evaluate.ts';
import {
  MODEL_IDS,
  ZOO,
  buildModel,
  describeGraph,
  getWeights,
  initialWeights,
  setWeights,
} from './zoo.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
  installFastCpuKernels();
});

/** An in-memory site: path → bytes. */
function memorySource(files: Map<string, Uint8Array>): CheckpointSource {
  return async (path) => {
    const f = files.get(path);
    if (!f) throw new Error(`missing ${path}`);
    return f.slice().buffer;
  };
}

function fakeSite(
  seed: number,
  tweak: (w: WeightSet) => void = () => undefined,
): {
  files: Map<string, Uint8Array>;
  weights: ReturnType<typeof getWeights>;
} {
  const graph = describeGraph('gru', 'waves');
  const weights = initialWeights(graph, seed + 100); // stands in for trained weights
  tweak(weights);
  const { bytes, tensors } = packWeights(graph, weights);
  const manifest: CheckpointManifest = {
    format: CHECKPOINT_FORMAT,
    entries: [
      {
        model: 'gru',
        dataset: 'waves',
        weightsFile: 'models/gru-waves/weights.bin',
        bytes: bytes.length,
        tensors,
        testAccuracy: 0.5,
        testLoss: 1,
        epochs: 1,
        batchSize: 64,
        optimizer: 'adam',
        learningRates: [1e-3],
        seed,
        trainExamples: 10,
        checksum: fnv1aHex(bytes),
        initChecksum: fnv1aHex(packWeights(graph, initialWeights(graph, seed)).bytes),
      },
    ],
  };
  const files = new Map<string, Uint8Array>([
    ['models/manifest.json', new TextEncoder().encode(JSON.stringify(manifest))],
    ['models/gru-waves/weights.bin', bytes],
  ]);
  return { files, weights };
}

describe('checkpoints', () => {
  it('pack / unpack round-trips every tensor in graph order', () => {
    const graph = describeGraph('cnn', 'fashion');
    const w = initialWeights(graph, 4);
    const { bytes, tensors } = packWeights(graph, w);
    expect(tensors.map((t) => t.key)).toEqual(
      graph.layers.flatMap((l) => l.tensors.map((t) => t.key)),
    );
    expect(tensors[1].offset).toBe(w['conv1/kernel'].length * 4);
    expect(unpackWeights(graph, bytes.buffer as ArrayBuffer, tensors)).toEqual(w);
  });

  it('loadCheckpoint returns the weights and regenerates the initial weights from the seed', async () => {
    const { files, weights } = fakeSite(7);
    const r = await loadCheckpoint(memorySource(files), 'gru', 'waves');
    expect(r.weights).toEqual(weights);
    expect(r.initial).toEqual(getWeights(buildModel('gru', 'waves', 7)));
    await expect(loadCheckpoint(memorySource(files), 'lstm', 'waves')).rejects.toThrow(
      /no pretrained checkpoint/,
    );
  });

  it('rejects a weights file that does not match the manifest', async () => {
    const { files } = fakeSite(7);
    const bad = files.get('models/gru-waves/weights.bin')!.slice();
    bad[10] ^= 1;
    files.set('models/gru-waves/weights.bin', bad);
    await expect(loadCheckpoint(memorySource(files), 'gru', 'waves')).rejects.toThrow(/checksum/);
  });

  it.each([NaN, Infinity, -Infinity])(
    'refuses a checkpoint holding %s with a matching checksum, naming the tensor',
    async (bad) => {
      const { files } = fakeSite(7, (w) => {
        w['gru1/recurrentKernel'][5] = bad;
      });
      const err = await loadCheckpoint(memorySource(files), 'gru', 'waves').catch((e) => e);
      expect(err).toBeInstanceOf(CheckpointError);
      expect(err).toMatchObject({ code: 'non-finite-weights', tensor: 'gru1/recurrentKernel' });
      expect((err as Error).message).toContain(
        `gru1/recurrentKernel holds ${String(bad)} at index 5`,
      );
    },
  );

  it.each(['not json', '{"format":2,"entries":[]}', 'null', '{"format":1}'])(
    'refuses a manifest that is not one (%s) with a typed error',
    (text) => {
      expect(() => parseCheckpointManifest(text)).toThrow(CheckpointError);
      expect(() => parseCheckpointManifest(text)).toThrow(/models\/manifest.json/);
    },
  );

  /** Reads public/ from disk, as the app fetches it. */
  const shipped: CheckpointSource = async (path) => {
    const b = await readFile(fileURLToPath(new URL('../../public/', import.meta.url)) + path);
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
  };
  const shippedManifest = async () =>
    parseCheckpointManifest(new TextDecoder().decode(await shipped('models/manifest.json')));

  it('a checkpoint is shipped for every model on every dataset it fits, at the accuracy targets', async () => {
    const manifest = await shippedManifest();
    const pairs = MODEL_IDS.flatMap((m) => ZOO[m].datasets.map((d) => `${m}/${d}`));
    expect(manifest.entries.map((e) => `${e.model}/${e.dataset}`).sort()).toEqual(pairs.sort());
    // The targets on our test splits.
    const targets: Record<string, number> = {
      'cnn/mnist': 0.965,
      'lenet-300-100/mnist': 0.95,
      'cnn/fashion': 0.85,
      'lstm/mnist': 0.925,
      'lstm/waves': 0.95,
      'gru/waves': 0.95,
    };
    for (const e of manifest.entries)
      expect(e.testAccuracy, `${e.model}/${e.dataset}`).toBeGreaterThanOrEqual(
        targets[`${e.model}/${e.dataset}`] ?? 0.8,
      );
  });

  it('every shipped checkpoint loads; lenet-300-100 on MNIST reproduces its recorded test accuracy', async () => {
    const manifest = await shippedManifest();
    expect(manifest.entries.length).toBeGreaterThan(0);
    for (const e of manifest.entries) {
      const r = await loadCheckpoint(shipped, e.model, e.dataset);
      expect(Object.keys(r.weights).length).toBe(e.tensors.length);
    }
    const entry = manifest.entries.find(
      (e) => e.model === 'lenet-300-100' && e.dataset === 'mnist',
    );
    expect(entry).toBeDefined();
    const { weights } = await loadCheckpoint(shipped, 'lenet-300-100', 'mnist');
    const data = await loadDataset('mnist', nodeSource());
    const model = buildModel('lenet-300-100', 'mnist', 1);
    setWeights(model, weights);
    const all = Array.from({ length: data.testY.length }, (_, i) => i);
    const r = evaluateModel(model, data, all, {});
    expect(r.accuracy).toBeCloseTo(entry!.testAccuracy, 4);
    model.dispose();
  });
});
