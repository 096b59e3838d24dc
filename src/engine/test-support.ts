/**
 * Node-only support for the engine's tests: the real engine on the tfjs cpu backend with the
 * shipped cnn checkpoint and the MNIST data read from public/, short fine-tune options, and masks
 * at one global sparsity.
 */
import { beforeAll } from 'vitest';
import { computeMasks, emptyConfig, setGlobalSparsity } from '../core/index.ts';
import type { MaskSet, MethodId, NetGraph, WeightSet } from '../core/types.ts';
import { loadDataset } from '../data/index.ts';
import { nodeSource } from '../data/node-source.ts';
import type { Dataset } from '../data/types.ts';
import type { LoadResult, TrainOptions } from './api.ts';
import { createEngine, type Engine } from './engine.ts';

const root = new URL('../../public/', import.meta.url);

/** The shipped data and checkpoints, as the engine reads them in Node. */
export const shippedSources = {
  data: nodeSource(new URL('data/', root)),
  models: nodeSource(root),
};

/** An engine on the cpu backend over the shipped files, started and ready to load. */
export async function cpuEngine(): Promise<Engine> {
  const engine = createEngine(shippedSources);
  await engine.init('cpu');
  return engine;
}

/** The engine with the shipped cnn on MNIST loaded. */
export interface CnnOnMnist {
  engine: Engine;
  loaded: LoadResult;
}

/** Starts an engine on the cpu backend and loads the pretrained cnn on MNIST (call in beforeAll). */
export async function cnnOnMnist(): Promise<CnnOnMnist> {
  const engine = await cpuEngine();
  return { engine, loaded: await engine.load('cnn', 'mnist') };
}

/**
 * For a test suite: the cnn on MNIST in an engine on the cpu backend, with the MNIST split the
 * tests compare against. Registers a beforeAll that fills the returned object.
 */
export function cnnOnMnistSuite(): CnnOnMnist & { dataset: Dataset } {
  const suite = {} as CnnOnMnist & { dataset: Dataset };
  beforeAll(async () => {
    const [cnn, dataset] = await Promise.all([
      cnnOnMnist(),
      loadDataset('mnist', shippedSources.data),
    ]);
    Object.assign(suite, cnn, { dataset });
  }, 120_000);
  return suite;
}

/** A short fine-tune from the current weights (Adam, learning rate 1e-3, one epoch) with `opts`. */
export function fineTune(opts: Partial<TrainOptions> & { maxBatches: number }): TrainOptions {
  return {
    epochs: 1,
    batchSize: 32,
    learningRate: 1e-3,
    optimizer: 'adam',
    seed: 1,
    fromScratch: false,
    ...opts,
  };
}

/** The masks of `method` (magnitude by default) at one global sparsity over every layer. */
export function masksAt(
  model: { graph: NetGraph; weights: WeightSet },
  sparsity: number,
  method?: MethodId,
): MaskSet {
  const config = setGlobalSparsity(emptyConfig(model.graph, method), sparsity);
  return computeMasks(model.graph, model.weights, config);
}
