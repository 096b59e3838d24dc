/**
 * Pure pruning-setup transitions: how the global slider, a layer slider, a lock or a method
 * override change a PruningConfig. Used by the store, the engine (gradual schedules) and sweeps.
 */
import type { LayerPruning, MethodId, NetGraph, PruningConfig } from './types.ts';

/** Names of the layers a slider can prune (layers that own weights), in network order. */
export function prunableLayers(graph: NetGraph): string[] {
  return graph.layers.filter((l) => l.tensors.length > 0).map((l) => l.name);
}

/** A config with every prunable layer present at 0% and unlocked. */
export function emptyConfig(
  graph: NetGraph,
  method: MethodId = 'magnitude',
  seed = 1,
): PruningConfig {
  const layers: Record<string, LayerPruning> = {};
  for (const name of prunableLayers(graph)) layers[name] = { sparsity: 0, locked: false };
  return { method, globalSparsity: 0, layers, seed };
}

/**
 * Fills in missing layers (at the global sparsity, unlocked, as the global slider would have set
 * them) and drops unknown ones, keeping the given settings.
 */
export function normaliseConfig(graph: NetGraph, config: PruningConfig): PruningConfig {
  const globalSparsity = clamp01(config.globalSparsity);
  const base = emptyConfig(graph, config.method, config.seed);
  for (const name of Object.keys(base.layers)) {
    const l = config.layers[name];
    base.layers[name] = l
      ? { ...l, sparsity: clamp01(l.sparsity) }
      : { sparsity: globalSparsity, locked: false };
  }
  return { ...base, globalSparsity };
}

function clamp01(v: number): number {
  return Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0;
}

/** Moves the global slider: every unlocked layer follows it. */
export function setGlobalSparsity(config: PruningConfig, sparsity: number): PruningConfig {
  const s = clamp01(sparsity);
  const layers: Record<string, LayerPruning> = {};
  for (const [name, l] of Object.entries(config.layers))
    layers[name] = l.locked ? l : { ...l, sparsity: s };
  return { ...config, globalSparsity: s, layers };
}

/** Moves one layer's slider. */
export function setLayerSparsity(
  config: PruningConfig,
  layer: string,
  sparsity: number,
): PruningConfig {
  const l = config.layers[layer];
  if (!l) return config;
  return {
    ...config,
    layers: { ...config.layers, [layer]: { ...l, sparsity: clamp01(sparsity) } },
  };
}

/** Changes a layer's settings (lock, method override, removal). */
export function patchLayer(
  config: PruningConfig,
  layer: string,
  patch: Partial<LayerPruning>,
): PruningConfig {
  const l = config.layers[layer];
  if (!l) return config;
  const next: LayerPruning = { ...l, ...patch };
  if ('method' in patch && patch.method === undefined) delete next.method;
  return { ...config, layers: { ...config.layers, [layer]: next } };
}
