/**
 * Node-only test helper: a shipped checkpoint built into a zoo model on the cpu backend, with its
 * dataset read from public/. Used by the export tests.
 */
import * as tf from './tf.ts';
import type { NetGraph, WeightSet } from '../core/types.ts';
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
