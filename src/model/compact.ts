/**
 * Physical compaction of a structured-pruned network: pruned units are cut out of the weight
 * tensors and a smaller tf.Sequential is built, so inference really does less work.
 *
 * What goes (TensorFlow.js layouts, row-major; see src/core/graph.ts for the index rules):
 * - Conv2D filter j: kernel [kh, kw, in, out] column j at every tap, bias entry j; the next weighted
 *   layer loses input channel j (through max-pooling unchanged; through Flatten in NHWC every row
 *   p*C + j of a dense kernel, p < H*W).
 * - Dense neuron j: kernel column j, bias entry j, row j of the next layer's kernel.
 * - LSTM (gates i, f, c, o) / GRU (gates z, r, h) hidden unit j: kernel columns {g*H + j}, the same
 *   columns and row j of the recurrent kernel, bias entries {g*H + j}, row j of the next kernel.
 *   The compacted gate blocks stay in gate order, each Hk wide: column g*Hk + k is unit kept[k].
 * - A layer removed whole (src/core removedLayers: removable, own tensors all pruned, consumer still
 *   reading it) is dropped: it acts as identity. Its input and output shapes match, so the channels
 *   flowing through it keep their indices.
 *
 * Which units go is decided by src/core `keptUnits` (a unit goes when its whole group, own tensors
 * and consumer rows, is pruned), never here, so the compacted size is the one `networkMetrics`
 * reports as compactedParams. The copied weights are the MASKED weights: unstructured zeros inside
 * kept units stay zeros, and the compacted model computes what the masked model computes, provided
 * the masked model treats removed layers as identity too (see maskedForward: the rule for the whole
 * app is that a removed layer behaves as identity in evaluation, compaction and metrics).
 *
 * Dropping a unit whose consumer rows are not masked (it fed a removed layer, which passes it on) is
 * exact because the unit's own weights and bias are all zero and every activation in the zoo maps 0
 * to 0 (relu, tanh, linear); an activation with f(0) != 0 on a hidden layer would break that.
 *
 * Output-layer units (classes) are never removed. A hidden layer with every unit pruned cannot be
 * built with 0 units, so it keeps ONE placeholder unit whose weights, bias and consumer rows are all
 * zero: the model still runs and gives the constant predictions of the masked model. Placeholder
 * parameters are not counted in `params` (they hold nothing), only in `modelParams`.
 */
import * as tf from './tf.ts';
import { keptUnits, removedLayers } from '../core/metrics.ts';
import { gatesOf, isWeighted } from '../core/graph.ts';
import type { LayerSpec, MaskSet, NetGraph, TensorSpec, WeightSet } from '../core/types.ts';
import { sequentialFromGraph } from './build.ts';
import { maskedWeights, sourceWeights, type GraphWeights } from './masked.ts';

/** The outcome of compactModel. The caller disposes `model`. */
export interface CompactResult {
  /** The physically smaller network, weights loaded; input and output shapes as the original. */
  model: tf.Sequential;
  /** Its description: removed layers gone, units and shapes shrunk, layer names unchanged. */
  graph: NetGraph;
  /** Its weights by tensor key, TF.js layouts (masked values of the kept entries). */
  weights: WeightSet;
  /** Parameters that survive compaction (placeholder units excluded); equals core's compactedParams. */
  params: number;
  /** Parameters actually held by `model` (params + any placeholder units' zeros). */
  modelParams: number;
  /** Parameters of the original dense network. */
  denseParams: number;
  /** Kept unit indices (into the original layer) of every prunable hidden layer left in the model. */
  kept: Record<string, number[]>;
  /** Layers dropped as identity. */
  removed: string[];
  /** Hidden layers whose units were all pruned and that hold one all-zero placeholder unit. */
  placeholders: string[];
}

/** Layers that keep the channel axis as it is (pooling, dropout, activation). */
const PASS_THROUGH: ReadonlySet<LayerSpec['kind']> = new Set([
  'maxpool',
  'avgpool',
  'dropout',
  'activation',
]);

function prod(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** out[a, r, c] = src[a, rows[r], cols[c]] for src viewed as [outer, nRows, nCols]. */
function gather3(
  src: Float32Array,
  outer: number,
  nRows: number,
  nCols: number,
  rows: readonly number[],
  cols: readonly number[],
): Float32Array {
  const out = new Float32Array(outer * rows.length * cols.length);
  let o = 0;
  for (let a = 0; a < outer; a++) {
    const base = a * nRows * nCols;
    for (const r of rows) {
      const rb = base + r * nCols;
      for (const c of cols) out[o++] = src[rb + c];
    }
  }
  return out;
}

/** Columns {g*H + j} for every gate g and kept unit j, gate-major (the compacted gate layout). */
function gateColumns(H: number, G: number, keep: readonly number[]): number[] {
  const cols: number[] = [];
  for (let g = 0; g < G; g++) for (const j of keep) cols.push(g * H + j);
  return cols;
}

function tensorSpec(layer: string, role: TensorSpec['role'], shape: number[]): TensorSpec {
  return { key: `${layer}/${role}`, role, shape };
}

/** Parameter count of a graph (every tensor element). */
export function graphParams(graph: NetGraph): number {
  let n = 0;
  for (const l of graph.layers) for (const t of l.tensors) n += prod(t.shape);
  return n;
}

/** The state of the walk over the layers while compacting. */
interface Walk {
  /** Original indices of the last-axis features flowing into the current layer. */
  feat: number[];
  /** Features that carry real data (0 after a placeholder layer). */
  realFeat: number;
  /** True when the features come from a placeholder layer. */
  fromPlaceholder: boolean;
  /** The shape flowing into the current layer (without the batch). */
  shape: number[];
  /** Parameters kept so far (placeholders excluded). */
  params: number;
  layers: LayerSpec[];
  weights: WeightSet;
}

const setLast = (s: readonly number[], n: number): number[] => [...s.slice(0, -1), n];

/** Appends an unweighted layer (or a batchnorm) with the walk's current output shape. */
function pushLayer(w: Walk, layer: LayerSpec, inShape: number[], tensors: TensorSpec[]): void {
  w.layers.push({ ...layer, inputShape: inShape, outputShape: w.shape.slice(), tensors });
}

/**
 * Compacts a layer without units of its own (pooling, dropout, activation, batchnorm, flatten,
 * reshape): channels flow through, batchnorm keeps the entries of the channels still flowing.
 * @returns false when the layer has units (a weighted layer)
 */
function compactPassing(w: Walk, layer: LayerSpec, masked: WeightSet): boolean {
  const inShape = w.shape.slice();
  if (PASS_THROUGH.has(layer.kind)) {
    w.shape = setLast(layer.outputShape, w.feat.length);
    pushLayer(w, layer, inShape, []);
    return true;
  }
  if (layer.kind === 'batchnorm') {
    const tensors = layer.tensors.map((t) => {
      w.weights[t.key] = Float32Array.from(w.feat, (c) => masked[t.key][c]);
      w.params += w.realFeat === 0 ? 0 : w.feat.length;
      return tensorSpec(layer.name, t.role, [w.feat.length]);
    });
    w.shape = setLast(layer.outputShape, w.feat.length);
    pushLayer(w, layer, inShape, tensors);
    return true;
  }
  if (layer.kind !== 'flatten' && layer.kind !== 'reshape') return false;
  const C = layer.inputShape[layer.inputShape.length - 1];
  const L = layer.outputShape[layer.outputShape.length - 1];
  if (layer.kind === 'reshape' && w.feat.length === C && w.realFeat === C) {
    // Nothing removed upstream: the layer reshapes as it did.
    w.feat = range(L);
    w.realFeat = L;
    w.shape = layer.outputShape.slice();
  } else {
    const P = layer.kind === 'flatten' ? prod(layer.inputShape) / C : L / C;
    const next: number[] = [];
    for (let p = 0; p < P; p++) for (const c of w.feat) next.push(p * C + c);
    w.feat = next;
    w.realFeat *= P;
    w.shape = layer.kind === 'flatten' ? [next.length] : setLast(layer.outputShape, next.length);
  }
  pushLayer(w, layer, inShape, []);
  return true;
}

/**
 * One tensor of a weighted layer cut to the kept input features `w.feat` and units `keep`.
 * @param realOut kept units that carry data (0 for a placeholder layer)
 * @returns the new data and shape, and the parameters kept
 */
function compactTensor(
  w: Walk,
  layer: LayerSpec,
  t: TensorSpec,
  src: Float32Array,
  keep: number[],
  realOut: number,
): { data: Float32Array; shape: number[]; params: number } {
  const H = layer.units;
  const G = gatesOf(layer.kind);
  const { feat, realFeat } = w;
  if (layer.kind === 'conv2d' && t.role === 'kernel') {
    const [kh, kw, cin, cout] = t.shape;
    const data = gather3(src, kh * kw, cin, cout, feat, keep);
    return {
      data,
      shape: [kh, kw, feat.length, keep.length],
      params: kh * kw * realFeat * realOut,
    };
  }
  const cols = G > 1 ? gateColumns(H, G, keep) : keep;
  if (t.role === 'bias') {
    const rows = src.length / (G * H);
    const data = gather3(src, 1, rows, G * H, range(rows), cols);
    const shape = rows === 1 && t.shape.length === 1 ? [cols.length] : [rows, cols.length];
    return { data, shape, params: rows * G * realOut };
  }
  if (t.role === 'recurrentKernel') {
    const data = gather3(src, 1, H, G * H, keep, cols);
    return { data, shape: [keep.length, cols.length], params: realOut * G * realOut };
  }
  // Dense or RNN kernel [in, G*H].
  const rows = t.shape[0];
  if (rows !== prod(t.shape) / (G * H)) throw new Error(`Unexpected kernel shape for ${t.key}.`);
  const data = gather3(src, 1, rows, G * H, feat, cols);
  return { data, shape: [feat.length, cols.length], params: realFeat * G * realOut };
}

/**
 * Compacts a weighted layer to its kept units `keep` (one all-zero placeholder unit when none is
 * kept) and the features flowing in; moves the walk on to its output.
 */
function compactWeighted(w: Walk, layer: LayerSpec, masked: WeightSet, kept: number[]): void {
  const inShape = w.shape.slice();
  const placeholder = kept.length === 0;
  const keep = placeholder ? [0] : kept;
  const realOut = placeholder ? 0 : keep.length;
  const tensors: TensorSpec[] = [];
  for (const t of layer.tensors) {
    const c = compactTensor(w, layer, t, masked[t.key], keep, realOut);
    w.params += c.params;
    // A placeholder unit holds nothing; a layer reading only placeholder features reads zeros.
    if (placeholder || (w.fromPlaceholder && t.role === 'kernel')) c.data.fill(0);
    w.weights[t.key] = c.data;
    tensors.push(tensorSpec(layer.name, t.role, c.shape));
  }
  const shape = setLast(layer.outputShape, keep.length);
  const removable =
    !layer.isOutput && inShape.length === shape.length && inShape.every((d, i) => d === shape[i]);
  w.layers.push({
    ...layer,
    inputShape: inShape,
    outputShape: shape.slice(),
    units: keep.length,
    tensors,
    removable,
  });
  w.shape = shape;
  w.feat = keep;
  w.realFeat = realOut;
  w.fromPlaceholder = placeholder;
}

/**
 * Compacts a pruned network: drops the units src/core `keptUnits` drops and the layers
 * `removedLayers` lists (module comment for the rules), copies the masked weights of what is
 * left, and builds a smaller tf.Sequential. Input [batch, ...graph.inputShape] and output
 * [batch, classes] are unchanged; outputs equal those of maskedForward on the original (up to
 * float rounding of shorter sums).
 * @param source a zoo model (graph from graphOfModel, weights read from its variables) or a graph
 *   with its weights
 * @param masks 1 = kept, by tensor key; a tensor without a mask is kept whole
 * @returns the compact model (caller disposes), its graph and weights, and parameter counts
 */
export function compactModel(source: tf.LayersModel | GraphWeights, masks: MaskSet): CompactResult {
  const { graph, weights } = sourceWeights(source);
  const masked = maskedWeights(graph, weights, masks);
  const keptByLayer = keptUnits(graph, masks);
  const removed = new Set(removedLayers(graph, masks));
  const feat = range(graph.inputShape[graph.inputShape.length - 1]);
  const w: Walk = {
    feat,
    realFeat: feat.length,
    fromPlaceholder: false,
    shape: graph.inputShape.slice(),
    params: 0,
    layers: [],
    weights: {},
  };
  const kept: Record<string, number[]> = {};
  const placeholders: string[] = [];

  for (const layer of graph.layers) {
    if (removed.has(layer.name) || compactPassing(w, layer, masked)) continue;
    if (!isWeighted(layer)) {
      throw new Error(
        `Layer ${layer.name} (${layer.kind}) has no weights and is not a pooling or flatten layer.`,
      );
    }
    const keep = layer.isOutput
      ? range(layer.units)
      : (keptByLayer[layer.name] ?? range(layer.units));
    if (keep.length === 0) placeholders.push(layer.name);
    if (!layer.isOutput) kept[layer.name] = keep.slice();
    compactWeighted(w, layer, masked, keep);
  }

  const compactGraph: NetGraph = { ...graph, layers: w.layers };
  const model = sequentialFromGraph(compactGraph, w.weights, `${graph.id}-compact`);
  return {
    model,
    graph: compactGraph,
    weights: w.weights,
    params: w.params,
    modelParams: graphParams(compactGraph),
    denseParams: graphParams(graph),
    kept,
    removed: [...removed],
    placeholders,
  };
}
