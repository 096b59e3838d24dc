/**
 * The backend per job in Node (cpu and wasm; no WebGL here): the probe, the choice, overrides, and
 * the same evaluation on every backend.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { computeMasks, emptyConfig, setGlobalSparsity } from '../core/index.ts';
import { nodeSource } from '../data/node-source.ts';
import type { ProbeEntry } from '../model/probe.ts';
import { BackendChooser, chooseJobs } from './backend-plan.ts';
import { createEngine, type Engine } from './engine.ts';
import type { LoadResult } from './api.ts';

const root = new URL('../../public/', import.meta.url);

const entry = (backend: ProbeEntry['backend'], evalMs: number, trainMs: number): ProbeEntry => ({
  backend,
  renderer: backend,
  software: false,
  evalMs,
  trainMs,
});

describe('chooseJobs', () => {
  it('picks the fastest backend per job, and the fallback without figures', () => {
    const probe = [entry('webgl', 30, 10), entry('wasm', 12, 25), entry('cpu', 40, 50)];
    expect(chooseJobs(probe, 'cpu')).toEqual({ eval: 'wasm', train: 'webgl', scores: 'webgl' });
    expect(chooseJobs([], 'webgl')).toEqual({ eval: 'webgl', train: 'webgl', scores: 'webgl' });
  });
});

describe('BackendChooser before the probe', () => {
  it('runs a provisional job where it was put and the others on the start backend', () => {
    const c = new BackendChooser('webgl', ['webgl', 'wasm', 'cpu'], 'k', { eval: 'wasm' });
    expect(c.probed).toBe(false);
    expect(c.jobs()).toEqual({ eval: 'wasm', train: 'webgl', scores: 'webgl' });
    c.override('eval', 'cpu');
    expect(c.jobs().eval).toBe('cpu');
    c.override('eval', null);
    expect(c.plan().jobs.eval).toBe('wasm');
  });
});

describe('BackendChooser on another machine key', () => {
  it('keeps its figures for the same key and drops them (to probe again) for another', async () => {
    const c = new BackendChooser('cpu', ['cpu'], 'SwiftShader|agent');
    await c.runProbe();
    expect(c.probed).toBe(true);
    expect(c.plan().probe.map((p) => p.backend)).toEqual(['cpu']);
    expect(c.rekey('SwiftShader|agent')).toBe(false);
    expect(c.probed).toBe(true);
    expect(c.rekey('no WebGL|agent')).toBe(true);
    expect(c.probed).toBe(false);
    expect(c.plan().probe).toEqual([]);
    expect(await c.probeNext()).toBe(false);
    expect(await c.probeNext()).toBe(true);
    expect(c.plan().probe.map((p) => p.backend)).toEqual(['cpu']);
  }, 60_000);
});

describe('engine backends per job (Node: cpu and wasm)', () => {
  let engine: Engine;
  let loaded: LoadResult;

  beforeAll(async () => {
    engine = createEngine({ data: nodeSource(new URL('data/', root)), models: nodeSource(root) });
    await engine.init();
    loaded = await engine.load('cnn', 'mnist');
  }, 120_000);

  it('probes cpu and wasm and runs each job on its chosen backend', async () => {
    const plan = await engine.backendPlan();
    expect(plan.probed).toBe(true);
    const names = plan.probe.map((p) => p.backend).sort();
    expect(names).toEqual(['cpu', 'wasm']);
    for (const p of plan.probe) {
      expect(p.evalMs).toBeGreaterThan(0);
      expect(p.trainMs).toBeGreaterThan(0);
    }
    const fastestEval = plan.probe.reduce((a, b) => (b.evalMs < a.evalMs ? b : a)).backend;
    expect(plan.jobs.eval).toBe(fastestEval);
    const r = await engine.evaluate({}, 'preview');
    expect(r.backend).toBe(plan.jobs.eval);
    expect((await engine.jobBackends()).eval).toBe(plan.jobs.eval);
  }, 120_000);

  it('evaluates the same masked model to the same accuracy on cpu and wasm', async () => {
    const masks = computeMasks(
      loaded.graph,
      loaded.weights,
      setGlobalSparsity(emptyConfig(loaded.graph), 0.8),
    );
    const results = [];
    for (const b of ['cpu', 'wasm', 'cpu'] as const) {
      const plan = await engine.setBackendOverride('eval', b);
      expect(plan.overridden.eval).toBe(b);
      const r = await engine.evaluate(masks, 'full');
      expect(r.backend).toBe(b);
      results.push(r);
    }
    expect(results[1].accuracy).toBe(results[0].accuracy);
    expect(Math.abs(results[1].loss - results[0].loss)).toBeLessThan(1e-4);
    expect(results[2].accuracy).toBe(results[0].accuracy);
    await engine.setBackendOverride('eval', null);
  }, 120_000);

  it('trains and scores on the overridden backend, weights moving between backends', async () => {
    await engine.setBackendOverride('train', 'wasm');
    await engine.setBackendOverride('scores', 'cpu');
    const t = await engine.train(
      {
        epochs: 1,
        batchSize: 32,
        learningRate: 0.001,
        optimizer: 'adam',
        seed: 1,
        fromScratch: false,
        maxBatches: 2,
      },
      () => undefined,
    );
    expect(t.backend).toBe('wasm');
    const scores = await engine.gradientScores('snip', {});
    expect(Object.keys(scores).length).toBeGreaterThan(0);
    expect(await engine.jobBackends()).toMatchObject({ train: 'wasm', scores: 'cpu' });
    const after = await engine.evaluate({}, 'full');
    expect(after.accuracy).toBeGreaterThan(0.9);
  }, 120_000);
});
