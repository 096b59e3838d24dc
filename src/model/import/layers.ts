/**
 * One layer of a tfjs / Keras model.json turned into a LayerSpec by shape inference (plain data,
 * no tensors). Shapes exclude the batch axis; weight shapes are TensorFlow.js's layouts.
 */
import type { LayerSpec, TensorRole, TensorSpec } from '../../core/types.ts';
import { isKnownActivation } from '../build.ts';
import { ImportError, SUPPORTED_LAYERS } from './errors.ts';
import { bool, int, pair, str, type Json } from './json.ts';

/** Keras activation names that TensorFlow.js spells differently. */
const ACTIVATION_ALIASES: Record<string, string> = {
  hard_sigmoid: 'hardSigmoid',
  hardsigmoid: 'hardSigmoid',
};

function activationOf(cfg: Json, field: string, where: string, fallback: string): string {
  const raw = cfg[field];
  const name = isObjectWithName(raw) ? raw.class_name : raw;
  const a = str({ [field]: name }, field, where, fallback);
  const mapped = ACTIVATION_ALIASES[a] ?? a;
  if (!isKnownActivation(mapped)) {
    throw new ImportError(
      'unsupported-config',
      `Layer ${where} uses the activation '${a}', which TensorFlow.js does not run. Supported: relu, relu6, elu, selu, sigmoid, hard_sigmoid, tanh, softmax, softplus, softsign, swish, gelu, linear.`,
      where,
    );
  }
  return mapped;
}

function isObjectWithName(x: unknown): x is { class_name: string } {
  return typeof x === 'object' && x !== null && 'class_name' in x;
}

function spec(layer: string, role: TensorRole, shape: number[]): TensorSpec {
  return { key: `${layer}/${role}`, role, shape };
}

function prod(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function needRank(inShape: number[], rank: number, where: string, cls: string, what: string): void {
  if (inShape.length !== rank) {
    throw new ImportError(
      'unsupported-config',
      `Layer ${where} (${cls}) receives input of shape [${inShape.join(', ')}]; it must be ${what}.`,
      where,
    );
  }
}

function refuse(where: string, cls: string, extra = ''): never {
  throw new ImportError(
    'unsupported-layer',
    `Layer ${where} is a ${cls}, which the importer does not read${extra}. Supported layers: ${SUPPORTED_LAYERS}, in one chain without branches.`,
    where,
  );
}

function channelsLast(cfg: Json, where: string): void {
  const f = cfg.data_format;
  if (f !== undefined && f !== null && f !== 'channels_last') {
    throw new ImportError(
      'unsupported-config',
      `Layer ${where} uses data_format '${String(f)}'; only channels_last (NHWC) is supported.`,
      where,
    );
  }
}

function spatial(size: number, k: number, s: number, padding: 'same' | 'valid'): number {
  return padding === 'same' ? Math.ceil(size / s) : Math.floor((size - k) / s) + 1;
}

function paddingOf(cfg: Json, where: string): 'same' | 'valid' {
  const p = str(cfg, 'padding', where, 'valid');
  if (p !== 'same' && p !== 'valid') {
    throw new ImportError(
      'unsupported-config',
      `Layer ${where} uses padding '${p}'; only 'same' and 'valid' are supported.`,
      where,
    );
  }
  return p;
}

function base(name: string, kind: LayerSpec['kind'], inShape: number[], out: number[]): LayerSpec {
  return {
    name,
    kind,
    inputShape: inShape.slice(),
    outputShape: out,
    units: 0,
    tensors: [],
    removable: false,
    isOutput: false,
  };
}

function conv2d(name: string, cfg: Json, inShape: number[]): LayerSpec {
  needRank(inShape, 3, name, 'Conv2D', 'an image [height, width, channels]');
  channelsLast(cfg, name);
  const dil = pair(cfg, 'dilation_rate', name, [1, 1]);
  if (dil[0] !== 1 || dil[1] !== 1 || int(cfg, 'groups', name, 1) !== 1) {
    throw new ImportError(
      'unsupported-config',
      `Layer ${name} (Conv2D) uses dilation or groups; only plain convolutions are supported.`,
      name,
    );
  }
  const filters = int(cfg, 'filters', name);
  const [kh, kw] = pair(cfg, 'kernel_size', name);
  const strides = pair(cfg, 'strides', name, [1, 1]);
  const padding = paddingOf(cfg, name);
  const [h, w, c] = inShape;
  const out = [spatial(h, kh, strides[0], padding), spatial(w, kw, strides[1], padding), filters];
  if (out[0] < 1 || out[1] < 1) {
    throw new ImportError(
      'unsupported-config',
      `Layer ${name} (Conv2D ${kh}x${kw}) does not fit its input [${inShape.join(', ')}].`,
      name,
    );
  }
  const l = base(name, 'conv2d', inShape, out);
  l.units = filters;
  l.kernelSize = [kh, kw];
  l.padding = padding;
  if (strides[0] !== 1 || strides[1] !== 1) l.strides = strides;
  l.activation = activationOf(cfg, 'activation', name, 'linear');
  l.tensors = [spec(name, 'kernel', [kh, kw, c, filters])];
  if (bool(cfg, 'use_bias', true)) l.tensors.push(spec(name, 'bias', [filters]));
  return l;
}

function pool(name: string, cfg: Json, inShape: number[], cls: string): LayerSpec {
  needRank(inShape, 3, name, cls, 'an image [height, width, channels]');
  channelsLast(cfg, name);
  const ps = pair(cfg, 'pool_size', name, [2, 2]);
  const strides = pair(cfg, 'strides', name, ps);
  const padding = paddingOf(cfg, name);
  const out = [
    spatial(inShape[0], ps[0], strides[0], padding),
    spatial(inShape[1], ps[1], strides[1], padding),
    inShape[2],
  ];
  const l = base(name, cls === 'MaxPooling2D' ? 'maxpool' : 'avgpool', inShape, out);
  l.poolSize = ps;
  l.strides = strides;
  l.padding = padding;
  return l;
}

function dense(name: string, cfg: Json, inShape: number[]): LayerSpec {
  needRank(inShape, 1, name, 'Dense', 'a vector (add a Flatten before it)');
  const units = int(cfg, 'units', name);
  const l = base(name, 'dense', inShape, [units]);
  l.units = units;
  l.activation = activationOf(cfg, 'activation', name, 'linear');
  l.tensors = [spec(name, 'kernel', [inShape[0], units])];
  if (bool(cfg, 'use_bias', true)) l.tensors.push(spec(name, 'bias', [units]));
  return l;
}

function recurrent(name: string, cfg: Json, inShape: number[], cls: string): LayerSpec {
  needRank(inShape, 2, name, cls, 'a sequence [steps, features]');
  const flags: [string, boolean][] = [
    ['return_sequences', false],
    ['return_state', false],
    ['go_backwards', false],
    ['stateful', false],
  ];
  for (const [f, want] of flags) {
    if (bool(cfg, f, want) !== want) {
      throw new ImportError(
        'unsupported-config',
        `Layer ${name} (${cls}) sets ${f}; only a recurrent layer that reads the whole sequence forwards and returns its last output is supported.`,
        name,
      );
    }
  }
  const H = int(cfg, 'units', name);
  const G = cls === 'LSTM' ? 4 : cls === 'GRU' ? 3 : 1;
  const kind = cls === 'LSTM' ? 'lstm' : cls === 'GRU' ? 'gru' : 'simplernn';
  const l = base(name, kind, inShape, [H]);
  l.units = H;
  l.activation = activationOf(cfg, 'activation', name, 'tanh');
  if (G > 1) l.recurrentActivation = activationOf(cfg, 'recurrent_activation', name, 'hardSigmoid');
  l.tensors = [
    spec(name, 'kernel', [inShape[1], G * H]),
    spec(name, 'recurrentKernel', [H, G * H]),
  ];
  // Keras's reset_after=True GRU keeps an input and a recurrent bias: [2, 3H].
  const resetAfter = cls === 'GRU' && bool(cfg, 'reset_after', false);
  if (resetAfter) l.resetAfter = true;
  if (bool(cfg, 'use_bias', true))
    l.tensors.push(spec(name, 'bias', resetAfter ? [2, G * H] : [G * H]));
  return l;
}

function batchnorm(name: string, cfg: Json, inShape: number[]): LayerSpec {
  const raw = cfg.axis;
  const axis = Array.isArray(raw) && raw.length === 1 ? raw[0] : (raw ?? -1);
  if (axis !== -1 && axis !== inShape.length) {
    throw new ImportError(
      'unsupported-config',
      `Layer ${name} (BatchNormalization) normalises axis ${JSON.stringify(raw)}; only the last (channel) axis is supported.`,
      name,
    );
  }
  const C = inShape[inShape.length - 1];
  const l = base(name, 'batchnorm', inShape, inShape.slice());
  const eps = cfg.epsilon;
  l.epsilon = typeof eps === 'number' ? eps : 1e-3;
  l.tensors = (['gamma', 'beta', 'movingMean', 'movingVariance'] as const).map((r) =>
    spec(name, r, [C]),
  );
  return l;
}

function reshape(name: string, cfg: Json, inShape: number[]): LayerSpec {
  const t = cfg.target_shape;
  const n = prod(inShape);
  if (!Array.isArray(t) || !t.every((d) => typeof d === 'number' && Number.isInteger(d))) {
    throw new ImportError(
      'unsupported-config',
      `Layer ${name} (Reshape) has no target_shape.`,
      name,
    );
  }
  const dims = t as number[];
  const known = prod(dims.filter((d) => d !== -1));
  const out = dims.map((d) => (d === -1 ? n / known : d));
  if (prod(out) !== n || !out.every((d) => Number.isInteger(d) && d >= 1)) {
    throw new ImportError(
      'unsupported-config',
      `Layer ${name} (Reshape) cannot turn [${inShape.join(', ')}] into [${dims.join(', ')}].`,
      name,
    );
  }
  return base(name, 'reshape', inShape, out);
}

function reluLayer(name: string, cfg: Json, inShape: number[]): LayerSpec {
  const plain =
    (cfg.max_value === undefined || cfg.max_value === null) &&
    !cfg.negative_slope &&
    !cfg.threshold;
  if (!plain) {
    throw new ImportError(
      'unsupported-config',
      `Layer ${name} (ReLU) sets max_value, negative_slope or threshold; only a plain ReLU is supported.`,
      name,
    );
  }
  const l = base(name, 'activation', inShape, inShape.slice());
  l.activation = 'relu';
  return l;
}

/**
 * The LayerSpec of one model.json layer given the shape it receives, or refuses it (ImportError
 * 'unsupported-layer' / 'unsupported-config' naming the layer).
 */
export function parseLayer(cls: string, name: string, cfg: Json, inShape: number[]): LayerSpec {
  switch (cls) {
    case 'Conv2D':
      return conv2d(name, cfg, inShape);
    case 'MaxPooling2D':
    case 'AveragePooling2D':
      return pool(name, cfg, inShape, cls);
    case 'Dense':
      return dense(name, cfg, inShape);
    case 'LSTM':
    case 'GRU':
    case 'SimpleRNN':
      return recurrent(name, cfg, inShape, cls);
    case 'BatchNormalization':
      return batchnorm(name, cfg, inShape);
    case 'Flatten':
      return base(name, 'flatten', inShape, [prod(inShape)]);
    case 'Reshape':
      return reshape(name, cfg, inShape);
    case 'Dropout':
    case 'SpatialDropout2D': {
      const l = base(name, 'dropout', inShape, inShape.slice());
      l.rate = typeof cfg.rate === 'number' ? cfg.rate : 0;
      return l;
    }
    case 'Activation': {
      const l = base(name, 'activation', inShape, inShape.slice());
      l.activation = activationOf(cfg, 'activation', name, 'linear');
      return l;
    }
    case 'ReLU':
      return reluLayer(name, cfg, inShape);
    case 'Conv1D':
      return refuse(name, cls, ' (1-D convolutions are not supported; Conv2D is)');
    case 'Bidirectional':
      return refuse(name, cls, ' (only forward LSTM, GRU and SimpleRNN layers are)');
    default:
      return refuse(name, cls);
  }
}
