/**
 * Node-only test helper: a shipped checkpoint built into a zoo model on the cpu backend, with its
 * dataset read from public/, and the import fixtures opened the same way. Used by the export tests.
 */
import * as tf from './tf.ts';
import type { InputScaling, NetGraph, WeightSet } from '../core/types.ts';
import { sequentialFromGraph } from './build.ts';
import { importModel } from './import/index.ts';
import { loadDataset } from '../data/index.ts';
import { nodeSource } from '../data/node-source.ts';
import type { Dataset, DatasetId } from '../data/types.ts';
import type { ModelId } from '../data/models.ts';
import { loadCheckpoint } from './checkpoint.ts';
import { installFastCpuKernels } from './cpu-kernels.ts';
import { buildModel, graphOfModel, setWeights } from './zoo.ts';

const PUBLIC = new URL('../../public/', import.meta.url);
const datasets = new Map<DatasetId, Promise<Dataset>>();

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
  let ds = datasets.get(datasetId);
  if (!ds) {
    ds = loadDataset(datasetId, nodeSource(new URL('data/', PUBLIC)));
    datasets.set(datasetId, ds);
  }
  const dataset = await ds;
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
  let ds = datasets.get(entry.dataset);
  if (!ds) {
    ds = loadDataset(entry.dataset, nodeSource(new URL('data/', PUBLIC)));
    datasets.set(entry.dataset, ds);
  }
  const model = sequentialFromGraph(graph, imported.weights, graph.id);
  return { model, graph: graphOfModel(model), weights: imported.weights, dataset: await ds };
}
