/**
 * Latency readout against the real engine on the cpu backend: dense/masked/compacted and the
 * sparse kernel land for the setup on screen, and are marked stale once the setup changes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeEngineClient } from '../engine/node-client.ts';
import { evaluationsIdle, loadModel, measureLatency, setClient, setGlobal } from './actions.ts';
import { useApp } from './index.ts';
import { selectLatencyStale } from './selectors.ts';

const state = () => useApp.getState();

beforeAll(async () => {
  setClient((await nodeEngineClient()).client);
  await loadModel('lenet-300-100', 'mnist');
});

describe('latency readout', () => {
  it('measures the sparse kernel for the setup on screen, then goes stale on a change', async () => {
    setGlobal(0.9);
    await evaluationsIdle();
    await measureLatency();
    const s = state();
    expect(s.latencyState).toBe('idle');
    expect(s.latency?.version).toBe(s.maskVersion);
    expect(s.sparseLatency?.version).toBe(s.maskVersion);
    const r = s.sparseLatency!.result!;
    expect(r.points.length).toBeGreaterThan(3);
    expect(r.current.maxAbsDiff).toBeLessThan(1e-4);
    expect(r.crossover === null || (r.crossover > 0 && r.crossover <= 1)).toBe(true);
    expect(selectLatencyStale(s)).toBe(false);

    setGlobal(0.5);
    expect(selectLatencyStale(state())).toBe(true);
    await evaluationsIdle();
  });

  it('an LSTM has no sparse path: the result says so (null), not a number', async () => {
    await loadModel('lstm', 'mnist');
    expect(state().sparseLatency).toBeNull();
    await evaluationsIdle();
    await measureLatency();
    expect(state().sparseLatency).toEqual({ result: null, version: state().maskVersion });
  });
});
