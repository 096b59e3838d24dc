/**
 * The experiments slice's actions against the real engine on the cpu backend (no worker): forms,
 * allocations evaluated and applied (one undo step), and a small sensitivity run.
 */
import { describe, expect, it } from 'vitest';
import { setTrainOptions, startTraining, undo } from './actions.ts';
import {
  ALREADY_RUNNING,
  allocationConfig,
  applyAllocation,
  evaluateAllocation,
  patchSensitivity,
  runSensitivity,
  setCompare,
  setExperimentTab,
  setSweepAxis,
  useExperiments,
} from './experiments.ts';
import { useApp } from './index.ts';
import { storeWithModel } from './test-helpers.ts';

const app = () => useApp.getState();
const x = () => useExperiments.getState();

describe('experiment slice actions (real engine, cpu)', () => {
  storeWithModel('lenet-300-100');

  it('switches tabs, the sweep axis and the compared runs', () => {
    setExperimentTab('history');
    expect(x().tab).toBe('history');
    setSweepAxis('compression');
    expect(x().sweepAxis).toBe('compression');
    setCompare(1, 'run-b');
    expect(x().compare).toEqual([null, 'run-b']);
  });

  it('builds an allocation config: each layer at its sparsity, unlisted layers at 0, unlocked', () => {
    const c = allocationConfig(app().config, 'random', { fc1: 0.9 }, 0.7);
    expect(c.method).toBe('random');
    expect(c.globalSparsity).toBe(0.7);
    expect(c.layers.fc1).toEqual({ sparsity: 0.9, locked: false });
    expect(c.layers.fc2).toEqual({ sparsity: 0, locked: false });
  });

  it('evaluates an allocation without applying it, then applies it as one undo step', async () => {
    const before = app().config;
    const dense = await evaluateAllocation('magnitude', {}, 0, 'preview');
    const sparse = await evaluateAllocation('magnitude', { fc1: 0.99, fc2: 0.99 }, 0.9, 'preview');
    expect(sparse).toBeLessThan(dense);
    expect(app().config).toBe(before);
    await applyAllocation('magnitude', { fc1: 0.99, fc2: 0.99 }, 0.9);
    expect(app().config.layers.fc1?.sparsity).toBe(0.99);
    await undo();
    expect(app().config.layers.fc1?.sparsity).toBe(before.layers.fc1?.sparsity);
  }, 180_000);

  it('applying an allocation keeps the weights as a snapshot; Undo brings them back', async () => {
    const { config, weights } = app();
    await applyAllocation('magnitude', { fc1: 0.5, fc2: 0.5 }, 0.5);
    const kept = app().weightHistory.entries.at(-1);
    expect(kept?.label).toBe('applied experiment sensitivity allocation');
    expect(kept?.weights).toBe(weights);
    // Fine-tuned after applying, then undone: the setup and the weights from before are back.
    setTrainOptions({ learningRate: 3e-3, batchSize: 32 });
    await startTraining(2);
    expect(app().weights).not.toEqual(weights);
    await undo();
    expect(app().config).toEqual(config);
    expect(app().weights).toEqual(weights);
    expect(app().weightHistory.current).toBe(kept?.id);
  }, 180_000);

  it('the "already running" refusal is taken down when the run ends', async () => {
    patchSensitivity({ gridText: '80', subset: 'preview' });
    const first = runSensitivity();
    await runSensitivity();
    const refused = () => app().notices.filter((n) => n.text === ALREADY_RUNNING);
    expect(refused()).toHaveLength(1);
    await first;
    expect(x().job).toBeNull();
    expect(refused()).toEqual([]);
  }, 300_000);

  it('runs a one-point sensitivity analysis and keeps its rows', async () => {
    patchSensitivity({ gridText: '90', subset: 'preview' });
    await runSensitivity();
    const run = x().current.sensitivity;
    expect(run?.status).toBe('done');
    expect(run?.rows.length).toBeGreaterThan(0);
    for (const r of run!.rows) expect(r.target).toBe(0.9);
    expect(x().job).toBeNull();
  }, 300_000);
});
