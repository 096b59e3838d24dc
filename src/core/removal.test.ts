import { describe, expect, it } from 'vitest';
import { computeMasks } from './compute.ts';
import { layerConfig, randomWeights, removableCnn } from './fixture-graphs.ts';
import { networkMetrics } from './metrics.ts';
import { removalEffect, withoutRemovals } from './removal.ts';
import type { MethodId } from './types.ts';

/** `conv2Scale` scales conv2's weights (larger: a global ranking keeps more of them). */
function effectOf(method: MethodId, sparsity: number, conv2Scale = 1) {
  const graph = removableCnn();
  const weights = randomWeights(graph, 3);
  weights['conv2/kernel'] = weights['conv2/kernel'].map((w) => w * conv2Scale);
  const config = layerConfig(graph, method, sparsity, { conv2: { removed: true } });
  const without = networkMetrics(graph, computeMasks(graph, weights, withoutRemovals(config)));
  const withRemoval = networkMetrics(graph, computeMasks(graph, weights, config));
  return { effect: removalEffect(graph, config, ['conv2'], without, withRemoval), without };
}

describe('removalEffect', () => {
  it('structured: the removed layer drops its own weights, and its pruned filters stop cutting the next layer', () => {
    const { effect, without } = effectOf('l1-structured', 0.5);
    // conv2 at 50% keeps 2 of 4 filters, each reading the 2 channels conv1 kept: 3·3·2·2 + 2 biases.
    expect(without.layers.find((l) => l.layer === 'conv2')?.removedUnits).toHaveLength(2);
    const [first, second] = effect.changes;
    // dense1 keeps 3 of its 5 units (half of 5 rounds to 2 pruned); conv2's 2 pruned filters
    // had cut 2 channels × 16 positions = 32 of its 64 input rows in each kept column.
    expect(first).toEqual({
      layer: 'dense1',
      before: 32 * 3 + 3,
      after: 64 * 3 + 3,
      elements: 64 * 5 + 5,
      cause: { kind: 'inputs', from: 'conv2', fromKind: 'conv2d', units: 2 },
    });
    expect(second).toEqual({
      layer: 'conv2',
      before: 3 * 3 * 2 * 2 + 2,
      after: 0,
      elements: 3 * 3 * 4 * 4 + 4,
      cause: { kind: 'removed' },
    });
    expect(effect.changes).toHaveLength(2);
    expect(effect.after - effect.before).toBe(32 * 3 - 38);
    expect(effect.elements).toBe(without.total.elements);
  });

  it('unstructured per-layer sliders: only the removed layer changes, and kept falls', () => {
    const { effect } = effectOf('magnitude', 0.5);
    expect(effect.changes).toEqual([
      // 144 kernel entries at 50% keep 72; magnitude never prunes the 4 biases.
      { layer: 'conv2', before: 76, after: 0, elements: 148, cause: { kind: 'removed' } },
    ]);
    expect(effect.after).toBe(effect.before - 76);
  });

  it('global magnitude: the other layers are ranked again without the removed one', () => {
    // conv2's large weights held most of the kept places; without it the others keep more.
    const { effect } = effectOf('global-magnitude', 0.5, 4);
    expect(effect.changes.find((c) => c.layer === 'dense1')).toMatchObject({
      cause: { kind: 'ranking' },
    });
    for (const c of effect.changes)
      if (c.cause.kind === 'ranking') expect(c.after).toBeGreaterThan(c.before);
    const causes = new Set(effect.changes.map((c) => c.cause.kind));
    expect(effect.changes.find((c) => c.layer === 'conv2')?.cause).toEqual({ kind: 'removed' });
    expect([...causes].every((k) => k === 'removed' || k === 'ranking')).toBe(true);
    const total = effect.changes.reduce((a, c) => a + c.after - c.before, 0);
    expect(effect.after - effect.before).toBe(total);
  });
});
