/**
 * Store actions against the real engine on the cpu backend (no worker): loading, the model-switch
 * race, versioned results, gradient methods, the undoable setup, and the selectors.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeEngineClient } from '../engine/node-client.ts';
import {
  applySetup,
  evaluationsIdle,
  loadModel,
  redo,
  setClient,
  setGlobal,
  setMethod,
  toggleRemoved,
  undo,
} from './actions.ts';
import { useApp } from './index.ts';
import { selectAccuracy } from './selectors.ts';

const state = () => useApp.getState();

/** Resolves when the setup on screen has a full-test-set result. */
async function settled(): Promise<void> {
  for (let i = 0; i < 600; i++) {
    await evaluationsIdle();
    const a = selectAccuracy(state());
    if (a.state === 'current' && a.subset === 'full') return;
    if (a.state === 'error') throw new Error(a.message);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('no result landed');
}

/** Every mask belongs to a tensor of the loaded graph, with its length. */
function masksFitGraph(): boolean {
  const { graph, masks } = state();
  if (!graph) return false;
  const sizes = new Map(
    graph.layers.flatMap((l) => l.tensors.map((t) => [t.key, t.shape.reduce((a, b) => a * b, 1)])),
  );
  return Object.entries(masks).every(([k, m]) => sizes.get(k) === m.length);
}

describe('store actions (real engine, cpu)', () => {
  beforeAll(async () => {
    const { client } = await nodeEngineClient();
    setClient(client);
  });

  it('loads the cnn and lands a full result for the unpruned setup', async () => {
    await loadModel('cnn', 'mnist');
    expect(state().status).toBe('ready');
    await settled();
    const a = selectAccuracy(state());
    expect(a.state === 'current' && a.accuracy).toBeGreaterThan(0.9);
  }, 180_000);

  it('never shows the previous setting as current: computing, then the new value', async () => {
    const before = selectAccuracy(state());
    expect(before.state).toBe('current');
    setGlobal(0.98);
    const during = selectAccuracy(state());
    expect(during.state).toBe('computing');
    expect(during.state === 'computing' && during.previous).toBeCloseTo(
      before.state === 'current' ? before.accuracy : -1,
    );
    await settled();
    const after = selectAccuracy(state());
    expect(after.state === 'current' && after.version).toBe(state().maskVersion);
    expect(after.state === 'current' && after.accuracy).toBeLessThan(0.9);
    // The summary and the curve marker compare against one baseline: the unpruned full result.
    expect(after.state === 'current' && after.baseline).toBeGreaterThan(0.9);
  }, 180_000);

  it('computes SNIP scores as a visible step, then evaluates with them', async () => {
    setMethod('snip');
    // Checked at once: on the cpu backend the scores can land before the next macrotask.
    const a = selectAccuracy(state());
    expect(a.state).toBe('computing');
    expect(a.state === 'computing' && a.what).toMatch(/SNIP/);
    await settled();
    expect(state().scores.snip).toBeDefined();
    expect(state().config.method).toBe('snip');
  }, 180_000);

  it('switching to the LSTM right after the cnn: no cnn mask reaches the LSTM', async () => {
    const cnn = loadModel('cnn', 'mnist');
    setGlobal(0.5);
    const lstm = applySetup({
      modelId: 'lstm',
      datasetId: 'waves',
      config: { method: 'magnitude', globalSparsity: 0.5, layers: {}, seed: 1 },
    });
    await Promise.all([cnn, lstm]);
    await settled();
    expect(state().modelId).toBe('lstm');
    expect(state().graph?.id).toBe('lstm');
    expect(masksFitGraph()).toBe(true);
    expect(state().evalError).toBeNull();
    expect(state().notices.filter((n) => n.kind === 'error')).toEqual([]);
  }, 240_000);

  it('applySetup is one undo step, also across a model switch', async () => {
    const pastBefore = state().history.past.length;
    await applySetup({
      modelId: 'cnn',
      datasetId: 'mnist',
      config: { method: 'magnitude', globalSparsity: 0.3, layers: {}, seed: 1 },
    });
    expect(state().history.past.length).toBe(pastBefore + 1);
    await undo();
    expect(state().modelId).toBe('lstm');
    await redo();
    expect(state().modelId).toBe('cnn');
    expect(state().config.globalSparsity).toBeCloseTo(0.3);
    await settled();
    expect(masksFitGraph()).toBe(true);
  }, 240_000);

  it('removing conv3 is explained by the setup (removed flag) and lands a result', async () => {
    toggleRemoved('conv3');
    expect(state().config.layers.conv3.removed).toBe(true);
    await settled();
    const m = state().metrics?.layers.find((l) => l.layer === 'conv3');
    expect(m?.removed).toBe(true);
  }, 180_000);
});
