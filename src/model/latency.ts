/**
 * Real inference latency of the dense, the masked and the compacted network, side by side: the
 * honest check on the claim that pruning speeds things up. Masking keeps the dense shapes (zeros are
 * multiplied like any other number), so only compaction is expected to be faster.
 */
import * as tf from './tf.ts';
import type { MaskSet, NetGraph } from '../core/types.ts';
import type { LatencyResult } from './results.ts';
import { compactModel } from './compact.ts';
import { maskedModel } from './masked.ts';
import { getWeights, graphOfModel } from './zoo.ts';

/** How many predictions to run per model. */
export interface LatencyOptions {
  /** Untimed runs per model first (shader compilation, kernel caches). Default 2. */
  warmup?: number;
  /** Timed runs per model; the median is reported. Default 5. */
  runs?: number;
  /** The model's graph (default: graphOfModel(model), for zoo models). */
  graph?: NetGraph;
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Wall time in ms of one predict, synchronised by downloading the output (WebGL is asynchronous). */
async function timeOne(model: tf.LayersModel, x: tf.Tensor): Promise<number> {
  const t0 = performance.now();
  const y = model.predict(x) as tf.Tensor;
  await y.data();
  const ms = performance.now() - t0;
  y.dispose();
  return ms;
}

/**
 * Median milliseconds per batch of `model.predict(x)` for three networks: the dense model as it is,
 * the masked model (a copy with the same dense shapes and pruned weights set to zero; layers the
 * core lists as removed are skipped as identity, as in evaluation), and the compacted model
 * (compactModel: pruned units and removed layers physically gone). Runs are interleaved (dense,
 * masked, compacted, repeat) so background load hits all three alike. Also reports the largest
 * |masked - compacted| output difference over the batch and both parameter counts. Every tensor
 * and model made here is disposed; `model` and `x` are left to the caller.
 * @param model the (dense, unmasked) zoo model
 * @param masks 1 = kept, by tensor key
 * @param x input batch [batch, ...graph.inputShape]
 */
export async function measureLatency(
  model: tf.LayersModel,
  masks: MaskSet,
  x: tf.Tensor,
  opts: LatencyOptions = {},
): Promise<LatencyResult> {
  const warmup = Math.max(0, Math.floor(opts.warmup ?? 2));
  const runs = Math.max(1, Math.floor(opts.runs ?? 5));
  const graph = opts.graph ?? graphOfModel(model);
  const source = { graph, weights: getWeights(model) };
  const compact = compactModel(source, masks);
  const masked = maskedModel(source, masks);
  try {
    const models = [model, masked, compact.model];
    for (let i = 0; i < warmup; i++) for (const m of models) await timeOne(m, x);
    const times: number[][] = models.map(() => []);
    for (let i = 0; i < runs; i++) {
      for (let k = 0; k < models.length; k++) times[k].push(await timeOne(models[k], x));
    }
    const diff = tf.tidy(() => {
      const a = masked.predict(x) as tf.Tensor;
      const b = compact.model.predict(x) as tf.Tensor;
      return a.sub(b).abs().max();
    });
    const maxAbsDiff = (await diff.data())[0];
    diff.dispose();
    return {
      denseMs: median(times[0]),
      maskedMs: median(times[1]),
      compactedMs: median(times[2]),
      batch: x.shape[0],
      compactedParams: compact.params,
      denseParams: compact.denseParams,
      maxAbsDiff,
    };
  } finally {
    compact.model.dispose();
    masked.dispose();
  }
}
