/**
 * TensorFlow.js -> PyTorch layouts of one tensor (weights or masks), as the PyTorch recipe converts
 * them: Conv2D kernel [kh, kw, in, out] -> weight [out, in, kh, kw]; Dense kernel [in, out] ->
 * weight [out, in]; LSTM kernel [in, 4H] -> weight_ih_l0 [4H, in] and recurrent kernel [H, 4H] ->
 * weight_hh_l0 [4H, H] (gates i, f, c, o = torch's i, f, g, o), bias [4H] -> bias_ih_l0; GRU the
 * same with gate blocks z, r, h reordered to torch's r, z, n; a reset_after=True GRU's bias
 * [2, 3H] (input row, recurrent row) -> bias_l0 [3H, 2], transposed like a kernel so a unit's
 * entries of both rows sit in its gate rows.
 */
import { isRecurrent } from '../graph.ts';
import type { LayerKind, TensorRole } from '../types.ts';

/** BatchNormalization roles -> the names nn.BatchNorm gives them. */
const BN_PARAMS: Partial<Record<TensorRole, string>> = {
  gamma: 'weight',
  beta: 'bias',
  movingMean: 'running_mean',
  movingVariance: 'running_var',
};

/**
 * The torch parameter a tensor becomes: module attribute `.param`. RNNs (LSTM, GRU, SimpleRNN) use
 * nn.LSTM's names (weight_ih_l0, weight_hh_l0, bias_ih_l0); BatchNormalization nn.BatchNorm's
 * (weight, bias, running_mean, running_var); Conv2D and Dense weight and bias.
 */
export function torchParamName(kind: LayerKind, role: TensorRole, rank = 1): string {
  const bn = BN_PARAMS[role];
  if (bn) return bn;
  const rnn = isRecurrent(kind);
  if (role === 'kernel') return rnn ? 'weight_ih_l0' : 'weight';
  if (role === 'recurrentKernel') return 'weight_hh_l0';
  if (rnn && rank === 2) return 'bias_l0';
  return rnn ? 'bias_ih_l0' : 'bias';
}

/** Gate-block permutation of the last axis: torch block b takes TF.js block order[b]. */
function gateOrder(kind: LayerKind): number[] | null {
  return kind === 'gru' ? [1, 0, 2] : null;
}

/**
 * Converts one row-major tensor from TF.js layout to torch layout.
 * @param shape the TF.js shape
 * @returns the data in torch layout and its torch shape
 */
export function toTorchLayout<T extends Float32Array | Uint8Array>(
  kind: LayerKind,
  role: TensorRole,
  data: T,
  shape: readonly number[],
): { data: T; shape: number[] } {
  const ctor = data.constructor as new (n: number) => T;
  let src = data;
  const order = gateOrder(kind);
  const cols = shape[shape.length - 1];
  if (order) {
    const block = cols / order.length;
    const out = new ctor(src.length);
    for (let r = 0; r < src.length / cols; r++)
      for (let b = 0; b < order.length; b++)
        for (let j = 0; j < block; j++)
          out[r * cols + b * block + j] = src[r * cols + order[b] * block + j];
    src = out;
  }
  if (kind === 'conv2d' && role === 'kernel') {
    const [kh, kw, cin, cout] = shape;
    const out = new ctor(src.length);
    for (let y = 0; y < kh; y++)
      for (let x = 0; x < kw; x++)
        for (let i = 0; i < cin; i++)
          for (let o = 0; o < cout; o++)
            out[((o * cin + i) * kh + y) * kw + x] = src[((y * kw + x) * cin + i) * cout + o];
    return { data: out, shape: [cout, cin, kh, kw] };
  }
  if (role === 'kernel' || role === 'recurrentKernel' || (role === 'bias' && shape.length === 2)) {
    const rows = src.length / cols;
    const out = new ctor(src.length);
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < cols; c++) out[c * rows + r] = src[r * cols + c];
    return { data: out, shape: [cols, rows] };
  }
  return { data: src, shape: shape.slice() };
}
