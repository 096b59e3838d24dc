/**
 * The structural part of a LessonObservation, computed from the graph and the masks alone (the store
 * adds the measured accuracies, latency, curves and runs).
 */
import { gatesOf } from '../core/graph.ts';
import { networkMetrics } from '../core/metrics.ts';
import type { MaskSet, NetGraph } from '../core/types.ts';
import type { LessonObservation } from './types.ts';

/** Fields of LessonObservation that follow from the graph and masks. */
export type StructureObservation = Pick<
  LessonObservation,
  'layerSparsity' | 'removedUnits' | 'units' | 'gateSparsity' | 'params' | 'flops' | 'bytes'
>;

/**
 * Fraction pruned per gate of an RNN layer: kernel [in, G*H] and recurrent kernel [H, G*H] together,
 * gate g being columns g*H .. (g+1)*H - 1 (TF.js order: LSTM i f c o, GRU z r h).
 */
export function gateSparsities(graph: NetGraph, masks: MaskSet): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const l of graph.layers) {
    const G = gatesOf(l.kind);
    if (G <= 1) continue;
    const H = l.units;
    const pruned = new Array<number>(G).fill(0);
    const total = new Array<number>(G).fill(0);
    for (const t of l.tensors) {
      if (t.role === 'bias') continue;
      const cols = t.shape[t.shape.length - 1];
      const rows = t.shape.reduce((a, b) => a * b, 1) / cols;
      const m = masks[t.key];
      for (let r = 0; r < rows; r++)
        for (let c = 0; c < cols; c++) {
          const g = Math.floor(c / H);
          total[g]++;
          if (m && !m[r * cols + c]) pruned[g]++;
        }
    }
    out[l.name] = pruned.map((p, g) => (total[g] ? p / total[g] : 0));
  }
  return out;
}

/** Per-layer sparsity, removed units, sizes, FLOPs and bytes of the masked network. */
export function observeStructure(graph: NetGraph, masks: MaskSet): StructureObservation {
  const m = networkMetrics(graph, masks);
  const layerSparsity: Record<string, number> = {};
  const removedUnits: Record<string, number> = {};
  const units: Record<string, number> = {};
  for (const l of m.layers) {
    layerSparsity[l.layer] = l.weightSparsity;
    removedUnits[l.layer] = l.removedUnits.length;
    units[l.layer] = l.units;
  }
  const t = m.total;
  return {
    layerSparsity,
    removedUnits,
    units,
    gateSparsity: gateSparsities(graph, masks),
    params: { total: t.weights, kept: t.weightsKept },
    flops: { dense: t.denseFlops, pruned: t.prunedFlops, compacted: t.compactedFlops },
    bytes: {
      dense: t.bytesDense,
      bitmask: t.bytesBitmask,
      csr: t.bytesCsr,
      compacted: t.bytesCompacted,
    },
  };
}
