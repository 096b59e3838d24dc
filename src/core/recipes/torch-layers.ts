/**
 * The torch counterpart of each layer kind of a sequential network (zoo or imported), for the
 * PyTorch recipe: the module a layer becomes (its constructor call), the function an activation
 * name becomes, and how the forward pass treats the layer's layout. Convolutions and pooling run
 * in NCHW, everything else reads TensorFlow.js's channels-last layout; dropout and activations
 * work in either.
 */
import type { LayerKind, LayerSpec } from '../types.ts';
import { pyNum } from './python.ts';

/** Why a network cannot be written as a recipe (PyTorch or Keras). */
export class RecipeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecipeError';
  }
}

/** How the forward pass treats a layer: NCHW ('spatial'), channels last, or either ('any'). */
export function layoutOf(kind: LayerKind): 'spatial' | 'last' | 'any' {
  switch (kind) {
    case 'conv2d':
    case 'maxpool':
    case 'avgpool':
      return 'spatial';
    case 'dropout':
    case 'activation':
      return 'any';
    default:
      return 'last';
  }
}

/** TensorFlow.js activation name -> Python callable of the recipe (prelude helpers included). */
const TORCH_ACTIVATIONS: Record<string, string> = {
  linear: 'identity',
  relu: 'F.relu',
  relu6: 'F.relu6',
  elu: 'F.elu',
  selu: 'F.selu',
  sigmoid: 'torch.sigmoid',
  hardSigmoid: 'hard_sigmoid',
  tanh: 'torch.tanh',
  softplus: 'F.softplus',
  softsign: 'F.softsign',
  swish: 'F.silu',
  mish: 'F.mish',
  gelu: 'F.gelu',
  gelu_new: 'gelu_tanh',
  softmax: 'softmax_last',
};

/**
 * The Python function for a TensorFlow.js activation name.
 * @throws RecipeError for a name the recipe cannot mirror
 */
export function torchActivation(layer: LayerSpec, name: string): string {
  const fn = TORCH_ACTIVATIONS[name];
  if (!fn)
    throw new RecipeError(
      `Layer ${layer.name} uses activation ${name}, which the PyTorch recipe cannot mirror.`,
    );
  return fn;
}

function kernelOf(l: LayerSpec): number[] {
  const k = l.tensors.find((t) => t.role === 'kernel');
  if (!k) throw new RecipeError(`Layer ${l.name} has no kernel.`);
  return k.shape;
}

/** Pool window and strides of a pooling layer (TensorFlow.js defaults: stride = window). */
export function poolGeometry(l: LayerSpec): { pool: [number, number]; strides: [number, number] } {
  const p = Math.max(1, Math.floor(l.inputShape[0] / l.outputShape[0]));
  const pool = l.poolSize ?? [p, p];
  return { pool, strides: l.strides ?? pool };
}

/**
 * torch pooling options matching TensorFlow.js's: 'valid' is torch's default; 'same' pads only
 * where the last window runs past the edge, which torch's ceil_mode does (the average then counts
 * only the values inside, as TensorFlow.js does). Padding before the first window is refused.
 */
function poolArgs(l: LayerSpec): string {
  const { pool, strides } = poolGeometry(l);
  let ceil = false;
  if ((l.padding ?? 'valid') === 'same') {
    for (let d = 0; d < 2; d++) {
      const n = l.inputShape[d];
      const out = Math.ceil(n / strides[d]);
      const total = Math.max((out - 1) * strides[d] + pool[d] - n, 0);
      const torchOut = Math.ceil((n - pool[d]) / strides[d]) + 1;
      if (Math.floor(total / 2) > 0 || torchOut !== out)
        throw new RecipeError(
          `Layer ${l.name} pads its input on both sides ('same' padding, window ${pool[d]}, stride ${strides[d]} on ${n}); torch pooling cannot pad that way.`,
        );
      if (total > 0) ceil = true;
    }
  }
  return `(${pool.join(', ')}), stride=(${strides.join(', ')})${ceil ? ', ceil_mode=True' : ''}`;
}

function convCtor(l: LayerSpec): string {
  const [kh, kw, cin] = kernelOf(l);
  const [sh, sw] = l.strides ?? [1, 1];
  const same = (l.padding ?? 'same') === 'same';
  if (same && (sh !== 1 || sw !== 1))
    throw new RecipeError(
      `Layer ${l.name} combines 'same' padding with stride ${sh}x${sw}; torch's padding="same" takes stride 1 only.`,
    );
  const stride = sh !== 1 || sw !== 1 ? `, stride=(${sh}, ${sw})` : '';
  const bias = l.tensors.some((t) => t.role === 'bias') ? '' : ', bias=False';
  return `nn.Conv2d(${cin}, ${l.units}, (${kh}, ${kw})${stride}, padding=${same ? '"same"' : '0'}${bias})`;
}

const RNN_CLASS = { lstm: 'TfjsLSTM', gru: 'TfjsGRU', simplernn: 'TfjsSimpleRNN' } as const;

function rnnCtor(l: LayerSpec, kind: keyof typeof RNN_CLASS): string {
  const seq = l.outputShape.length > 1 ? ', return_sequences=True' : '';
  const act = torchActivation(l, l.activation ?? 'tanh');
  const gate =
    kind === 'simplernn'
      ? ''
      : `, gate=${torchActivation(l, l.recurrentActivation ?? 'hardSigmoid')}`;
  const cls = kind === 'gru' && l.resetAfter ? 'TfjsGRUResetAfter' : RNN_CLASS[kind];
  return `${cls}(${kernelOf(l)[0]}, ${l.units}${seq}, activation=${act}${gate})`;
}

/**
 * The constructor call of a layer's torch module, or null for a layer without one (flatten,
 * reshape, dropout and activations are written inline in the forward pass).
 * @throws RecipeError for a configuration torch cannot mirror
 */
export function torchConstructor(l: LayerSpec): string | null {
  switch (l.kind) {
    case 'conv2d':
      return convCtor(l);
    case 'dense': {
      const bias = l.tensors.some((t) => t.role === 'bias') ? '' : ', bias=False';
      return `nn.Linear(${kernelOf(l)[0]}, ${l.units}${bias})`;
    }
    case 'lstm':
    case 'gru':
    case 'simplernn':
      return rnnCtor(l, l.kind);
    case 'maxpool':
      return `nn.MaxPool2d(${poolArgs(l)})`;
    case 'avgpool':
      return `nn.AvgPool2d(${poolArgs(l)})`;
    case 'batchnorm':
      return `TfjsBatchNorm(${l.outputShape[l.outputShape.length - 1]}, eps=${pyNum(l.epsilon ?? 1e-3)})`;
    case 'flatten':
    case 'reshape':
    case 'dropout':
    case 'activation':
      return null;
  }
}
