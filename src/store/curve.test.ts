/**
 * The accuracy curve and gradient scores against the real engine on the cpu backend (no worker):
 * points belong to the current method and weights, scores are fetched once per weights.
 */
import { describe, expect, it } from 'vitest';
import { computeCurve, ensureScores, setMethod } from './actions.ts';
import { useApp } from './index.ts';
import { storeWithModel } from './test-helpers.ts';

const state = () => useApp.getState();

describe('curve and score actions (real engine, cpu)', () => {
  storeWithModel('lenet-300-100');

  it('computes the curve of the current method for the current weights, falling with sparsity', async () => {
    await computeCurve([0, 0.99]);
    const c = state().curve;
    expect(c?.method).toBe('magnitude');
    expect(c?.version).toBe(state().weightsVersion);
    expect(c?.points.map((p) => p.sparsity)).toEqual([0, 0.99]);
    expect(c?.points[0]?.x).toBe(0);
    expect(c?.points[1]?.x).toBeCloseTo(0.99, 2);
    const [dense, sparse] = c!.points;
    expect(dense!.y).toBeGreaterThan(0.9);
    expect(sparse!.y).toBeLessThan(dense!.y);
  }, 180_000);

  it('stops a curve whose method changed while it ran', async () => {
    const run = computeCurve([0, 0.5, 0.9]);
    setMethod('random');
    await run;
    const c = state().curve;
    expect(c?.method).not.toBe('random');
    expect(c?.points.length ?? 0).not.toBe(3);
  }, 180_000);

  it('fetches gradient scores once per weights and keeps them in the store', async () => {
    const scores = await ensureScores(['snip']);
    expect(Object.keys(scores.snip ?? {})).toContain('fc1/kernel');
    expect(state().scores.snip).toBe(scores.snip);
    const again = await ensureScores(['snip']);
    expect(again.snip).toBe(scores.snip);
  }, 180_000);
});
