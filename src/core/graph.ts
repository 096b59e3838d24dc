/**
 * Structure across layers: for every unit (conv filter, dense neuron, RNN hidden unit) of a
 * prunable layer, the element indices it owns in every tensor, its own and its consumer's.
 *
 * Index rules (TensorFlow.js layouts, row-major):
 * - Conv2D kernel [kh, kw, in, out]: filter j is every r*out + j; bias entry j.
 * - Dense kernel [in, out]: column j, every r*out + j; bias entry j.
 * - LSTM (G = 4 gates i, f, c, o) / GRU (G = 3 gates z, r, h) with H units: kernel [in, G*H]
 *   columns {g*H + j}; recurrent kernel [H, G*H] the same columns and row j; bias [G*H] (or
 *   [rows, G*H]) entries g*H + j of every row.
 * - Consumer: the next layer with weights, reached through maxpool (channels unchanged) and
 *   flatten (NHWC: channel c of a map with P positions feeds rows p*C + c, p < P). A dense or
 *   RNN consumer loses those rows of its kernel [in, cols]; a conv consumer kernel
 *   [kh, kw, C, out] loses input channel c at every tap.
 * - Reshape between a producer and its consumer maps channels like Flatten when its last output
 *   dimension L is a multiple of the C channels: channel c feeds rows p*C + c, p < L / C.
 * - BatchNormalization between a producer and its consumer follows the producer's units: unit j owns
 *   entry j of gamma, beta, movingMean and movingVariance (part 'follower'). Followers are pruned
 *   with the unit but neither score it nor decide whether it is removed: a unit whose own weights and
 *   consumer rows are all pruned changes no output whatever its normalisation holds.
 * - SimpleRNN is an RNN with one gate (G = 1).
 * The output layer (isOutput) has no groups: its outputs are classes.
 */
import { PruningError } from './errors.ts';
import type { LayerKind, LayerSpec, NetGraph, TensorRole } from './types.ts';

/** The elements of one tensor that belong to each unit of a layer. */
export interface GroupTensor {
  key: string;
  role: TensorRole;
  /** Layer that holds the tensor. */
  layer: string;
  /**
   * 'own' for the unit's layer, 'consumer' for the next weighted layer's kernel, 'follower' for a
   * BatchNormalization between them (one entry per unit).
   */
  part: 'own' | 'consumer' | 'follower';
  /** Elements of unit j are indices[offsets[j]] .. indices[offsets[j + 1] - 1]; length units + 1. */
  offsets: Int32Array;
  indices: Int32Array;
}

/** The unit groups of one prunable layer. */
export interface LayerUnits {
  layer: string;
  /** Position in graph.layers. */
  index: number;
  kind: LayerKind;
  units: number;
  /** Gates per unit: 4 for LSTM, 3 for GRU, 1 otherwise (SimpleRNN included). */
  gates: number;
  /** Name of the consumer layer, or null when nothing with weights follows. */
  consumer: string | null;
  /** Positions per channel on the way to the consumer (H*W through flatten; 1 otherwise). */
  positions: number;
  tensors: GroupTensor[];
}

/** Gates per unit of a layer kind. */
export function gatesOf(kind: LayerKind): number {
  return kind === 'lstm' ? 4 : kind === 'gru' ? 3 : 1;
}

/** True for the RNN kinds (lstm, gru, simplernn). */
export function isRecurrent(kind: LayerKind): boolean {
  return kind === 'lstm' || kind === 'gru' || kind === 'simplernn';
}

/**
 * True for layers with units and weights (conv2d, dense, lstm, gru, simplernn); a batchnorm layer
 * has tensors but no units of its own (units 0), so it is not weighted.
 */
export function isWeighted(layer: LayerSpec): boolean {
  return layer.tensors.length > 0 && layer.units > 0;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * Whether a layer can be removed whole (replaced by identity): it has weights, it is not the
 * output layer, and its input and output shapes match. (removalBlocker says when a neighbour
 * forbids it all the same.)
 */
export function canRemoveLayer(layer: LayerSpec): boolean {
  return isWeighted(layer) && !layer.isOutput && sameShape(layer.inputShape, layer.outputShape);
}

/**
 * Why layer i of a sequential network may not be removed whole although its shapes allow it, or
 * null: a BatchNormalization after it (before the next weighted layer) normalises its output with
 * statistics learnt for that output; with the layer replaced by identity they would normalise its
 * input instead, so the app refuses the removal rather than give a broken network.
 */
export function removalBlocker(layers: readonly LayerSpec[], i: number): string | null {
  for (let j = i + 1; j < layers.length; j++) {
    const l = layers[j];
    if (isWeighted(l)) return null;
    if (l.kind === 'batchnorm')
      return `${l.name} (BatchNormalization) normalises the output of ${layers[i].name} with statistics learnt for it; without the layer they would not fit.`;
  }
  return null;
}

/** Names of the layers that can be removed whole (see canRemoveLayer and removalBlocker). */
export function removableLayers(graph: NetGraph): string[] {
  return graph.layers
    .filter((l, i) => canRemoveLayer(l) && removalBlocker(graph.layers, i) === null)
    .map((l) => l.name);
}

function size(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

function badGraph(message: string): PruningError {
  return new PruningError('bad-graph', message);
}

/** Builds offsets + indices from a per-unit generator. */
function build(
  units: number,
  perUnit: number,
  fill: (j: number, out: Int32Array, at: number) => void,
): [Int32Array, Int32Array] {
  const offsets = new Int32Array(units + 1);
  const indices = new Int32Array(units * perUnit);
  for (let j = 0; j < units; j++) {
    offsets[j] = j * perUnit;
    fill(j, indices, j * perUnit);
  }
  offsets[units] = units * perUnit;
  return [offsets, indices];
}

function ownTensor(layer: LayerSpec, t: LayerSpec['tensors'][number], G: number): GroupTensor {
  const H = layer.units;
  const n = size(t.shape);
  const cols = t.shape[t.shape.length - 1];
  if (cols !== G * H) {
    throw badGraph(
      `Tensor ${t.key} has ${cols} columns in its last axis, but layer ${layer.name} has ${H} units` +
        (G > 1 ? ` × ${G} gates` : '') +
        '. Check the layer description.',
    );
  }
  const rows = n / cols;
  const base = { key: t.key, role: t.role, layer: layer.name, part: 'own' as const };
  if (t.role === 'recurrentKernel') {
    if (rows !== H)
      throw badGraph(`Recurrent kernel ${t.key} must have ${H} rows, it has ${rows}.`);
    // Columns {g*H + j} of every row other than j, plus all of row j.
    const per = (rows - 1) * G + cols;
    const [offsets, indices] = build(H, per, (j, out, at) => {
      let a = at;
      for (let r = 0; r < rows; r++) {
        if (r === j) {
          for (let c = 0; c < cols; c++) out[a++] = r * cols + c;
        } else {
          for (let g = 0; g < G; g++) out[a++] = r * cols + g * H + j;
        }
      }
    });
    return { ...base, offsets, indices };
  }
  const [offsets, indices] = build(H, rows * G, (j, out, at) => {
    let a = at;
    for (let r = 0; r < rows; r++) for (let g = 0; g < G; g++) out[a++] = r * cols + g * H + j;
  });
  return { ...base, offsets, indices };
}

function consumerTensor(
  producer: LayerSpec,
  consumer: LayerSpec,
  positions: number,
  flattened: boolean,
): GroupTensor | null {
  const kernel = consumer.tensors.find((t) => t.role === 'kernel');
  if (!kernel) return null;
  const C = producer.units;
  const shape = kernel.shape;
  const base = {
    key: kernel.key,
    role: kernel.role,
    layer: consumer.name,
    part: 'consumer' as const,
  };
  if (consumer.kind === 'conv2d' && !flattened) {
    if (shape.length !== 4 || shape[2] !== C) {
      throw badGraph(
        `Layer ${consumer.name} reads ${String(shape[2])} input channels but ${producer.name} has ${C} filters.`,
      );
    }
    const taps = shape[0] * shape[1];
    const out = shape[3];
    const [offsets, indices] = build(C, taps * out, (c, arr, at) => {
      let a = at;
      for (let s = 0; s < taps; s++)
        for (let o = 0; o < out; o++) arr[a++] = s * C * out + c * out + o;
    });
    return { ...base, offsets, indices };
  }
  const cols = shape[shape.length - 1];
  const rows = size(shape) / cols;
  if (rows !== positions * C) {
    throw badGraph(
      `Layer ${consumer.name} has ${rows} input rows, but ${producer.name} feeds it ${positions} × ${C} = ${positions * C}.`,
    );
  }
  const [offsets, indices] = build(C, positions * cols, (c, arr, at) => {
    let a = at;
    for (let p = 0; p < positions; p++) {
      const row = p * C + c;
      for (let o = 0; o < cols; o++) arr[a++] = row * cols + o;
    }
  });
  return { ...base, offsets, indices };
}

/** The next layer with weights after layer i, with the positions a channel spreads over. */
export function consumerOf(
  graph: NetGraph,
  i: number,
): { layer: LayerSpec; index: number; positions: number; flattened: boolean } | null {
  let positions = 1;
  let flattened = false;
  const C = graph.layers[i].units;
  for (let j = i + 1; j < graph.layers.length; j++) {
    const l = graph.layers[j];
    if (l.kind === 'flatten' || l.kind === 'reshape') {
      const last = l.inputShape[l.inputShape.length - 1];
      if (last !== C * positions) {
        throw badGraph(
          `${l.name} sees ${last} features, but ${graph.layers[i].name} feeds it ${positions} × ${C}.`,
        );
      }
      const outLast = l.outputShape[l.outputShape.length - 1];
      if (l.kind === 'flatten') positions = size(l.inputShape) / C;
      else if (outLast % C === 0) positions = outLast / C;
      else
        throw badGraph(
          `Reshape ${l.name} to [${l.outputShape.join(', ')}] mixes the ${C} channels of ${graph.layers[i].name}; its last dimension must be a multiple of ${C}.`,
        );
      flattened = true;
      continue;
    }
    if (l.kind === 'maxpool' || !isWeighted(l)) continue;
    return { layer: l, index: j, positions, flattened };
  }
  return null;
}

/** Entry j of every tensor of a BatchNormalization layer, for unit j of its producer. */
function followerTensors(layer: LayerSpec, units: number): GroupTensor[] {
  return layer.tensors.map((t) => {
    if (size(t.shape) !== units) {
      throw badGraph(
        `BatchNormalization ${layer.name} has ${size(t.shape)} entries in ${t.key}, but the layer before it has ${units} units.`,
      );
    }
    const [offsets, indices] = build(units, 1, (j, out, at) => {
      out[at] = j;
    });
    return {
      key: t.key,
      role: t.role,
      layer: layer.name,
      part: 'follower' as const,
      offsets,
      indices,
    };
  });
}

/** BatchNormalization layers after layer i, up to its consumer (or the end). */
function followersOf(graph: NetGraph, i: number, until: number): LayerSpec[] {
  const out: LayerSpec[] = [];
  for (let j = i + 1; j < until; j++) {
    const l = graph.layers[j];
    if (l.kind === 'flatten' || l.kind === 'reshape') break;
    if (l.kind === 'batchnorm') out.push(l);
  }
  return out;
}

function computeGroups(graph: NetGraph): LayerUnits[] {
  const out: LayerUnits[] = [];
  graph.layers.forEach((layer, i) => {
    if (!isWeighted(layer) || layer.isOutput) return;
    const G = gatesOf(layer.kind);
    const tensors = layer.tensors.map((t) => ownTensor(layer, t, G));
    const next = consumerOf(graph, i);
    for (const bn of followersOf(graph, i, next ? next.index : graph.layers.length))
      tensors.push(...followerTensors(bn, layer.units));
    if (next) {
      const ct = consumerTensor(layer, next.layer, next.positions, next.flattened);
      if (ct) tensors.push(ct);
    }
    out.push({
      layer: layer.name,
      index: i,
      kind: layer.kind,
      units: layer.units,
      gates: G,
      consumer: next ? next.layer.name : null,
      positions: next ? next.positions : 1,
      tensors,
    });
  });
  return out;
}

const byObject = new WeakMap<NetGraph, LayerUnits[]>();
const bySignature = new Map<string, LayerUnits[]>();
const SIGNATURE_CACHE = 8;

/**
 * Unit groups of every prunable, non-output layer, in layer order. Index lists are built once per
 * graph and cached (by object, and by content so an equal graph rebuilt elsewhere hits the
 * cache); treat the result as read-only.
 */
export function unitGroups(graph: NetGraph): LayerUnits[] {
  const hit = byObject.get(graph);
  if (hit) return hit;
  const sig = JSON.stringify(graph.layers);
  let groups = bySignature.get(sig);
  if (!groups) {
    groups = computeGroups(graph);
    bySignature.set(sig, groups);
    if (bySignature.size > SIGNATURE_CACHE) {
      const first = bySignature.keys().next().value;
      if (first !== undefined) bySignature.delete(first);
    }
  }
  byObject.set(graph, groups);
  return groups;
}
