/**
 * Metrics of a masked network, per layer and in total.
 *
 * Conventions:
 * - elements / nonzeros count every tensor of a layer (biases included); nonzeros = kept mask
 *   entries; sparsity = 1 - nonzeros / elements; compressionRatio = elements / nonzeros
 *   (Infinity when nothing is kept).
 * - FLOPs are theoretical, 2 per multiply-add, biases, normalisation and activations not counted. Each kernel
 *   weight is reused: Conv2D H_out*W_out times (dense: 2*kh*kw*in*out*H_out*W_out), Dense once
 *   (2*in*out), an RNN's kernel and recurrent kernel T times (LSTM 2*T*(in+H)*4H, GRU 3H). Pruned
 *   FLOPs count a pruned weight as removed work (as ShrinkBench does): 2 × kept × reuse.
 *   flopsRatio = dense / pruned.
 * - Bytes: dense float32 = 4 × elements; bitmask = ceil(elements / 8) + 4 × nonzeros per tensor;
 *   CSR on the 2-D view [prod(all but last), last] (a bias is one row) = 4 × (rows + 1) row
 *   pointers + 4 × nonzeros int32 column indices + 4 × nonzeros float32 values; compacted = 4 ×
 *   the parameters left after physically removing pruned units (see keptUnits) and the rows they
 *   fed, and dropping removed layers.
 * - A unit is removed when every element of its group (graph.ts: own tensors and consumer rows)
 *   is pruned; then dropping it changes no output. A layer is removed (replaced by identity) when
 *   it is removable, all its own tensors are pruned and its consumer still reads it.
 */
import { PruningError } from './errors.ts';
import { isRecurrent, isWeighted, unitGroups, type LayerUnits } from './graph.ts';
import type { LayerKind, LayerSpec, MaskSet, NetGraph, TensorSpec } from './types.ts';

/** Counts, FLOPs and bytes of a layer or of the whole network. */
export interface SizeMetrics {
  elements: number;
  nonzeros: number;
  sparsity: number;
  /** Kernel and recurrent-kernel entries (biases excluded): what a sparsity slider prunes. */
  weights: number;
  /** Of those, the ones kept. */
  weightsKept: number;
  /** 1 - weightsKept / weights: the sparsity a slider sets, biases left out. */
  weightSparsity: number;
  compressionRatio: number;
  denseFlops: number;
  prunedFlops: number;
  flopsRatio: number;
  /** FLOPs of the compacted model (pruned units and removed layers physically gone). */
  compactedFlops: number;
  compactedParams: number;
  bytesDense: number;
  bytesBitmask: number;
  bytesCsr: number;
  bytesCompacted: number;
}

/** Metrics of one layer with weights. */
export interface LayerMetrics extends SizeMetrics {
  layer: string;
  kind: LayerKind;
  units: number;
  /** Units whose whole group is pruned (empty for the output layer). */
  removedUnits: number[];
  /** True when the layer is removed whole (replaced by identity). */
  removed: boolean;
}

/** Per-layer metrics (layers with weights, in order) and the totals. */
export interface NetworkMetrics {
  layers: LayerMetrics[];
  total: SizeMetrics;
}

function count(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

function maskOf(masks: MaskSet, t: TensorSpec): Uint8Array | null {
  const m = masks[t.key];
  if (!m) return null;
  if (m.length !== count(t.shape)) {
    throw new PruningError(
      'shape-mismatch',
      `The mask of ${t.key} has ${m.length} entries but the tensor holds ${count(t.shape)}; recompute the masks for this model.`,
    );
  }
  return m;
}

function kept(m: Uint8Array | null, n: number): number {
  if (!m) return n;
  let k = 0;
  for (let i = 0; i < m.length; i++) k += m[i] !== 0 ? 1 : 0;
  return k;
}

/** How many times each weight of a tensor is used per example (0 for biases). */
export function reuseOf(layer: LayerSpec, t: TensorSpec): number {
  if (t.role !== 'kernel' && t.role !== 'recurrentKernel') return 0;
  if (isRecurrent(layer.kind)) {
    return layer.inputShape.length >= 2 ? layer.inputShape[0] : 1;
  }
  return count(layer.outputShape.slice(0, -1));
}

function allPruned(m: Uint8Array | null, indices: Int32Array, from: number, to: number): boolean {
  if (!m) return false;
  for (let a = from; a < to; a++) if (m[indices[a]] !== 0) return false;
  return true;
}

/** Units of a group layer whose whole group is pruned. */
function removedUnitsOf(g: LayerUnits, masks: MaskSet, specs: Map<string, TensorSpec>): number[] {
  const ms = g.tensors.map((gt) => {
    const spec = specs.get(gt.key);
    return spec ? maskOf(masks, spec) : null;
  });
  const out: number[] = [];
  for (let j = 0; j < g.units; j++) {
    let all = true;
    for (let t = 0; t < g.tensors.length && all; t++) {
      const gt = g.tensors[t];
      if (gt.part === 'follower') continue;
      all = allPruned(ms[t], gt.indices, gt.offsets[j], gt.offsets[j + 1]);
    }
    if (all) out.push(j);
  }
  return out;
}

function ownAllPruned(layer: LayerSpec, masks: MaskSet): boolean {
  return layer.tensors.every((t) => {
    const m = maskOf(masks, t);
    return m !== null && kept(m, m.length) === 0;
  });
}

function consumerAllPruned(g: LayerUnits, masks: MaskSet, specs: Map<string, TensorSpec>): boolean {
  const gt = g.tensors.find((t) => t.part === 'consumer');
  if (!gt) return true;
  const spec = specs.get(gt.key);
  const m = spec ? maskOf(masks, spec) : null;
  return allPruned(m, gt.indices, 0, gt.indices.length);
}

interface UnitState {
  removed: Set<string>;
  removedUnits: Map<string, number[]>;
}

function unitState(graph: NetGraph, masks: MaskSet): UnitState {
  const specs = new Map<string, TensorSpec>();
  for (const l of graph.layers) for (const t of l.tensors) specs.set(t.key, t);
  const removed = new Set<string>();
  const removedUnits = new Map<string, number[]>();
  for (const g of unitGroups(graph)) {
    const layer = graph.layers[g.index];
    if (layer.removable && ownAllPruned(layer, masks) && !consumerAllPruned(g, masks, specs)) {
      removed.add(g.layer);
      removedUnits.set(
        g.layer,
        Array.from({ length: g.units }, (_, j) => j),
      );
    } else removedUnits.set(g.layer, removedUnitsOf(g, masks, specs));
  }
  return { removed, removedUnits };
}

/**
 * Units each prunable, non-output layer keeps, for compacting the model: a unit is dropped when
 * its whole group (own columns, bias entries, RNN gate columns and recurrent row, consumer rows)
 * is pruned. A layer removed whole (removable, own tensors all pruned) lists no units and is
 * compacted as identity; a layer may also list no units when all are pruned structurally.
 * @returns unit indices in ascending order by layer name
 */
export function keptUnits(graph: NetGraph, masks: MaskSet): Record<string, number[]> {
  const state = unitState(graph, masks);
  const out: Record<string, number[]> = {};
  for (const g of unitGroups(graph)) {
    const gone = new Set(state.removedUnits.get(g.layer) ?? []);
    const keep: number[] = [];
    for (let j = 0; j < g.units; j++) if (!gone.has(j)) keep.push(j);
    out[g.layer] = keep;
  }
  return out;
}

/** Names of the layers removed whole (removable, own tensors all pruned, consumer still reading). */
export function removedLayers(graph: NetGraph, masks: MaskSet): string[] {
  return [...unitState(graph, masks).removed];
}

function emptySize(): SizeMetrics {
  return {
    elements: 0,
    nonzeros: 0,
    sparsity: 0,
    weights: 0,
    weightsKept: 0,
    weightSparsity: 0,
    compressionRatio: 1,
    denseFlops: 0,
    prunedFlops: 0,
    flopsRatio: 1,
    compactedFlops: 0,
    compactedParams: 0,
    bytesDense: 0,
    bytesBitmask: 0,
    bytesCsr: 0,
    bytesCompacted: 0,
  };
}

function finish(s: SizeMetrics): SizeMetrics {
  s.sparsity = s.elements === 0 ? 0 : 1 - s.nonzeros / s.elements;
  s.weightSparsity = s.weights === 0 ? 0 : 1 - s.weightsKept / s.weights;
  s.compressionRatio =
    s.nonzeros === 0 ? (s.elements === 0 ? 1 : Infinity) : s.elements / s.nonzeros;
  s.flopsRatio =
    s.prunedFlops === 0 ? (s.denseFlops === 0 ? 1 : Infinity) : s.denseFlops / s.prunedFlops;
  s.bytesCompacted = 4 * s.compactedParams;
  return s;
}

/** Adds one tensor's counts to `s`; `compacted` = its parameters left after compaction. */
function addTensor(
  s: SizeMetrics,
  layer: LayerSpec,
  t: TensorSpec,
  masks: MaskSet,
  compacted: number,
): void {
  const n = count(t.shape);
  const nz = kept(maskOf(masks, t), n);
  const reuse = reuseOf(layer, t);
  const cols = t.shape.length > 0 ? t.shape[t.shape.length - 1] : 1;
  const isKernel = t.role === 'kernel' || t.role === 'recurrentKernel';
  const rows = !isKernel || cols === 0 ? 1 : n / cols;
  s.elements += n;
  s.nonzeros += nz;
  if (isKernel) {
    s.weights += n;
    s.weightsKept += nz;
  }
  s.denseFlops += 2 * n * reuse;
  s.prunedFlops += 2 * nz * reuse;
  s.compactedFlops += 2 * compacted * reuse;
  s.compactedParams += compacted;
  s.bytesDense += 4 * n;
  s.bytesBitmask += Math.ceil(n / 8) + 4 * nz;
  s.bytesCsr += 4 * (rows + 1) + 8 * nz;
}

const SUMMED: readonly (keyof SizeMetrics)[] = [
  'elements',
  'nonzeros',
  'weights',
  'weightsKept',
  'denseFlops',
  'prunedFlops',
  'compactedFlops',
  'compactedParams',
  'bytesDense',
  'bytesBitmask',
  'bytesCsr',
];

function addInto(total: SizeMetrics, s: SizeMetrics): void {
  for (const k of SUMMED) total[k] += s[k];
}

/**
 * Per-layer and total metrics of a masked network (conventions in the module comment). A tensor
 * without a mask counts as fully kept. A BatchNormalization layer's parameters (no FLOPs: they fold
 * into the layer before) are counted with the weighted layer it follows, and compact with its units.
 */
export function networkMetrics(graph: NetGraph, masks: MaskSet): NetworkMetrics {
  const state = unitState(graph, masks);
  const total = emptySize();
  const layers: LayerMetrics[] = [];
  // Fraction of the input channels of the next weighted layer that survive compaction.
  let rIn = 1;
  for (const layer of graph.layers) {
    if (layer.kind === 'batchnorm') {
      const s = emptySize();
      for (const t of layer.tensors)
        addTensor(s, layer, t, masks, Math.round(count(t.shape) * rIn));
      const owner = layers[layers.length - 1];
      if (owner) {
        addInto(owner, s);
        finish(owner);
      }
      addInto(total, s);
      continue;
    }
    if (!isWeighted(layer)) continue;
    const isRemoved = state.removed.has(layer.name);
    const gone = state.removedUnits.get(layer.name) ?? [];
    const rOut = isRemoved ? rIn : layer.isOutput ? 1 : (layer.units - gone.length) / layer.units;
    const s = emptySize();
    for (const t of layer.tensors) {
      const n = count(t.shape);
      const compacted = isRemoved
        ? 0
        : Math.round(
            t.role === 'bias'
              ? n * rOut
              : t.role === 'recurrentKernel'
                ? n * rOut * rOut
                : n * rIn * rOut,
          );
      addTensor(s, layer, t, masks, compacted);
    }
    finish(s);
    addInto(total, s);
    layers.push({
      ...s,
      layer: layer.name,
      kind: layer.kind,
      units: layer.units,
      removedUnits: gone,
      removed: isRemoved,
    });
    rIn = rOut;
  }
  finish(total);
  return { layers, total };
}
