/**
 * Training actions against the real engine on the cpu backend: Undo training brings the weights
 * from before the run back with the pruning setup unchanged; a diverging run stops at its first
 * non-finite batch with the weights from before it back and a message naming what to try.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeEngineClient } from '../engine/node-client.ts';
import { loadModel, setClient, setGlobal, setTrainOptions } from './actions.ts';
import { runSensitivity } from './experiments.ts';
import { useApp } from './index.ts';
import { selectAccuracy } from './selectors.ts';
import { settledAccuracy } from './test-helpers.ts';
import { undoTraining } from './snapshots.ts';
import { startTraining } from './training.ts';
import { TRAINING_RUNNING } from './trainMessages.ts';

const state = () => useApp.getState();

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
    const run = startTraining(4);
    // An experiment asked for meanwhile is refused; the refusal goes when the run ends.
    await runSensitivity();
    expect(state().notices.map((n) => n.text)).toContain(TRAINING_RUNNING);
    await run;
    expect(state().notices.map((n) => n.text)).not.toContain(TRAINING_RUNNING);
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
    const kinds = state().weightHistory.entries.map((e) => e.kind);
    setTrainOptions({ learningRate: 1e6, batchSize: 32 });
    await startTraining(40);
    expect(state().trainStatus).toBe('idle');
    // A stopped run is not a finished one: no 'after-training' snapshot, nothing to undo.
    expect(state().weightHistory.entries.map((e) => e.kind)).toEqual([...kinds, 'before-training']);
    const current = state().weightHistory.entries.find(
      (e) => e.id === state().weightHistory.current,
    );
    expect(current?.kind).toBe('before-training');
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
