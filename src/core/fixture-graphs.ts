/**
 * Small NetGraph builders for tests and benchmarks of the core (TF.js layouts).
 */
import type {
  LayerPruning,
  LayerSpec,
  MethodId,
  NetGraph,
  PruningConfig,
  WeightSet,
} from './types.ts';

/** Conv2D layer, stride 1, on an NHWC input [h, w, c]. */
export function conv(
  name: string,
  input: [number, number, number],
  filters: number,
  k: number,
  padding: 'same' | 'valid' = 'same',
): LayerSpec {
  const [h, w, c] = input;
  const ho = padding === 'same' ? h : h - k + 1;
  const wo = padding === 'same' ? w : w - k + 1;
  return {
    name,
    kind: 'conv2d',
    inputShape: [h, w, c],
    outputShape: [ho, wo, filters],
    units: filters,
    tensors: [
      { key: `${name}/kernel`, role: 'kernel', shape: [k, k, c, filters] },
      { key: `${name}/bias`, role: 'bias', shape: [filters] },
    ],
    kernelSize: [k, k],
    padding,
    activation: 'relu',
    removable: padding === 'same' && c === filters,
    isOutput: false,
  };
}

/** 2×2 max pooling, stride 2. */
export function pool(name: string, input: [number, number, number]): LayerSpec {
  const [h, w, c] = input;
  return {
    name,
    kind: 'maxpool',
    inputShape: [h, w, c],
    outputShape: [Math.floor(h / 2), Math.floor(w / 2), c],
    units: 0,
    tensors: [],
    removable: false,
    isOutput: false,
  };
}

/** Flatten of any input shape. */
export function flatten(name: string, input: number[]): LayerSpec {
  return {
    name,
    kind: 'flatten',
    inputShape: input,
    outputShape: [input.reduce((a, b) => a * b, 1)],
    units: 0,
    tensors: [],
    removable: false,
    isOutput: false,
  };
}

/** Dense layer [in, out]. */
export function dense(name: string, inputs: number, units: number, isOutput = false): LayerSpec {
  return {
    name,
    kind: 'dense',
    inputShape: [inputs],
    outputShape: [units],
    units,
    tensors: [
      { key: `${name}/kernel`, role: 'kernel', shape: [inputs, units] },
      { key: `${name}/bias`, role: 'bias', shape: [units] },
    ],
    activation: isOutput ? 'softmax' : 'relu',
    removable: !isOutput && inputs === units,
    isOutput,
  };
}

/** LSTM or GRU layer on a sequence [T, features], returning the last state [H] or all [T, H]. */
export function rnn(
  name: string,
  kind: 'lstm' | 'gru',
  steps: number,
  features: number,
  units: number,
  returnSequences = false,
): LayerSpec {
  const G = kind === 'lstm' ? 4 : 3;
  return {
    name,
    kind,
    inputShape: [steps, features],
    outputShape: returnSequences ? [steps, units] : [units],
    units,
    tensors: [
      { key: `${name}/kernel`, role: 'kernel', shape: [features, G * units] },
      { key: `${name}/recurrentKernel`, role: 'recurrentKernel', shape: [units, G * units] },
      { key: `${name}/bias`, role: 'bias', shape: [G * units] },
    ],
    activation: 'tanh',
    removable: false,
    isOutput: false,
  };
}

/**
 * conv 3×3 (c1), pool, conv 3×3 (c2), pool, flatten on a side×side×1 input, then the dense layers
 * [name, units] in order, the last one the output (its units the classes).
 */
function twoBlockCnn(
  id: string,
  side: number,
  [c1, c2]: [number, number],
  denses: [string, number][],
): NetGraph {
  const half = side / 2;
  const layers = [
    conv('conv1', [side, side, 1], c1, 3),
    pool('pool1', [side, side, c1]),
    conv('conv2', [half, half, c1], c2, 3),
    pool('pool2', [half, half, c2]),
    flatten('flatten', [half / 2, half / 2, c2]),
  ];
  let features = (half / 2) * (half / 2) * c2;
  denses.forEach(([name, units], i) => {
    layers.push(dense(name, features, units, i === denses.length - 1));
    features = units;
  });
  return { id, inputShape: [side, side, 1], classes: features, layers };
}

/** A small CNN: conv 3×3 1→4, pool, conv 3×3 4→6, pool, flatten, dense 24→5, dense 5→5, dense 5→3. */
export function smallCnn(): NetGraph {
  return twoBlockCnn(
    'small-cnn',
    8,
    [4, 6],
    [
      ['dense1', 5],
      ['dense2', 5],
      ['out', 3],
    ],
  );
}

/** The probe CNN of the design notes: conv8 3×3, pool, conv16 3×3, pool, dense64, dense10 (~52k weights). */
export function probeCnn(): NetGraph {
  return twoBlockCnn(
    'cnn',
    28,
    [8, 16],
    [
      ['dense1', 64],
      ['dense2', 10],
    ],
  );
}

/** conv1 1→4, conv2 4→4 (same padding: removable), pool to 4×4, flatten 64, dense1 64→5, out 5→3. */
export function removableCnn(): NetGraph {
  return {
    id: 'removable-cnn',
    inputShape: [8, 8, 1],
    classes: 3,
    layers: [
      conv('conv1', [8, 8, 1], 4, 3),
      conv('conv2', [8, 8, 4], 4, 3),
      pool('pool', [8, 8, 4]),
      flatten('flatten', [4, 4, 4]),
      dense('dense1', 64, 5),
      dense('out', 5, 3, true),
    ],
  };
}

/** LeNet-300-100 (~266k weights). */
export function lenet300100(): NetGraph {
  return {
    id: 'lenet-300-100',
    inputShape: [784],
    classes: 10,
    layers: [dense('fc1', 784, 300), dense('fc2', 300, 100), dense('out', 100, 10, true)],
  };
}

/** A recurrent net: RNN over [T, F] then a dense classifier. */
export function smallRnn(
  kind: 'lstm' | 'gru',
  steps = 5,
  features = 3,
  units = 4,
  classes = 3,
): NetGraph {
  return {
    id: `small-${kind}`,
    inputShape: [steps, features],
    classes,
    layers: [rnn('rnn', kind, steps, features, units), dense('out', units, classes, true)],
  };
}

/** Two stacked RNNs (the first returns sequences), flatten-free. */
export function stackedRnn(kind: 'lstm' | 'gru'): NetGraph {
  return {
    id: `stacked-${kind}`,
    inputShape: [4, 3],
    classes: 2,
    layers: [
      rnn('rnn1', kind, 4, 3, 5, true),
      rnn('rnn2', kind, 4, 5, 3),
      dense('out', 3, 2, true),
    ],
  };
}

/** Seeded normal-ish weights for every tensor of a graph (sum of uniforms; deterministic). */
export function randomWeights(graph: NetGraph, seed = 1): WeightSet {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out: WeightSet = {};
  for (const l of graph.layers) {
    for (const t of l.tensors) {
      const n = t.shape.reduce((x, y) => x * y, 1);
      const w = new Float32Array(n);
      for (let i = 0; i < n; i++) w[i] = (next() + next() + next() - 1.5) * 0.5;
      out[t.key] = w;
    }
  }
  return out;
}

/** A config with every weighted layer at one sparsity and method (with per-layer overrides). */
export function layerConfig(
  graph: NetGraph,
  method: MethodId,
  sparsity: number,
  over: Record<string, Partial<LayerPruning>> = {},
  seed = 42,
): PruningConfig {
  const layers: Record<string, LayerPruning> = {};
  for (const l of graph.layers)
    if (l.tensors.length) layers[l.name] = { sparsity, locked: false, ...over[l.name] };
  return { method, globalSparsity: sparsity, layers, seed };
}
