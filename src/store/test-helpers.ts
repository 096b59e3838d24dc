/**
 * Helpers the store's tests share: the store over the real engine, and waiting on the app's state,
 * never on the clock alone.
 */
import { beforeAll } from 'vitest';
import type { DatasetId } from '../data/types.ts';
import type { ModelId } from '../data/models.ts';
import { nodeEngineClient } from '../engine/node-client.ts';
import { setClient } from './engine.ts';
import { useApp } from './index.ts';
import { selectAccuracy } from './selectors.ts';
import { loadModel } from './session.ts';
import { evaluationsIdle } from './setup.ts';

/**
 * For a test suite: the store's engine client over the real engine on the cpu backend (no worker),
 * with `modelId` on `datasetId` loaded and its first evaluations done, before the suite's tests.
 */
export function storeWithModel(modelId: ModelId, datasetId: DatasetId = 'mnist'): void {
  beforeAll(async () => {
    setClient((await nodeEngineClient()).client);
    await loadModel(modelId, datasetId);
    await evaluationsIdle();
  }, 180_000);
}

/**
 * The full-test-set accuracy (0..1) of the setup on screen, once a result for it has landed.
 * @throws when the setup could not be evaluated, or nothing landed after `tries` looks
 */
export async function settledAccuracy(tries = 4000): Promise<number> {
  for (let i = 0; i < tries; i++) {
    await evaluationsIdle();
    const a = selectAccuracy(useApp.getState());
    if (a.state === 'current' && a.subset === 'full') return a.accuracy;
    if (a.state === 'error') throw new Error(a.message);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no result landed: ${JSON.stringify(selectAccuracy(useApp.getState()))}`);
}
