/**
 * computeMasks: the pruning setup (PruningConfig) turned into a mask for every tensor of a graph.
 *
 * Per layer the method is `config.layers[name].method ?? config.method` and the sparsity
 * `config.layers[name].sparsity` (`config.globalSparsity` for a layer missing from the config).
 * - 'magnitude', 'random', 'snip', 'movement' are unstructured: the kernel and the recurrent
 *   kernel are each pruned at the layer's sparsity; biases never. 'random' seeds every tensor with
 *   deriveSeed(config.seed, `random-mask/${key}`) (a stream of its own, apart from initialisation); 'snip' and 'movement' rank `scores[key]` (higher = kept).
 * - 'global-magnitude' ranks the kernels and recurrent kernels of every layer using it together at
 *   `config.globalSparsity` (torch's global_unstructured).
 * - 'l1-structured', 'l2-structured' and 'taylor' are structured: whole units are pruned with their
 *   dependants (see graph.ts); a unit's score is the L1 norm, the L2 norm, or the sum of |score|
 *   (first-order Taylor |g·w|) over every element of its group, own tensors and consumer rows
 *   (BatchNormalization entries are pruned with their unit but do not score it). On
 *   the output layer, whose units are classes, they fall back to unstructured pruning of the
 *   kernel: magnitude for l1/l2, |taylor score| for 'taylor'.
 * - 'nm-2-4' keeps 2 of every 4 consecutive weights along the input (reduction) axis of the 2-D
 *   view [prod(all but last), last]: rows of a dense [in, out]; for a conv kernel the flattened
 *   kh*kw*in axis (im2col order, input channel fastest); rows of RNN kernels. A last group shorter
 *   than 4 counts as zero-padded (keeps min(2, length)). Its sparsity is fixed at 50% whatever the
 *   slider says.
 * - 'block' prunes 1×4 blocks (4 consecutive output columns of one input row) of the same 2-D view
 *   with average |w| pooling, TF-MOT's block semantics (see blockMask).
 * - A layer with `removed: true` (only where LayerSpec.removable) gets all-zero masks for its own
 *   tensors and nothing else: the layer is meant as replaced by identity, and compaction drops it.
 * Masks from several sources (a layer's own, its producer's structured dependants) combine by AND,
 * so a consumer's sparsity can exceed its own slider.
 */
import { PruningError, checkSparsity } from './errors.ts';
import { unitGroups, isWeighted, removalBlocker, type LayerUnits } from './graph.ts';
import {
  andInto,
  countToPrune,
  globalMagnitudeMasks,
  magnitudeMask,
  maskFromScores,
  randomMask,
} from './masks.ts';
import { METHODS } from './methods.ts';
import { blockMask, nmMask } from './structured.ts';
import { NO_MEMO, type MaskPart, type MemoLike } from './maskMemo.ts';
import { deriveSeed } from './random.ts';
import { bitsOf, checkBitsNoNaN, lowestIndices } from './select.ts';
import type {
  LayerSpec,
  MaskSet,
  MethodId,
  NetGraph,
  PruningConfig,
  ScoreSet,
  TensorSpec,
  WeightSet,
} from './types.ts';

/** Methods that prune whole units. */
export const STRUCTURED_METHODS: readonly MethodId[] = METHODS.filter((m) => m.structured).map(
  (m) => m.id,
);
/** Methods that need a ScoreSet. */
export const SCORE_METHODS: readonly MethodId[] = METHODS.filter((m) => m.scores !== 'none').map(
  (m) => m.id,
);
/** Block shape used by the 'block' method: [rows, cols] of the 2-D kernel view. */
export const BLOCK_SHAPE: readonly [number, number] = [1, 4];

/** The effective method of a layer. */
export function methodOf(config: PruningConfig, layer: string): MethodId {
  return config.layers[layer]?.method ?? config.method;
}

/** The effective sparsity of a layer. */
export function sparsityOfLayer(config: PruningConfig, layer: string): number {
  return config.layers[layer]?.sparsity ?? config.globalSparsity;
}

/** True when the tensor is pruned by unstructured methods (kernels, never biases). */
function prunable(t: TensorSpec): boolean {
  return t.role === 'kernel' || t.role === 'recurrentKernel';
}

/** The 2-D view [prod(all but last), last] of a shape. */
export function view2d(shape: readonly number[]): [number, number] {
  const cols = shape.length > 0 ? shape[shape.length - 1] : 1;
  let n = 1;
  for (const d of shape) n *= d;
  return [cols === 0 ? 0 : n / cols, cols];
}

function weightsOf(weights: WeightSet, t: TensorSpec): Float32Array {
  const w = weights[t.key];
  if (!w) {
    throw new PruningError(
      'missing-weights',
      `No weights for tensor ${t.key}; load or train the model before pruning.`,
    );
  }
  let n = 1;
  for (const d of t.shape) n *= d;
  if (w.length !== n) {
    throw new PruningError(
      'shape-mismatch',
      `Tensor ${t.key} has ${w.length} weights but its shape [${t.shape.join(', ')}] holds ${n}; the weights do not belong to this model.`,
    );
  }
  return w;
}

const METHOD_NAMES: Partial<Record<MethodId, string>> = {
  snip: 'SNIP',
  taylor: 'Taylor',
  movement: 'Movement',
};

function scoresOf(
  scores: ScoreSet | undefined,
  t: TensorSpec,
  method: MethodId,
  w: Float32Array,
): Float32Array {
  const s = scores?.[t.key];
  if (!s) {
    const what =
      method === 'movement'
        ? 'movement scores accumulated during fine-tuning'
        : 'gradient scores from one batch';
    throw new PruningError(
      'missing-scores',
      `${METHOD_NAMES[method] ?? method} pruning needs ${what} for ${t.key}; compute them first, or pick a magnitude method.`,
    );
  }
  if (s.length !== w.length) {
    throw new PruningError(
      'shape-mismatch',
      `The scores for ${t.key} have ${s.length} entries but the tensor has ${w.length}; recompute them for this model.`,
    );
  }
  return s;
}

function absScores(s: Float32Array): Float32Array {
  const out = new Float32Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = Math.abs(s[i]);
  return out;
}

/** Per-unit scores of a structured method over every tensor of the group. */
function groupScores(
  g: LayerUnits,
  weights: WeightSet,
  method: MethodId,
  scores: ScoreSet | undefined,
  specs: Map<string, TensorSpec>,
): Float64Array {
  const acc = new Float64Array(g.units);
  for (const gt of g.tensors) {
    // BatchNormalization entries follow their unit but do not score it (graph.ts).
    if (gt.part === 'follower') continue;
    const spec = specs.get(gt.key);
    if (!spec) continue;
    const w = weightsOf(weights, spec);
    let src: Float32Array = w;
    if (method === 'taylor') {
      // Kernels must have scores; a bias without scores adds nothing.
      if (!prunable(spec) && !scores?.[gt.key]) continue;
      src = scoresOf(scores, spec, method, w);
      checkBitsNoNaN(bitsOf(src), `Taylor scores of ${gt.key}`);
    }
    const { offsets, indices } = gt;
    const square = method === 'l2-structured';
    for (let j = 0; j < g.units; j++) {
      let sum = 0;
      const end = offsets[j + 1];
      if (square) {
        for (let a = offsets[j]; a < end; a++) {
          const v = src[indices[a]];
          sum += v * v;
        }
      } else {
        for (let a = offsets[j]; a < end; a++) sum += Math.abs(src[indices[a]]);
      }
      acc[j] += sum;
    }
  }
  if (method === 'l2-structured') for (let j = 0; j < acc.length; j++) acc[j] = Math.sqrt(acc[j]);
  return acc;
}

/**
 * Masks for every tensor of the graph from the pruning setup (semantics in the module comment).
 * @param graph the network (TF.js layouts)
 * @param weights current weights by tensor key
 * @param config methods and sparsities per layer
 * @param scores per-element scores for 'snip', 'taylor' and 'movement' (higher = more important)
 * @param memo parts of the previous call to reuse where their inputs are unchanged (maskMemo.ts);
 *   the result is the same with or without one
 * @returns a mask (1 = kept) for every tensor key of the graph, same length as its weights
 * @throws PruningError 'missing-scores', 'missing-weights', 'shape-mismatch', 'nan-weights',
 *   'bad-sparsity', 'not-removable', 'bad-graph'
 */
export function computeMasks(
  graph: NetGraph,
  weights: WeightSet,
  config: PruningConfig,
  scores?: ScoreSet,
  memo: MemoLike = NO_MEMO,
): MaskSet {
  memo.begin(graph, weights, scores);
  const specs = new Map<string, TensorSpec>();
  for (const layer of graph.layers) for (const t of layer.tensors) specs.set(t.key, t);
  memo.check(() => {
    for (const t of specs.values())
      checkBitsNoNaN(bitsOf(weightsOf(weights, t)), `weights of ${t.key}`);
  });
  const masks: MaskSet = {};
  for (const t of specs.values()) masks[t.key] = new Uint8Array(weights[t.key].length).fill(1);
  const removed = checkedRemovals(graph, config);

  // Global magnitude: one ranking over every layer that uses it.
  const globalLayers = graph.layers.filter(
    (l) => !removed.has(l.name) && isWeighted(l) && methodOf(config, l.name) === 'global-magnitude',
  );
  const globalTensors = globalLayers.flatMap((l) => l.tensors.filter(prunable));
  if (globalTensors.length > 0) {
    checkSparsity(config.globalSparsity, 'global sparsity');
    const key = `${config.globalSparsity}|${globalLayers.map((l) => l.name).join(',')}`;
    const part = memo.part('global', key, () => {
      const gm = globalMagnitudeMasks(
        globalTensors.map((t) => weightsOf(weights, t)),
        config.globalSparsity,
      );
      return new Map(globalTensors.map((t, i) => [t.key, gm[i]]));
    });
    andPart(masks, part);
  }

  let groups: Map<string, LayerUnits> | null = null;
  const groupOf = (layer: string): LayerUnits | undefined =>
    (groups ??= new Map(unitGroups(graph).map((g) => [g.layer, g]))).get(layer);
  for (const layer of graph.layers) {
    if (!isWeighted(layer)) continue;
    if (removed.has(layer.name)) {
      for (const t of layer.tensors) masks[t.key].fill(0);
      continue;
    }
    const method = methodOf(config, layer.name);
    if (method === 'global-magnitude') continue;
    const sparsity = sparsityOfLayer(config, layer.name);
    checkSparsity(sparsity, `sparsity of ${layer.name}`);
    const key = `${method}|${sparsity}|${method === 'random' ? config.seed : ''}`;
    const part = memo.part(`layer/${layer.name}`, key, () => {
      const g = STRUCTURED_METHODS.includes(method) ? groupOf(layer.name) : undefined;
      if (g) return pruneUnits(g, weights, method, scores, specs, sparsity);
      const own = new Map<string, Uint8Array>();
      for (const t of layer.tensors) {
        if (!prunable(t)) continue;
        own.set(t.key, unstructuredMask(layer, t, weights, method, sparsity, config.seed, scores));
      }
      return own;
    });
    andPart(masks, part);
  }
  return masks;
}

function andPart(masks: MaskSet, part: MaskPart): void {
  for (const [key, m] of part) andInto(masks[key], m);
}

/** The layers the config removes; throws 'not-removable' for one that cannot be. */
function checkedRemovals(graph: NetGraph, config: PruningConfig): Set<string> {
  const removed = new Set<string>();
  graph.layers.forEach((layer, i) => {
    if (!config.layers[layer.name]?.removed) return;
    const blocker = removalBlocker(graph.layers, i);
    if (!layer.removable || !isWeighted(layer) || blocker) {
      throw new PruningError(
        'not-removable',
        `Layer ${layer.name} cannot be removed: ${blocker ?? 'only a layer whose input and output shapes match can be replaced by identity.'}`,
      );
    }
    removed.add(layer.name);
  });
  return removed;
}

/** The masks of a structured layer's lowest-scoring units, with their dependants (a MaskPart). */
function pruneUnits(
  g: LayerUnits,
  weights: WeightSet,
  method: MethodId,
  scores: ScoreSet | undefined,
  specs: Map<string, TensorSpec>,
  sparsity: number,
): MaskPart {
  const part = new Map<string, Uint8Array>();
  const s = groupScores(g, weights, method, scores, specs);
  const k = countToPrune(g.units, sparsity);
  if (k === 0) return part;
  for (const j of lowestIndices(s, k)) {
    for (const gt of g.tensors) {
      if (!specs.has(gt.key)) continue;
      let m = part.get(gt.key);
      if (!m) {
        m = new Uint8Array(weights[gt.key].length).fill(1);
        part.set(gt.key, m);
      }
      const end = gt.offsets[j + 1];
      for (let a = gt.offsets[j]; a < end; a++) m[gt.indices[a]] = 0;
    }
  }
  return part;
}

function unstructuredMask(
  layer: LayerSpec,
  t: TensorSpec,
  weights: WeightSet,
  method: MethodId,
  sparsity: number,
  seed: number,
  scores: ScoreSet | undefined,
): Uint8Array {
  const w = weightsOf(weights, t);
  switch (method) {
    case 'magnitude':
    case 'global-magnitude':
    case 'l1-structured':
    case 'l2-structured':
      return magnitudeMask(w, sparsity);
    case 'random':
      return randomMask(w.length, sparsity, deriveSeed(seed, `random-mask/${t.key}`));
    case 'snip':
    case 'movement':
      return maskFromScores(scoresOf(scores, t, method, w), sparsity);
    case 'taylor':
      return maskFromScores(absScores(scoresOf(scores, t, method, w)), sparsity);
    case 'nm-2-4':
      return nmMask(w, view2d(t.shape), 0, 2, 4, 'pad');
    case 'block':
      return blockMask(w, view2d(t.shape), BLOCK_SHAPE, sparsity, 'avg');
    default: {
      const never: never = method;
      throw new PruningError(
        'bad-graph',
        `Unknown pruning method ${String(never)} on layer ${layer.name}.`,
      );
    }
  }
}
