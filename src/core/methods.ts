/**
 * The one list of pruning methods: id, words for the picker and the lessons, and what each needs
 * (gradient scores, a fixed sparsity) and does (whole units or single weights, which layer kinds).
 * `MethodId` is derived from it, so a method added here must be handled wherever methods are
 * switched on, or the compiler complains.
 */
import type { LayerKind } from './types.ts';

/** Weighted layer kinds (every method prunes all of them). */
const WEIGHTED: readonly LayerKind[] = ['conv2d', 'dense', 'lstm', 'gru'];

/** What a pruning method is and needs. */
export interface MethodSpec<Id extends string = string> {
  id: Id;
  label: string;
  /** Short family name shown as a tag. */
  family: 'unstructured' | 'structured' | 'semi-structured' | 'gradient' | 'baseline';
  /** One line beside the picker. */
  short: string;
  /** A paragraph for students: what it does, when it works, the caveat. */
  long: string;
  /**
   * Scores the method ranks by: none (weights alone), 'gradient' (one batch of gradients, fetched
   * from the engine) or 'movement' (accumulated during a fine-tuning run).
   */
  scores: 'none' | 'gradient' | 'movement';
  /** True when whole units (filters, neurons, hidden units) are removed. */
  structured: boolean;
  /** True when the engine can recompute its masks during gradual pruning (no scores needed). */
  gradual: boolean;
  /** True when the workbench, the URL and the experiments offer it. */
  offered: boolean;
  /** Layer kinds it prunes. */
  layerKinds: readonly LayerKind[];
  /** Set when the slider does not set the amount (N:M keeps a fixed ratio), fraction. */
  fixedSparsity?: number;
}

const METHOD_TABLE = [
  {
    id: 'magnitude',
    scores: 'none',
    structured: false,
    gradual: true,
    offered: true,
    layerKinds: WEIGHTED,
    label: 'Magnitude (per layer)',
    family: 'unstructured',
    short: 'Removes the weights with the smallest |w| in each layer, each at its own sparsity.',
    long: 'The classic baseline (Han et al., 2015): small weights contribute little, so each layer drops its smallest |w| until it reaches its slider. It keeps accuracy well to high sparsity, but the zeros are scattered: dense hardware runs no faster unless a sparse kernel is used.',
  },
  {
    id: 'global-magnitude',
    scores: 'none',
    structured: false,
    gradual: true,
    offered: true,
    layerKinds: WEIGHTED,
    label: 'Magnitude (global)',
    family: 'unstructured',
    short: 'One |w| threshold for the whole network: layers with many small weights lose more.',
    long: 'Ranks every weight of every layer together and removes the smallest until the global sparsity is reached. Large, redundant layers (like a big dense layer) end up far sparser than small, sensitive ones (like the first convolution), which usually beats the same sparsity in every layer.',
  },
  {
    id: 'random',
    scores: 'none',
    structured: false,
    gradual: true,
    offered: true,
    layerKinds: WEIGHTED,
    label: 'Random',
    family: 'baseline',
    short: 'Removes weights at random: the baseline any real method must beat.',
    long: 'Prunes a seeded random subset of each layer. It is what "pruning without looking" costs; the gap between random and magnitude shows how much the choice of weights matters.',
  },
  {
    id: 'l1-structured',
    scores: 'none',
    structured: true,
    gradual: true,
    offered: true,
    layerKinds: WEIGHTED,
    label: 'Structured L1 (filters / neurons)',
    family: 'structured',
    short: 'Removes whole filters, neurons or hidden units with the smallest L1 norm.',
    long: 'Removes complete units — a conv filter with its bias and the next layer’s input channel, a dense neuron with its row downstream, an LSTM/GRU unit with all its gate columns. The model really becomes smaller and faster once compacted, but accuracy falls sooner than with unstructured pruning at the same sparsity.',
  },
  {
    id: 'l2-structured',
    scores: 'none',
    structured: true,
    gradual: true,
    offered: true,
    layerKinds: WEIGHTED,
    label: 'Structured L2 (filters / neurons)',
    family: 'structured',
    short: 'Like structured L1, ranking units by the L2 norm of their weights.',
    long: 'The same unit removal as structured L1, but a unit with one large weight counts for more. The two usually agree on most units; compare their masks to see where they differ.',
  },
  {
    id: 'nm-2-4',
    scores: 'none',
    structured: false,
    gradual: false,
    offered: true,
    layerKinds: WEIGHTED,
    label: 'N:M 2:4 (semi-structured)',
    family: 'semi-structured',
    short: 'In every group of 4 consecutive input weights, keeps the 2 largest: exactly 50%.',
    long: 'The pattern sparse tensor cores accelerate: a fixed 50% sparsity with a regular structure, so the hardware knows where the zeros are. The slider does not apply; each layer is either 2:4 or dense.',
    fixedSparsity: 0.5,
  },
  {
    id: 'block',
    scores: 'none',
    structured: false,
    gradual: true,
    offered: true,
    layerKinds: WEIGHTED,
    label: 'Block sparsity (1x4)',
    family: 'semi-structured',
    short: 'Removes 1x4 blocks of weights with the smallest average |w|.',
    long: 'As TF Model Optimization’s block sparsity: weights are pooled in small blocks and whole blocks are removed, a middle ground between single weights and whole units that suits block-sparse kernels.',
  },
  {
    id: 'snip',
    scores: 'gradient',
    structured: false,
    gradual: false,
    offered: true,
    layerKinds: WEIGHTED,
    label: 'SNIP |g·w|',
    family: 'gradient',
    short:
      'Scores each weight by |gradient × weight| on one batch: how much the loss depends on it.',
    long: 'Connection sensitivity (Lee et al., 2019) estimates the change in loss if a weight were removed, from one batch of gradients. It can prune before training; on a trained model it is close to magnitude but favours weights the loss is sensitive to.',
  },
  {
    id: 'taylor',
    scores: 'gradient',
    structured: true,
    gradual: false,
    offered: true,
    layerKinds: WEIGHTED,
    label: 'Taylor (first order, units)',
    family: 'gradient',
    short:
      'Removes whole units whose summed |g·w| is smallest: a first-order estimate of the loss change.',
    long: 'First-order Taylor pruning (Molchanov et al., 2019) sums |gradient × weight| over each filter, neuron or hidden unit and removes the units whose removal should change the loss least. Structured, like L1/L2, but data-aware.',
  },
  {
    id: 'movement',
    scores: 'movement',
    structured: false,
    gradual: false,
    offered: false,
    layerKinds: WEIGHTED,
    label: 'Movement',
    family: 'gradient',
    short: 'Keeps the weights that moved away from zero during fine-tuning (-Σ g·w).',
    long: 'Movement pruning (Sanh et al., 2020) scores each weight by how far fine-tuning pushed it away from zero. Its scores only exist after a fine-tuning run that accumulates them, so the workbench does not offer it.',
  },
] as const satisfies readonly MethodSpec[];

/** Every pruning method id. */
export type MethodId = (typeof METHOD_TABLE)[number]['id'];

/** A method's description. */
export type MethodInfo = MethodSpec<MethodId>;

/** Every method, in picker order (read this, not the table). */
export const METHODS: readonly MethodInfo[] = METHOD_TABLE;

/** The methods the app offers (the picker, the URL, the experiments), in picker order. */
export const OFFERED_METHODS: readonly MethodInfo[] = METHODS.filter((m) => m.offered);

/** Every method id, in registry order. */
export const METHOD_IDS: readonly MethodId[] = METHODS.map((m) => m.id);

/** Looks up a method's description (total over MethodId). */
export function methodInfo(id: MethodId): MethodInfo {
  const m = METHODS.find((x) => x.id === id);
  if (!m) throw new Error(`Unknown method ${id}`);
  return m;
}

/** The offered method with this id, or null (for untrusted input such as a link). */
export function offeredMethod(id: string): MethodId | null {
  return OFFERED_METHODS.find((m) => m.id === id)?.id ?? null;
}

/** True when the method ranks by one batch of gradient scores (SNIP, Taylor). */
export function needsGradients(id: MethodId): id is 'snip' | 'taylor' {
  return methodInfo(id).scores === 'gradient';
}

/** Label of a method for legends. */
export function methodLabel(id: MethodId): string {
  return methodInfo(id).label;
}
