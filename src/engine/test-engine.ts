/**
 * For tests in Node: a real engine on the cpu backend with the shipped cnn checkpoint loaded on
 * MNIST (read from public/), and the dataset itself.
 */
import { loadDataset } from '../data/index.ts';
import { nodeSource } from '../data/node-source.ts';
import type { Dataset } from '../data/types.ts';
import type { LoadResult } from './api.ts';
import { createEngine, type Engine } from './engine.ts';

const root = new URL('../../public/', import.meta.url);

/** A cpu engine with the cnn loaded on MNIST, what `load` returned, and the MNIST dataset. */
export interface CnnOnMnist {
  engine: Engine;
  loaded: LoadResult;
  ds: Dataset;
}

/** Starts a cpu engine and loads the cnn on MNIST. */
export async function cnnOnMnist(): Promise<CnnOnMnist> {
  const data = nodeSource(new URL('data/', root));
  const engine = createEngine({ data, models: nodeSource(root) });
  await engine.init('cpu');
  const loaded = await engine.load('cnn', 'mnist');
  const ds = await loadDataset('mnist', data);
  return { engine, loaded, ds };
}
