/**
 * Why "parameters kept" moves when layers are removed whole: the setup's metrics without the
 * removal (each removed layer pruned by its own slider instead) and with it, compared layer by
 * layer. Removing a layer drops its own weights, but its slider's pruning stops applying too: with
 * a structured method the units it pruned no longer cut the next layer's inputs, and a global
 * ranking spreads its sparsity over the layers left. Either can keep more than the removal drops.
 */
import { methodOf } from './compute.ts';
import { unitGroups } from './graph.ts';
import type { LayerMetrics, NetworkMetrics } from './metrics.ts';
import type { LayerKind, NetGraph, PruningConfig } from './types.ts';

/** Why a layer's kept parameters changed with the removal. */
export type RemovalCause =
  /** The layer itself is removed: none of its parameters is kept. */
  | { kind: 'removed' }
  /** `from` (removed) had pruned `units` units, which cut this layer's inputs; now they do not. */
  | { kind: 'inputs'; from: string; fromKind: LayerKind; units: number }
  /** The layer is ranked with the others by global magnitude, over one layer fewer now. */
  | { kind: 'ranking' }
  | { kind: 'other' };

/** One layer whose kept parameters differ with the removal. */
export interface RemovalChange {
  layer: string;
  /** Parameters kept (mask entries left) without the removal, and with it. */
  before: number;
  after: number;
  /** All the layer's parameters. */
  elements: number;
  cause: RemovalCause;
}

/** The whole network's kept parameters without and with the removal, and the layers that moved. */
export interface RemovalEffect {
  removed: string[];
  elements: number;
  before: number;
  after: number;
  /** Layers whose kept count changed, the largest change first. */
  changes: RemovalChange[];
}

/** `config` with no layer removed (each keeps its own slider setting). */
export function withoutRemovals(config: PruningConfig): PruningConfig {
  const layers: PruningConfig['layers'] = {};
  for (const [name, l] of Object.entries(config.layers)) layers[name] = { ...l, removed: false };
  return { ...config, layers };
}

function causeOf(
  layer: string,
  config: PruningConfig,
  removed: ReadonlySet<string>,
  cutters: Map<string, LayerMetrics>,
): RemovalCause {
  if (removed.has(layer)) return { kind: 'removed' };
  const from = cutters.get(layer);
  if (from)
    return {
      kind: 'inputs',
      from: from.layer,
      fromKind: from.kind,
      units: from.removedUnits.length,
    };
  if (methodOf(config, layer) === 'global-magnitude') return { kind: 'ranking' };
  return { kind: 'other' };
}

/**
 * Compares `without` (the metrics of withoutRemovals(config)) and `withRemoval` (the metrics of
 * `config`), where `removed` names the layers `config` removes whole.
 */
export function removalEffect(
  graph: NetGraph,
  config: PruningConfig,
  removed: readonly string[],
  without: NetworkMetrics,
  withRemoval: NetworkMetrics,
): RemovalEffect {
  const gone = new Set(removed);
  const before = new Map(without.layers.map((m) => [m.layer, m]));
  // A removed layer whose pruned units had cut its consumer's inputs, by consumer.
  const cutters = new Map<string, LayerMetrics>();
  for (const g of unitGroups(graph)) {
    const m = before.get(g.layer);
    if (gone.has(g.layer) && g.consumer && m && m.removedUnits.length > 0)
      cutters.set(g.consumer, m);
  }
  const changes: RemovalChange[] = [];
  for (const m of withRemoval.layers) {
    const b = before.get(m.layer)?.nonzeros ?? m.nonzeros;
    if (b === m.nonzeros) continue;
    changes.push({
      layer: m.layer,
      before: b,
      after: m.nonzeros,
      elements: m.elements,
      cause: causeOf(m.layer, config, gone, cutters),
    });
  }
  changes.sort((x, y) => Math.abs(y.after - y.before) - Math.abs(x.after - x.before));
  return {
    removed: [...removed],
    elements: withRemoval.total.elements,
    before: without.total.nonzeros,
    after: withRemoval.total.nonzeros,
    changes,
  };
}
