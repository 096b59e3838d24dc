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
import * as tf from '@tensorflow/tfjs';
import { keptUnits, removedLayers } from '../core/metrics.ts';
import { gatesOf, isWeighted } from '../core/graph.ts';
import type { LayerSpec, MaskSet, NetGraph, TensorSpec, WeightSet } from '../core/types.ts';
import type { ModelId } from '../data/models.ts';
import { maskTemporarily } from './masking.ts';
import { getWeights, graphOfModel, weightVariables, ZOO } from './zoo.ts';

/** A network as plain data: its description and its weights by tensor key. */
export interface GraphWeights {
  graph: NetGraph;
  weights: WeightSet;
}

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

type Activation = NonNullable<Parameters<typeof tf.layers.dense>[0]['activation']>;

const ACTIVATIONS: readonly Activation[] = [
  'elu',
  'hardSigmoid',
  'linear',
  'relu',
  'relu6',
  'selu',
  'sigmoid',
  'softmax',
  'softplus',
  'softsign',
  'tanh',
  'swish',
  'mish',
  'gelu',
  'gelu_new',
];

function activationOf(layer: LayerSpec): Activation | undefined {
  const a = layer.activation;
  if (a === undefined) return undefined;
  const found = ACTIVATIONS.find((x) => x === a);
  if (!found)
    throw new Error(
      `Layer ${layer.name} has activation '${a}', which TensorFlow.js does not know.`,
    );
  return found;
}

function prod(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function isModel(x: tf.LayersModel | GraphWeights): x is tf.LayersModel {
  return x instanceof tf.LayersModel;
}

/** Pool size of a max-pooling layer: the zoo's when the graph is a zoo model, else from the shapes. */
function poolSizeOf(graph: NetGraph, layer: LayerSpec): number {
  const entry = (ZOO as Partial<Record<string, (typeof ZOO)[ModelId]>>)[graph.id];
  const zl = entry?.layers.find((l) => l.name === layer.name && l.kind === 'maxpool');
  if (zl?.poolSize) return zl.poolSize;
  return Math.max(1, Math.floor(layer.inputShape[0] / layer.outputShape[0]));
}

/** Weights times masks (a tensor without a mask is kept whole). */
function maskedWeights(graph: NetGraph, weights: WeightSet, masks: MaskSet): WeightSet {
  const out: WeightSet = {};
  for (const layer of graph.layers) {
    for (const t of layer.tensors) {
      const w = weights[t.key];
      if (!w) throw new Error(`No weights for tensor ${t.key}.`);
      if (w.length !== prod(t.shape)) {
        throw new Error(
          `Tensor ${t.key} has ${w.length} weights, its shape [${t.shape.join(', ')}] holds ${prod(t.shape)}.`,
        );
      }
      const m = masks[t.key];
      if (m && m.length !== w.length) {
        throw new Error(`The mask of ${t.key} has ${m.length} entries, the tensor ${w.length}.`);
      }
      const o = new Float32Array(w.length);
      for (let i = 0; i < w.length; i++) o[i] = m && m[i] === 0 ? 0 : w[i];
      out[t.key] = o;
    }
  }
  return out;
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

/**
 * Builds a tf.Sequential from a graph and loads its weights. Layer options mirror the zoo: TF.js
 * defaults (LSTM/GRU: tanh, hard-sigmoid recurrent activation, resetAfter false), max-pooling with
 * stride = pool size and valid padding. Initializers are zeros (the weights are overwritten).
 * @param graph layers in order; its first layer takes `graph.inputShape`
 * @param weights one Float32Array per tensor key, TF.js layouts
 * @param name model name
 */
export function sequentialFromGraph(
  graph: NetGraph,
  weights: WeightSet,
  name = `${graph.id}-built`,
): tf.Sequential {
  const model = tf.sequential({ name });
  const zeros = { kernelInitializer: 'zeros', biasInitializer: 'zeros' } as const;
  graph.layers.forEach((l, i) => {
    const first = i === 0 ? { inputShape: graph.inputShape } : {};
    const activation = activationOf(l);
    switch (l.kind) {
      case 'conv2d':
        model.add(
          tf.layers.conv2d({
            ...first,
            ...zeros,
            name: l.name,
            filters: l.units,
            kernelSize: l.kernelSize ?? [3, 3],
            padding: l.padding ?? 'same',
            activation,
          }),
        );
        break;
      case 'maxpool':
        model.add(
          tf.layers.maxPooling2d({ ...first, name: l.name, poolSize: poolSizeOf(graph, l) }),
        );
        break;
      case 'flatten':
        model.add(tf.layers.flatten({ ...first, name: l.name }));
        break;
      case 'dense':
        model.add(
          tf.layers.dense({ ...first, ...zeros, name: l.name, units: l.units, activation }),
        );
        break;
      case 'lstm':
      case 'gru': {
        const args = {
          ...first,
          ...zeros,
          recurrentInitializer: 'zeros' as const,
          name: l.name,
          units: l.units,
        };
        const withAct = activation ? { ...args, activation } : args;
        model.add(l.kind === 'lstm' ? tf.layers.lstm(withAct) : tf.layers.gru(withAct));
        break;
      }
    }
  });
  const vars = weightVariables(model);
  for (const layer of graph.layers) {
    for (const t of layer.tensors) {
      const v = vars.get(t.key);
      const w = weights[t.key];
      if (!v || !w) throw new Error(`Cannot load tensor ${t.key} into the built model.`);
      const tensor = tf.tensor(w, t.shape, 'float32');
      v.write(tensor);
      tensor.dispose();
    }
  }
  return model;
}

/** Parameter count of a graph (every tensor element). */
export function graphParams(graph: NetGraph): number {
  let n = 0;
  for (const l of graph.layers) for (const t of l.tensors) n += prod(t.shape);
  return n;
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
  const { graph, weights } = isModel(source)
    ? { graph: graphOfModel(source), weights: getWeights(source) }
    : source;
  const masked = maskedWeights(graph, weights, masks);
  const keptByLayer = keptUnits(graph, masks);
  const removed = new Set(removedLayers(graph, masks));

  const layers: LayerSpec[] = [];
  const outWeights: WeightSet = {};
  const kept: Record<string, number[]> = {};
  const placeholders: string[] = [];
  // Original indices of the last-axis features flowing into the current layer.
  let feat = range(graph.inputShape[graph.inputShape.length - 1]);
  // Features that carry real data (0 after a placeholder layer) and their spatial shape.
  let realFeat = feat.length;
  let fromPlaceholder = false;
  let shape = graph.inputShape.slice();
  let params = 0;

  for (const layer of graph.layers) {
    if (removed.has(layer.name)) continue;
    const inShape = shape.slice();
    const setLast = (s: readonly number[], n: number): number[] => [...s.slice(0, -1), n];

    if (layer.kind === 'maxpool') {
      shape = setLast(layer.outputShape, feat.length);
      layers.push({ ...layer, inputShape: inShape, outputShape: shape.slice(), tensors: [] });
      continue;
    }
    if (layer.kind === 'flatten') {
      const C = layer.inputShape[layer.inputShape.length - 1];
      const P = prod(layer.inputShape) / C;
      const next: number[] = [];
      for (let p = 0; p < P; p++) for (const c of feat) next.push(p * C + c);
      feat = next;
      realFeat *= P;
      shape = [feat.length];
      layers.push({ ...layer, inputShape: inShape, outputShape: shape.slice(), tensors: [] });
      continue;
    }
    if (!isWeighted(layer)) {
      throw new Error(
        `Layer ${layer.name} (${layer.kind}) has no weights and is not a pooling or flatten layer.`,
      );
    }

    const H = layer.units;
    let keep = layer.isOutput ? range(H) : (keptByLayer[layer.name] ?? range(H));
    const placeholder = keep.length === 0;
    if (placeholder) {
      keep = [0];
      placeholders.push(layer.name);
    }
    if (!layer.isOutput) kept[layer.name] = placeholder ? [] : keep.slice();
    const realOut = placeholder ? 0 : keep.length;
    const Hk = keep.length;
    const G = gatesOf(layer.kind);
    const tensors: TensorSpec[] = [];

    for (const t of layer.tensors) {
      const src = masked[t.key];
      let data: Float32Array;
      let newShape: number[];
      if (layer.kind === 'conv2d' && t.role === 'kernel') {
        const [kh, kw, cin, cout] = t.shape;
        data = gather3(src, kh * kw, cin, cout, feat, keep);
        newShape = [kh, kw, feat.length, Hk];
        params += kh * kw * realFeat * realOut;
      } else if (t.role === 'bias') {
        const cols = G > 1 ? gateColumns(H, G, keep) : keep;
        const rows = src.length / (G * H);
        data = gather3(src, 1, rows, G * H, range(rows), cols);
        newShape = rows === 1 && t.shape.length === 1 ? [cols.length] : [rows, cols.length];
        params += rows * G * realOut;
      } else if (t.role === 'recurrentKernel') {
        const cols = gateColumns(H, G, keep);
        data = gather3(src, 1, H, G * H, keep, cols);
        newShape = [Hk, cols.length];
        params += realOut * G * realOut;
      } else {
        // Dense or RNN kernel [in, G*H].
        const cols = G > 1 ? gateColumns(H, G, keep) : keep;
        const rows = t.shape[0];
        if (rows !== prod(t.shape) / (G * H))
          throw new Error(`Unexpected kernel shape for ${t.key}.`);
        data = gather3(src, 1, rows, G * H, feat, cols);
        newShape = [feat.length, cols.length];
        params += realFeat * G * realOut;
      }
      // A placeholder unit holds nothing; a layer reading only placeholder features reads zeros.
      if (placeholder || (fromPlaceholder && t.role === 'kernel')) data.fill(0);
      outWeights[t.key] = data;
      tensors.push(tensorSpec(layer.name, t.role, newShape));
    }

    shape = setLast(layer.outputShape, Hk);
    const spec: LayerSpec = {
      ...layer,
      inputShape: inShape,
      outputShape: shape.slice(),
      units: Hk,
      tensors,
    };
    spec.removable =
      !layer.isOutput && inShape.length === shape.length && inShape.every((d, i) => d === shape[i]);
    layers.push(spec);
    feat = keep;
    realFeat = realOut;
    fromPlaceholder = placeholder;
  }

  const compactGraph: NetGraph = { ...graph, layers };
  const model = sequentialFromGraph(compactGraph, outWeights, `${graph.id}-compact`);
  return {
    model,
    graph: compactGraph,
    weights: outWeights,
    params,
    modelParams: graphParams(compactGraph),
    denseParams: graphParams(graph),
    kept,
    removed: [...removed],
    placeholders,
  };
}

/**
 * The masked network's forward pass as the app evaluates it: weights multiplied by their masks, and
 * every layer src/core `removedLayers` lists skipped (identity). Synchronous: the masks are written
 * into the model's variables for the span of the call and the exact originals restored after.
 * The evaluator must apply the same rule (skip removed layers), or it will disagree with compaction
 * and metrics: an all-zero conv with relu outputs relu(0) = 0, not its input.
 * @param model a zoo model (or any Sequential whose layer names match `graph`)
 * @param masks 1 = kept, by tensor key
 * @param x input [batch, ...graph.inputShape]
 * @param graph the model's graph (default: graphOfModel(model))
 * @returns output [batch, classes]; the caller disposes it
 */
export function maskedForward(
  model: tf.LayersModel,
  masks: MaskSet,
  x: tf.Tensor,
  graph: NetGraph = graphOfModel(model),
): tf.Tensor {
  const skip = new Set(removedLayers(graph, masks));
  const restore = maskTemporarily(weightVariables(model), masks);
  try {
    return tf.tidy(() => {
      let y = x;
      for (const layer of model.layers) {
        if (skip.has(layer.name)) continue;
        const out = layer.apply(y);
        if (Array.isArray(out) || !(out instanceof tf.Tensor)) {
          throw new Error(`Layer ${layer.name} did not return a single tensor.`);
        }
        y = out;
      }
      return y;
    });
  } finally {
    restore();
  }
}

/**
 * The masked network as its own tf.Sequential (dense shapes, pruned weights exactly zero, removed
 * layers dropped as identity): what maskedForward computes, without rewriting the original's
 * weights on each call. The caller disposes it.
 */
export function maskedModel(source: tf.LayersModel | GraphWeights, masks: MaskSet): tf.Sequential {
  const { graph, weights } = isModel(source)
    ? { graph: graphOfModel(source), weights: getWeights(source) }
    : source;
  const skip = new Set(removedLayers(graph, masks));
  const g: NetGraph = { ...graph, layers: graph.layers.filter((l) => !skip.has(l.name)) };
  return sequentialFromGraph(g, maskedWeights(graph, weights, masks), `${graph.id}-masked`);
}
