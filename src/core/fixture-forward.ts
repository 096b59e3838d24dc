/**
 * A tiny reference forward pass over a NetGraph (float64, NHWC, TF.js layouts), and a compactor
 * that slices weights by keptUnits, for tests that check masked and compacted models agree.
 * Hidden activations are softplus (non-zero at 0, so a unit left dangling would show).
 */
import type { LayerSpec, MaskSet, NetGraph, TensorRole, WeightSet } from './types.ts';

export interface Tensor {
  data: Float32Array;
  shape: number[];
}
export type Net = {
  layer: LayerSpec;
  w: Partial<Record<TensorRole, Tensor>>;
}[];

const softplus = (x: number): number => Math.log1p(Math.exp(x));
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** The graph's weights (masked when masks are given) as a Net. */
export function netOf(graph: NetGraph, weights: WeightSet, masks?: MaskSet): Net {
  return graph.layers.map((layer) => {
    const w: Net[number]['w'] = {};
    for (const t of layer.tensors) {
      const d = Float32Array.from(weights[t.key]);
      const m = masks?.[t.key];
      if (m) for (let i = 0; i < d.length; i++) d[i] *= m[i];
      w[t.role] = { data: d, shape: [...t.shape] };
    }
    return { layer, w };
  });
}

/** An activation between layers: its values (float64) and shape (NHWC without the batch). */
interface Activation {
  x: Float64Array;
  shape: number[];
}

type Act = (v: number) => number;

/** Conv2D with SAME padding, stride 1, kernel [kh, kw, C, F]. */
function conv2d({ x, shape }: Activation, w: Net[number]['w'], act: Act): Activation {
  const K = w.kernel!;
  const [kh, kw, C, F] = K.shape;
  const [H, W] = shape;
  const out = new Float64Array(H * W * F);
  const ph = Math.floor((kh - 1) / 2);
  const pw = Math.floor((kw - 1) / 2);
  for (let y = 0; y < H; y++)
    for (let xx = 0; xx < W; xx++)
      for (let f = 0; f < F; f++) {
        let s = w.bias ? w.bias.data[f] : 0;
        for (let a = 0; a < kh; a++)
          for (let b = 0; b < kw; b++) {
            const yy = y + a - ph;
            const xw = xx + b - pw;
            if (yy < 0 || yy >= H || xw < 0 || xw >= W) continue;
            for (let c = 0; c < C; c++)
              s += x[(yy * W + xw) * C + c] * K.data[((a * kw + b) * C + c) * F + f];
          }
        out[(y * W + xx) * F + f] = act(s);
      }
  return { x: out, shape: [H, W, F] };
}

/** 2x2 max pooling, stride 2, VALID. */
function maxpool({ x, shape }: Activation): Activation {
  const [H, W, C] = shape;
  const Ho = Math.floor(H / 2);
  const Wo = Math.floor(W / 2);
  const out = new Float64Array(Ho * Wo * C);
  for (let y = 0; y < Ho; y++)
    for (let xx = 0; xx < Wo; xx++)
      for (let c = 0; c < C; c++) {
        let m = -Infinity;
        for (let a = 0; a < 2; a++)
          for (let b = 0; b < 2; b++) m = Math.max(m, x[((2 * y + a) * W + 2 * xx + b) * C + c]);
        out[(y * Wo + xx) * C + c] = m;
      }
  return { x: out, shape: [Ho, Wo, C] };
}

/** Dense layer, kernel [I, O]. */
function dense({ x }: Activation, w: Net[number]['w'], act: Act): Activation {
  const K = w.kernel!;
  const [I, O] = K.shape;
  const out = new Float64Array(O);
  for (let o = 0; o < O; o++) {
    let s = w.bias ? w.bias.data[o] : 0;
    for (let i = 0; i < I; i++) s += x[i] * K.data[i * O + o];
    out[o] = act(s);
  }
  return { x: out, shape: [O] };
}

/** One LSTM step from the gate pre-activations (gates i, f, c, o); returns [h, c]. */
function lstmStep(
  zx: Float64Array,
  zh: Float64Array,
  c: Float64Array,
  H: number,
): [Float64Array, Float64Array] {
  const hn = new Float64Array(H);
  const cn = new Float64Array(H);
  for (let j = 0; j < H; j++) {
    const ig = sigmoid(zx[j] + zh[j]);
    const fg = sigmoid(zx[H + j] + zh[H + j]);
    const cc = Math.tanh(zx[2 * H + j] + zh[2 * H + j]);
    const og = sigmoid(zx[3 * H + j] + zh[3 * H + j]);
    cn[j] = fg * c[j] + ig * cc;
    hn[j] = og * Math.tanh(cn[j]);
  }
  return [hn, cn];
}

/** One GRU step (gates z, r, h; the candidate uses (r ⊙ h) · R_h); returns the new h. */
function gruStep(zx: Float64Array, zh: Float64Array, h: Float64Array, R: Tensor): Float64Array {
  const H = h.length;
  const GH = 3 * H;
  const hn = new Float64Array(H);
  const r = new Float64Array(H);
  for (let j = 0; j < H; j++) r[j] = sigmoid(zx[H + j] + zh[H + j]);
  for (let j = 0; j < H; j++) {
    const z = sigmoid(zx[j] + zh[j]);
    let rh = 0;
    for (let i = 0; i < H; i++) rh += r[i] * h[i] * R.data[i * GH + 2 * H + j];
    hn[j] = z * h[j] + (1 - z) * Math.tanh(zx[2 * H + j] + rh);
  }
  return hn;
}

/** LSTM or GRU over a sequence [T, F]; the whole sequence when the layer returns it. */
function rnn({ x, shape }: Activation, w: Net[number]['w'], layer: LayerSpec): Activation {
  const K = w.kernel!;
  const R = w.recurrentKernel!;
  const B = w.bias!;
  const [F, GH] = K.shape;
  const H = GH / (layer.kind === 'lstm' ? 4 : 3);
  const T = shape[0];
  let h: Float64Array = new Float64Array(H);
  let c: Float64Array = new Float64Array(H);
  const seq = new Float64Array(T * H);
  for (let t = 0; t < T; t++) {
    const zx = new Float64Array(GH);
    const zh = new Float64Array(GH);
    for (let col = 0; col < GH; col++) {
      let s = B.data[col];
      for (let i = 0; i < F; i++) s += x[t * F + i] * K.data[i * GH + col];
      zx[col] = s;
      let r = 0;
      for (let i = 0; i < H; i++) r += h[i] * R.data[i * GH + col];
      zh[col] = r;
    }
    if (layer.kind === 'lstm') [h, c] = lstmStep(zx, zh, c, H);
    else h = gruStep(zx, zh, h, R);
    seq.set(h, t * H);
  }
  const rs = layer.outputShape.length === 2;
  return rs ? { x: seq, shape: [T, H] } : { x: h, shape: [H] };
}

/** Runs the net on one example; returns the output layer's pre-activation (logits). */
export function forward(net: Net, input: Float64Array, inputShape: number[]): Float64Array {
  let a: Activation = { x: input, shape: inputShape };
  for (const { layer, w } of net) {
    const act = layer.isOutput ? (v: number) => v : softplus;
    if (layer.kind === 'conv2d') a = conv2d(a, w, act);
    else if (layer.kind === 'maxpool') a = maxpool(a);
    else if (layer.kind === 'flatten') a = { x: a.x, shape: [a.x.length] };
    else if (layer.kind === 'dense') a = dense(a, w, act);
    else a = rnn(a, w, layer);
  }
  return a.x;
}

function pick(t: Tensor, rowsKeep: number[] | null, colsKeep: number[] | null): Tensor {
  const cols = t.shape[t.shape.length - 1];
  const rows = t.data.length / cols;
  const R = rowsKeep ?? Array.from({ length: rows }, (_, i) => i);
  const C = colsKeep ?? Array.from({ length: cols }, (_, i) => i);
  const data = new Float32Array(R.length * C.length);
  R.forEach((r, a) => C.forEach((c, b) => (data[a * C.length + b] = t.data[r * cols + c])));
  return { data, shape: [R.length, C.length] };
}

/**
 * Compacts a masked net: drops the units not in `kept` with their columns, bias entries, RNN gate
 * columns and recurrent rows, and the consumer rows / input channels they fed.
 */
export function compact(net: Net, kept: Record<string, number[]>): Net {
  const out: Net = [];
  let keptCh: number[] | null = null; // kept channels feeding the next layer
  let channels = 0;
  let features: number[] | null = null; // after flatten: kept feature rows
  for (const { layer, w } of net) {
    if (layer.kind === 'maxpool') {
      out.push({ layer, w });
      continue;
    }
    if (layer.kind === 'flatten') {
      const positions = layer.inputShape.slice(0, -1).reduce((a, b) => a * b, 1);
      if (keptCh) {
        features = [];
        for (let p = 0; p < positions; p++) for (const c of keptCh) features.push(p * channels + c);
      }
      out.push({ layer, w });
      continue;
    }
    const G = layer.kind === 'lstm' ? 4 : layer.kind === 'gru' ? 3 : 1;
    const H = layer.units;
    const keepUnits = layer.isOutput ? null : kept[layer.name];
    const cols = keepUnits
      ? Array.from({ length: G }, (_, g) => keepUnits.map((j) => g * H + j)).flat()
      : null;
    const rowsIn = features ?? keptCh;
    const nw: Net[number]['w'] = {};
    const K = w.kernel!;
    if (layer.kind === 'conv2d') {
      const [kh, kw, C, F] = K.shape;
      const inK = rowsIn ?? Array.from({ length: C }, (_, i) => i);
      const rows: number[] = [];
      for (let s = 0; s < kh * kw; s++) for (const c of inK) rows.push(s * C + c);
      const p = pick(K, rows, cols);
      nw.kernel = { data: p.data, shape: [kh, kw, inK.length, cols ? cols.length : F] };
    } else nw.kernel = pick(K, rowsIn, cols);
    if (w.recurrentKernel) nw.recurrentKernel = pick(w.recurrentKernel, keepUnits, cols);
    if (w.bias) {
      const b = pick(w.bias, null, cols);
      nw.bias = { data: b.data, shape: [b.data.length] };
    }
    out.push({ layer, w: nw });
    keptCh = keepUnits;
    channels = H;
    features = null;
  }
  return out;
}
