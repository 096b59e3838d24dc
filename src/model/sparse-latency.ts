/**
 * Where sparsity really pays: the sparse CSR path (src/core/sparse.ts) timed against the dense
 * path (the masked model's predict on the current backend) on the same inputs, at the current masks
 * and over a grid of magnitude-pruning sparsities, and the crossover sparsity on this machine.
 */
import {
  computeMasks,
  emptyConfig,
  setGlobalSparsity,
  sparseForward,
  sparseNet,
  sparseSupported,
} from '../core/index.ts';
import type { MaskSet, NetGraph, WeightSet } from '../core/types.ts';
import type { SparseLatencyResult } from './results.ts';
import { maskedModel } from './masked.ts';
import * as tf from './tf.ts';

/** Sparsities of the latency grid (fraction of prunable weights removed by global magnitude). */
export const SPARSITY_GRID = [0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99];

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

interface Pair {
  denseMs: number;
  sparseMs: number;
  maxAbsDiff: number;
}

/** Times dense (masked tfjs model) and sparse (CSR) inference of one mask set, interleaved. */
async function timePair(
  graph: NetGraph,
  weights: WeightSet,
  masks: MaskSet,
  x: tf.Tensor,
  runs: number,
): Promise<Pair> {
  const model = maskedModel({ graph, weights }, masks);
  const net = sparseNet(graph, weights, masks);
  const n = x.shape[0];
  const xv = (await x.data()) as Float32Array;
  try {
    let dense: Float32Array = new Float32Array(0);
    let sparse: Float32Array = new Float32Array(0);
    const d: number[] = [];
    const s: number[] = [];
    for (let r = -1; r < runs; r++) {
      const t0 = performance.now();
      const y = model.predict(x) as tf.Tensor;
      dense = (await y.data()) as Float32Array;
      y.dispose();
      const t1 = performance.now();
      sparse = sparseForward(net, xv, n);
      const t2 = performance.now();
      if (r >= 0) {
        d.push(t1 - t0);
        s.push(t2 - t1);
      }
    }
    let maxAbsDiff = 0;
    for (let i = 0; i < dense.length; i++)
      maxAbsDiff = Math.max(maxAbsDiff, Math.abs(dense[i] - sparse[i]));
    return { denseMs: median(d), sparseMs: median(s), maxAbsDiff };
  } finally {
    model.dispose();
  }
}

/**
 * The lowest grid sparsity from which the sparse path is faster at that and every higher grid
 * point; null when it never is.
 */
export function crossoverOf(points: { sparsity: number; denseMs: number; sparseMs: number }[]) {
  let at: number | null = null;
  for (let i = points.length - 1; i >= 0; i--) {
    if (points[i].sparseMs < points[i].denseMs) at = points[i].sparsity;
    else break;
  }
  return at;
}

/**
 * Dense vs sparse latency of an image model (cnn, LeNet) on the batch x [n, ...inputShape]: at
 * `masks` (current) and at every SPARSITY_GRID point (global magnitude masks of `weights`).
 * Medians of `runs` timed runs after one warm-up, ms per batch. Null for recurrent models.
 */
export async function measureSparseLatency(
  graph: NetGraph,
  weights: WeightSet,
  masks: MaskSet,
  x: tf.Tensor,
  runs = 3,
): Promise<SparseLatencyResult | null> {
  if (!sparseSupported(graph)) return null;
  const current = await timePair(graph, weights, masks, x, runs);
  const points = [];
  for (const sparsity of SPARSITY_GRID) {
    const m = computeMasks(graph, weights, setGlobalSparsity(emptyConfig(graph), sparsity));
    const p = await timePair(graph, weights, m, x, runs);
    points.push({ sparsity, denseMs: p.denseMs, sparseMs: p.sparseMs });
  }
  return {
    batch: x.shape[0],
    points,
    crossover: crossoverOf(points),
    current,
    backend: tf.getBackend(),
  };
}
