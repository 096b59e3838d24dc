/**
 * Node-only test helper: a shipped checkpoint built into a zoo model on the cpu backend, with its
 * dataset read from public/, and the import fixtures opened the same way. Used by the export tests.
 */
import * as tf from './tf.ts';
import type { InputScaling, NetGraph, WeightSet } from '../core/types.ts';
import { sequentialFromGraph } from './build.ts';
import { importModel, type ImportFiles } from './import/index.ts';
import { kerasModelFiles } from './import/write.ts';
import { mulberry32 } from '../core/random.ts';
import { loadDataset } from '../data/index.ts';
import { nodeSource } from '../data/node-source.ts';
import type { Dataset, DatasetId } from '../data/types.ts';
import type { ModelId } from '../data/models.ts';
import { loadCheckpoint } from './checkpoint.ts';
import { installFastCpuKernels } from './cpu-kernels.ts';
import { buildModel, graphOfModel, setWeights } from './zoo.ts';

const PUBLIC = new URL('../../public/', import.meta.url);
const datasets = new Map<DatasetId, Promise<Dataset>>();

/** A dataset read from public/data, once per file. */
function datasetOf(id: DatasetId): Promise<Dataset> {
  let ds = datasets.get(id);
  if (!ds) {
    ds = loadDataset(id, nodeSource(new URL('data/', PUBLIC)));
    datasets.set(id, ds);
  }
  return ds;
}

/** A shipped model ready to run: the tfjs model (caller disposes), its graph, weights and data. */
export interface Shipped {
  model: tf.Sequential;
  graph: NetGraph;
  weights: WeightSet;
  dataset: Dataset;
}

/** Switches tfjs to the cpu backend with the app's fast kernels (call once in beforeAll). */
export async function useCpu(): Promise<void> {
  await tf.setBackend('cpu');
  installFastCpuKernels();
}

/** Loads the shipped checkpoint of a pair and its dataset (datasets are cached per file). */
export async function loadShipped(modelId: ModelId, datasetId: DatasetId): Promise<Shipped> {
  const dataset = await datasetOf(datasetId);
  const { weights } = await loadCheckpoint(nodeSource(PUBLIC), modelId, datasetId);
  const model = buildModel(modelId, datasetId, 1, dataset.classNames.length);
  setWeights(model, weights);
  return { model, graph: graphOfModel(model), weights, dataset };
}

/**
 * An import fixture of e2e/fixtures/import/<dir> (model.json + shards) opened as the engine opens
 * it: checked by importModel, built with sequentialFromGraph, read with the scaling the engine chose
 * for it (manifest.json), on its dataset.
 */
export async function loadImportFixture(dir: string): Promise<Shipped> {
  const root = nodeSource(new URL('../../e2e/fixtures/import/', import.meta.url));
  const manifest = JSON.parse(new TextDecoder().decode(await root('manifest.json'))) as {
    dir: string;
    files: string[];
    dataset: DatasetId;
    scaling: InputScaling;
  }[];
  const entry = manifest.find((m) => m.dir === dir);
  if (!entry) throw new Error(`No import fixture ${dir} in manifest.json.`);
  const weights: Record<string, ArrayBuffer> = {};
  for (const name of entry.files.filter((f) => f.endsWith('.bin')))
    weights[name] = await root(`${dir}/${name}`);
  const json = new TextDecoder().decode(await root(`${dir}/model.json`));
  const imported = importModel({ json, weights });
  const graph: NetGraph = { ...imported.plan.graph, inputScaling: entry.scaling };
  const model = sequentialFromGraph(graph, imported.weights, graph.id);
  const dataset = await datasetOf(entry.dataset);
  return { model, graph: graphOfModel(model), weights: imported.weights, dataset };
}

type KerasDoc = {
  modelTopology: { model_config: { config: { layers: { config: Record<string, unknown> }[] } } };
  weightsManifest: { paths: string[]; weights: { name: string; shape: number[] }[] }[];
};

/** Shape and seed of kerasResetAfterFiles. */
export interface ResetAfterSpec {
  steps: number;
  features: number;
  units: number;
  classes: number;
  seed: number;
}

/**
 * The files the tensorflowjs converter writes for Keras's
 * `Sequential([GRU(units, input_shape=(steps, features)), Dense(classes, activation='softmax')])`
 * with Keras's GRU defaults (reset_after=True, sigmoid gates) and seeded weights in [-1, 1). Built
 * from a tfjs model of the same layers (reset_after=False, which tfjs can build), whose GRU is then
 * switched to Keras's defaults and given the [2, 3 * units] bias.
 */
export async function kerasResetAfterFiles(s: ResetAfterSpec): Promise<ImportFiles> {
  const m = tf.sequential();
  m.add(tf.layers.gru({ inputShape: [s.steps, s.features], units: s.units }));
  m.add(tf.layers.dense({ units: s.classes, activation: 'softmax' }));
  const files = await kerasModelFiles(m);
  m.dispose();
  const doc = JSON.parse(files.json) as KerasDoc;
  const gru = doc.modelTopology.model_config.config.layers[1].config;
  gru.reset_after = true;
  gru.recurrent_activation = 'sigmoid';
  const specs = doc.weightsManifest[0].weights;
  specs.find((w) => /gru_cell\/bias$/.test(w.name))!.shape = [2, 3 * s.units];
  const next = mulberry32(s.seed);
  const total = specs.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0);
  const values = Float32Array.from({ length: total }, () => next() * 2 - 1);
  doc.weightsManifest[0].paths = ['group1-shard1of1.bin'];
  return { json: JSON.stringify(doc), weights: { 'group1-shard1of1.bin': values.buffer } };
}

/** A Keras reset_after=True GRU(16) reading MNIST rows (28 steps of 28 pixels), seeded weights. */
export async function loadResetAfterGru(): Promise<Shipped> {
  const files = await kerasResetAfterFiles({
    steps: 28,
    features: 28,
    units: 16,
    classes: 10,
    seed: 5,
  });
  const imported = importModel(files);
  const graph = imported.plan.graph;
  const model = sequentialFromGraph(graph, imported.weights, graph.id);
  const dataset = await datasetOf('mnist');
  return { model, graph: graphOfModel(model), weights: imported.weights, dataset };
}
