/**
 * Training and latency actions against the real engine on the cpu backend (no worker): one step
 * keeps the masks and lands progress, new weights get a new version, latency belongs to a setup.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeEngineClient } from '../engine/node-client.ts';
import {
  evaluationsIdle,
  loadModel,
  measureLatency,
  pauseTraining,
  resumeTraining,
  setClient,
  setLayer,
  setTrainOptions,
  startTraining,
} from './actions.ts';
import { useApp } from './index.ts';
import { selectLatencyStale } from './selectors.ts';

const state = () => useApp.getState();

describe('training and latency actions (real engine, cpu)', () => {
  beforeAll(async () => {
    const { client } = await nodeEngineClient();
    setClient(client);
    await loadModel('lenet-300-100', 'mnist');
    setLayer('fc1', 0.8);
    await evaluationsIdle();
  }, 180_000);

  it('one step trains one batch: progress lands, weights get a new version, pruned stay zero', async () => {
    const before = state().weightsVersion;
    setTrainOptions({ batchSize: 32, learningRate: 1e-3 });
    await startTraining(1);
    const s = state();
    expect(s.trainStatus).toBe('idle');
    expect(s.trainHistory).toHaveLength(1);
    expect(s.progress?.done).toBe(1);
    expect(Number.isFinite(s.progress?.loss)).toBe(true);
    expect(s.weightsVersion).not.toBe(before);
    const mask = s.masks['fc1/kernel']!;
    const w = s.weights!['fc1/kernel']!;
    let pruned = 0;
    let moved = 0;
    for (let i = 0; i < mask.length; i++) {
      if (mask[i] !== 0) continue;
      pruned++;
      if (w[i] !== 0) moved++;
    }
    expect(pruned / mask.length).toBeCloseTo(0.8, 2);
    expect(moved).toBe(0);
  }, 180_000);

  it('pause and resume only act on a run in that state', async () => {
    pauseTraining();
    expect(state().trainStatus).toBe('idle');
    const run = startTraining(3);
    expect(state().trainStatus).toBe('running');
    pauseTraining();
    expect(state().trainStatus).toBe('paused');
    resumeTraining();
    expect(state().trainStatus).toBe('running');
    await run;
    expect(state().trainStatus).toBe('idle');
    expect(state().progress?.done).toBe(3);
  }, 180_000);

  it('measures latency for the setup on screen and marks it stale when the setup moves', async () => {
    await evaluationsIdle();
    await measureLatency();
    const s = state();
    expect(s.latencyState).toBe('idle');
    expect(s.latency?.version).toBe(s.maskVersion);
    expect(s.latency!.result.denseMs).toBeGreaterThan(0);
    expect(selectLatencyStale(s)).toBe(false);
    setLayer('fc1', 0.5);
    expect(selectLatencyStale(state())).toBe(true);
  }, 180_000);
});
