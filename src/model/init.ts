/**
 * Seeded initial weights of a NetGraph, in plain JavaScript (identical on every backend).
 */
import type { NetGraph, WeightSet } from '../core/types.ts';
import { deriveSeed, mulberry32, normal, type Rng } from '../core/random.ts';

function prod(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function glorotUniform(shape: number[], rng: Rng): Float32Array {
  let fanIn: number;
  let fanOut: number;
  if (shape.length === 4) {
    const rf = shape[0] * shape[1];
    fanIn = rf * shape[2];
    fanOut = rf * shape[3];
  } else {
    fanIn = shape[0];
    fanOut = shape[1];
  }
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const out = new Float32Array(prod(shape));
  for (let i = 0; i < out.length; i++) out[i] = (rng() * 2 - 1) * limit;
  return out;
}

/** Row-orthonormal [rows, cols] matrix (rows <= cols) by Gram–Schmidt on Gaussian rows. */
function orthogonal(rows: number, cols: number, rng: Rng): Float32Array {
  const m = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (;;) {
      for (let c = 0; c < cols; c++) m[r * cols + c] = normal(rng);
      for (let p = 0; p < r; p++) {
        let dot = 0;
        for (let c = 0; c < cols; c++) dot += m[r * cols + c] * m[p * cols + c];
        for (let c = 0; c < cols; c++) m[r * cols + c] -= dot * m[p * cols + c];
      }
      let norm = 0;
      for (let c = 0; c < cols; c++) norm += m[r * cols + c] ** 2;
      norm = Math.sqrt(norm);
      if (norm > 1e-6) {
        for (let c = 0; c < cols; c++) m[r * cols + c] /= norm;
        break;
      }
    }
  }
  return Float32Array.from(m);
}

/**
 * Seeded initial weights for a graph, in plain JavaScript (identical on every backend): Glorot-uniform
 * kernels, orthogonal recurrent kernels (rows orthonormal, [H, gH]), zero biases except the LSTM forget
 * gate bias (entries H..2H-1) set to 1; BatchNormalization gamma and moving variance 1, beta and
 * moving mean 0. Each tensor draws from its own stream derived from seed and key.
 */
export function initialWeights(graph: NetGraph, seed: number): WeightSet {
  const w: WeightSet = {};
  for (const layer of graph.layers) {
    for (const t of layer.tensors) {
      const rng = mulberry32(deriveSeed(seed, t.key));
      if (t.role === 'kernel') w[t.key] = glorotUniform(t.shape, rng);
      else if (t.role === 'recurrentKernel') w[t.key] = orthogonal(t.shape[0], t.shape[1], rng);
      else if (t.role === 'gamma' || t.role === 'movingVariance')
        w[t.key] = new Float32Array(prod(t.shape)).fill(1);
      else if (t.role === 'beta' || t.role === 'movingMean')
        w[t.key] = new Float32Array(prod(t.shape));
      else {
        const b = new Float32Array(prod(t.shape));
        if (layer.kind === 'lstm') b.fill(1, layer.units, 2 * layer.units);
        w[t.key] = b;
      }
    }
  }
  return w;
}
