/**
 * Writes the import fixtures under e2e/fixtures/import/: small models trained here in Node (cpu
 * backend, a few hundred batches) and saved as a user would bring them:
 * - tfjs-cnn: a CNN with batch normalisation and dropout, in the layout of tfjs model.save();
 * - keras-cnn: conv -> conv -> pool, dense -> dropout -> dense, trained on raw 0-255 pixels, in the
 *   tensorflowjs converter's layout (model_config, keras_version, two shards);
 * - keras-rnn: a SimpleRNN reading the 28 rows of an image, converter layout;
 * - bad/*: refusals (a branching functional model, a Conv1D, NaN weights, a short .bin).
 * manifest.json records each good model's dataset, chosen scaling and test accuracy as the engine
 * measures them. Usage: npx tsx scripts/make-import-fixtures.ts
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as tf from '../src/model/tf.ts';
import { loadDataset } from '../src/data/index.ts';
import { nodeSource } from '../src/data/node-source.ts';
import type { Dataset } from '../src/data/types.ts';
import { createEngine } from '../src/engine/engine.ts';
import { installFastCpuKernels } from '../src/model/cpu-kernels.ts';
import { kerasModelFiles, tfjsModelFiles } from '../src/model/import/write.ts';
import type { ImportFiles } from '../src/model/import/index.ts';

const OUT = new URL('../e2e/fixtures/import/', import.meta.url);
const PUBLIC = new URL('../public/', import.meta.url);
/** 200 batches of 16 examples per model. */
const TRAIN = 3_200;
const BATCH = 16;

function tfjsCnn(): tf.Sequential {
  const m = tf.sequential({ name: 'tfjs_cnn' });
  m.add(
    tf.layers.conv2d({
      inputShape: [28, 28, 1],
      filters: 8,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
    }),
  );
  m.add(tf.layers.batchNormalization());
  m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tf.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same', activation: 'relu' }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tf.layers.flatten());
  m.add(tf.layers.dropout({ rate: 0.25 }));
  m.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
  return m;
}

function kerasCnn(): tf.Sequential {
  const m = tf.sequential({ name: 'sequential' });
  m.add(
    tf.layers.conv2d({
      name: 'conv2d',
      inputShape: [28, 28, 1],
      filters: 6,
      kernelSize: 3,
      activation: 'relu',
    }),
  );
  m.add(tf.layers.conv2d({ name: 'conv2d_1', filters: 8, kernelSize: 3, activation: 'relu' }));
  m.add(tf.layers.maxPooling2d({ name: 'max_pooling2d', poolSize: 2 }));
  m.add(tf.layers.averagePooling2d({ name: 'average_pooling2d', poolSize: 2 }));
  m.add(tf.layers.flatten({ name: 'flatten' }));
  m.add(tf.layers.dense({ name: 'dense', units: 32, activation: 'relu' }));
  m.add(tf.layers.dropout({ name: 'dropout', rate: 0.3 }));
  m.add(tf.layers.dense({ name: 'dense_1', units: 10, activation: 'softmax' }));
  return m;
}

function kerasRnn(): tf.Sequential {
  const m = tf.sequential({ name: 'sequential_1' });
  m.add(tf.layers.simpleRNN({ name: 'simple_rnn', inputShape: [28, 28], units: 48 }));
  m.add(tf.layers.dense({ name: 'dense_2', units: 10, activation: 'softmax' }));
  return m;
}

async function train(m: tf.Sequential, ds: Dataset, scale: number, shape: number[]): Promise<void> {
  const n = Math.min(TRAIN, ds.trainY.length);
  const x = tf.tidy(() =>
    tf.tensor(ds.trainX.subarray(0, n * 784), [n, ...shape], 'float32').mul(scale),
  );
  const y = tf.tidy(() =>
    tf.oneHot(tf.tensor1d(Array.from(ds.trainY.subarray(0, n)), 'int32'), 10),
  );
  m.compile({
    optimizer: tf.train.adam(2e-3),
    loss: 'categoricalCrossentropy',
    metrics: ['accuracy'],
  });
  const h = await m.fit(x, y, { batchSize: BATCH, epochs: 1, shuffle: true, verbose: 0 });
  console.log(`import-fixtures: ${m.name} trained, last loss ${String(h.history.loss.at(-1))}`);
  tf.dispose([x, y]);
}

async function write(dir: string, files: ImportFiles): Promise<void> {
  const d = new URL(`${dir}/`, OUT);
  await mkdir(d, { recursive: true });
  await writeFile(new URL('model.json', d), files.json);
  for (const [name, buf] of Object.entries(files.weights)) {
    await writeFile(new URL(name.replace(/^\.\//, ''), d), new Uint8Array(buf));
  }
}

type Doc = {
  modelTopology: {
    model_config: { class_name: string; config: { layers: Record<string, unknown>[] } };
  };
};

async function writeBad(rnn: ImportFiles): Promise<void> {
  const doc = (): Doc => JSON.parse(rnn.json) as Doc;
  const shard = rnn.weights['group1-shard1of1.bin'];
  const conv1d = doc();
  conv1d.modelTopology.model_config.config.layers.splice(1, 0, {
    class_name: 'Conv1D',
    config: { name: 'conv1d', filters: 4, kernel_size: [3], activation: 'relu' },
  });
  await write('bad/conv1d', {
    json: JSON.stringify(conv1d),
    weights: { 'group1-shard1of1.bin': shard },
  });
  const branch = doc();
  const mc = branch.modelTopology.model_config;
  mc.class_name = 'Functional';
  const [input, r, d] = mc.config.layers;
  r.inbound_nodes = [[[String((input.config as { name: string }).name), 0, 0, {}]]];
  d.inbound_nodes = [[['simple_rnn', 0, 0, {}]]];
  mc.config.layers.push({
    class_name: 'Dense',
    name: 'dense_side',
    config: { name: 'dense_side', units: 10 },
    inbound_nodes: [[['simple_rnn', 0, 0, {}]]],
  });
  await write('bad/branching', {
    json: JSON.stringify(branch),
    weights: { 'group1-shard1of1.bin': shard },
  });
  const nan = shard.slice(0);
  new Float32Array(nan)[5] = NaN;
  await write('bad/nan', { json: rnn.json, weights: { 'group1-shard1of1.bin': nan } });
  await write('bad/short', {
    json: rnn.json,
    weights: { 'group1-shard1of1.bin': shard.slice(0, 1000) },
  });
}

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  installFastCpuKernels();
  await rm(OUT, { recursive: true, force: true });
  const mnist = await loadDataset('mnist', nodeSource(new URL('data/', PUBLIC)));
  const a = tfjsCnn();
  await train(a, mnist, 1 / 255, [28, 28, 1]);
  const b = kerasCnn();
  await train(b, mnist, 1, [28, 28, 1]);
  const c = kerasRnn();
  await train(c, mnist, 1 / 255, [28, 28]);
  const fixtures: [string, ImportFiles][] = [
    ['tfjs-cnn', await tfjsModelFiles(a)],
    [
      'keras-cnn',
      await kerasModelFiles(b, {
        kerasVersion: '2.15.0',
        converterVersion: '4.22.0',
        shardBytes: 24_000,
      }),
    ],
    ['keras-rnn', await kerasModelFiles(c, { kerasVersion: '2.15.0', converterVersion: '4.22.0' })],
  ];
  const engine = createEngine({
    data: nodeSource(new URL('data/', PUBLIC)),
    models: nodeSource(PUBLIC),
  });
  await engine.init('cpu');
  const manifest = [];
  for (const [dir, files] of fixtures) {
    await write(dir, files);
    const out = await engine.loadImported(files, 'mnist');
    if (!out.ok) throw new Error(`${dir}: ${out.error.message}`);
    const r = out.result;
    // The test accuracy with each scaling (the chosen one is r.testAccuracy), as the app shows it
    // when a visitor picks the scaling.
    const other = r.scaling.chosen === '0-1' ? '0-255' : '0-1';
    const forced = await engine.loadImported(files, 'mnist', { scaling: other });
    if (!forced.ok) throw new Error(`${dir}: ${forced.error.message}`);
    manifest.push({
      dir,
      files: ['model.json', ...Object.keys(files.weights).map((k) => k.replace(/^\.\//, ''))],
      source: r.info.source,
      dataset: r.datasetId,
      scaling: r.scaling.chosen,
      previewAccuracy: r.scaling.accuracy,
      testAccuracy: r.testAccuracy,
      testAccuracyByScaling: {
        [r.scaling.chosen]: r.testAccuracy,
        [other]: forced.result.testAccuracy,
      },
      testN: r.testN,
    });
    console.log(`import-fixtures: ${dir} ${r.scaling.chosen} test accuracy ${r.testAccuracy}`);
  }
  await writeBad(fixtures[2][1]);
  await writeFile(new URL('manifest.json', OUT), JSON.stringify(manifest, null, 2) + '\n');
  console.log(`import-fixtures: written to ${fileURLToPath(OUT)}`);
}

await main();
