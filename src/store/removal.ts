/**
 * What removing layers whole does to the setup on screen: its metrics compared with the same
 * setup with every layer kept (each pruned by its own slider). Computed once per mask set, and
 * only when the masks on screen belong to the current setup.
 */
import { networkMetrics, removalEffect, withoutRemovals } from '../core/index.ts';
import type { MaskSet, RemovalEffect } from '../core/index.ts';
import type { AppState } from './index.ts';
import { masksFor } from './setup.ts';

const effects = new WeakMap<MaskSet, RemovalEffect | null>();

/** Names of the layers the setup on screen removes whole. */
export function removedLayerNames(s: AppState): string[] {
  if (!s.graph) return [];
  return s.graph.layers
    .filter((l) => l.removable && s.config.layers[l.name]?.removed)
    .map((l) => l.name);
}

/** The removal's effect on parameters kept, or null (nothing removed, or the masks are computing). */
export function selectRemovalEffect(s: AppState): RemovalEffect | null {
  const removed = removedLayerNames(s);
  if (!s.graph || !s.metrics || removed.length === 0 || s.masksVersion !== s.maskVersion)
    return null;
  if (effects.has(s.masks)) return effects.get(s.masks) ?? null;
  let effect: RemovalEffect | null = null;
  try {
    const without = networkMetrics(s.graph, masksFor(withoutRemovals(s.config), s.scores));
    effect = removalEffect(s.graph, s.config, removed, without, s.metrics);
  } catch {
    // The setup without the removal is invalid (it cannot be shown next to this one).
  }
  effects.set(s.masks, effect);
  return effect;
}
