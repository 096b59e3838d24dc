/**
 * Training actions against the real engine on the cpu backend: Undo training brings the weights
 * from before the run back with the pruning setup unchanged; a diverging run stops at its first
 * non-finite batch with the weights from before it back and a message naming what to try.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeEngineClient } from '../engine/node-client.ts';
import { evaluationsIdle, loadModel, setClient, setGlobal, setTrainOptions } from './actions.ts';
import { useApp } from './index.ts';
import { selectAccuracy } from './selectors.ts';
import { undoTraining } from './snapshots.ts';
import { startTraining } from './training.ts';

const state = () => useApp.getState();

/** The full-test-set accuracy of the setup on screen, once it has landed. */
async function settledAccuracy(): Promise<number> {
  for (let i = 0; i < 4000; i++) {
    await evaluationsIdle();
    const a = selectAccuracy(state());
    if (a.state === 'current' && a.subset === 'full') return a.accuracy;
    if (a.state === 'error') throw new Error(a.message);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no result landed: ${JSON.stringify(selectAccuracy(state()))}`);
}

describe('training actions (real engine, cpu)', () => {
  beforeAll(async () => {
    setClient((await nodeEngineClient()).client);
    await loadModel('cnn', 'mnist');
    await setGlobal(0.6);
  }, 120_000);

  it('Undo training restores the pre-run weights and accuracy; the setup stays', async () => {
    const before = await settledAccuracy();
    const config = state().config;
    const weights = state().weights;
    setTrainOptions({ learningRate: 3e-3, batchSize: 32 });
    await startTraining(4);
    const trained = await settledAccuracy();
    expect(state().weights).not.toBe(weights);
    expect(state().lastRun).not.toBeNull();
    const kinds = state().weightHistory.entries.map((e) => e.kind);
    expect(kinds.slice(-2)).toEqual(['before-training', 'after-training']);
    await undoTraining();
    expect(await settledAccuracy()).toBe(before);
    expect(state().config).toEqual(config);
    expect(state().weights).toEqual(weights);
    expect(trained).toBeGreaterThan(0);
  }, 240_000);

  it('a diverging run stops at the first non-finite batch with the old weights back', async () => {
    const before = await settledAccuracy();
    const weights = state().weights;
    setTrainOptions({ learningRate: 1e6, batchSize: 32 });
    await startTraining(40);
    expect(state().trainStatus).toBe('idle');
    const notice = state().notices.at(-1)?.text ?? '';
    expect(notice).toMatch(/diverged at batch \d+/);
    expect(notice).toMatch(/last finite loss was [\d.]+|first batch already failed/);
    expect(notice).toMatch(/lower learning rate/);
    const a = selectAccuracy(state());
    expect(a.state === 'current' && a.subset === 'full').toBe(false);
    expect(await settledAccuracy()).toBe(before);
    expect(state().weights).toEqual(weights);
    expect(state().lastRun).toBeNull();
    setTrainOptions({ learningRate: 1e-3 });
  }, 240_000);
});
