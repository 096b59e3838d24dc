import type { MethodId } from '../core/types.ts';

/** What a pruning method is, in words for the method picker and its explanation. */
export interface MethodInfo {
  id: MethodId;
  label: string;
  /** Short family name shown as a tag. */
  family: 'unstructured' | 'structured' | 'semi-structured' | 'gradient' | 'baseline';
  /** One line beside the picker. */
  short: string;
  /** A paragraph for students: what it does, when it works, the caveat. */
  long: string;
  /** True when the slider does not set the amount (N:M keeps a fixed ratio). */
  fixedSparsity?: number;
  /** True when the method needs gradient scores from a batch of data. */
  needsGradients?: boolean;
}

export const METHODS: MethodInfo[] = [
  {
    id: 'magnitude',
    label: 'Magnitude (per layer)',
    family: 'unstructured',
    short: 'Removes the weights with the smallest |w| in each layer, each at its own sparsity.',
    long: 'The classic baseline (Han et al., 2015): small weights contribute little, so each layer drops its smallest |w| until it reaches its slider. It keeps accuracy well to high sparsity, but the zeros are scattered: dense hardware runs no faster unless a sparse kernel is used.',
  },
  {
    id: 'global-magnitude',
    label: 'Magnitude (global)',
    family: 'unstructured',
    short: 'One |w| threshold for the whole network: layers with many small weights lose more.',
    long: 'Ranks every weight of every layer together and removes the smallest until the global sparsity is reached. Large, redundant layers (like a big dense layer) end up far sparser than small, sensitive ones (like the first convolution), which usually beats the same sparsity in every layer.',
  },
  {
    id: 'random',
    label: 'Random',
    family: 'baseline',
    short: 'Removes weights at random: the baseline any real method must beat.',
    long: 'Prunes a seeded random subset of each layer. It is what "pruning without looking" costs; the gap between random and magnitude shows how much the choice of weights matters.',
  },
  {
    id: 'l1-structured',
    label: 'Structured L1 (filters / neurons)',
    family: 'structured',
    short: 'Removes whole filters, neurons or hidden units with the smallest L1 norm.',
    long: 'Removes complete units — a conv filter with its bias and the next layer’s input channel, a dense neuron with its row downstream, an LSTM/GRU unit with all its gate columns. The model really becomes smaller and faster once compacted, but accuracy falls sooner than with unstructured pruning at the same sparsity.',
  },
  {
    id: 'l2-structured',
    label: 'Structured L2 (filters / neurons)',
    family: 'structured',
    short: 'Like structured L1, ranking units by the L2 norm of their weights.',
    long: 'The same unit removal as structured L1, but a unit with one large weight counts for more. The two usually agree on most units; compare their masks to see where they differ.',
  },
  {
    id: 'nm-2-4',
    label: 'N:M 2:4 (semi-structured)',
    family: 'semi-structured',
    short: 'In every group of 4 consecutive input weights, keeps the 2 largest: exactly 50%.',
    long: 'The pattern sparse tensor cores accelerate: a fixed 50% sparsity with a regular structure, so the hardware knows where the zeros are. The slider does not apply; each layer is either 2:4 or dense.',
    fixedSparsity: 0.5,
  },
  {
    id: 'block',
    label: 'Block sparsity (1x4)',
    family: 'semi-structured',
    short: 'Removes 1x4 blocks of weights with the smallest average |w|.',
    long: 'As TF Model Optimization’s block sparsity: weights are pooled in small blocks and whole blocks are removed, a middle ground between single weights and whole units that suits block-sparse kernels.',
  },
  {
    id: 'snip',
    label: 'SNIP |g·w|',
    family: 'gradient',
    short:
      'Scores each weight by |gradient × weight| on one batch: how much the loss depends on it.',
    long: 'Connection sensitivity (Lee et al., 2019) estimates the change in loss if a weight were removed, from one batch of gradients. It can prune before training; on a trained model it is close to magnitude but favours weights the loss is sensitive to.',
    needsGradients: true,
  },
  {
    id: 'taylor',
    label: 'Taylor (first order, units)',
    family: 'gradient',
    short:
      'Removes whole units whose summed |g·w| is smallest: a first-order estimate of the loss change.',
    long: 'First-order Taylor pruning (Molchanov et al., 2019) sums |gradient × weight| over each filter, neuron or hidden unit and removes the units whose removal should change the loss least. Structured, like L1/L2, but data-aware.',
    needsGradients: true,
  },
];

/** Looks up a method's description. */
export function methodInfo(id: MethodId): MethodInfo {
  const m = METHODS.find((x) => x.id === id);
  if (!m) throw new Error(`Unknown method ${id}`);
  return m;
}
