/**
 * Masked training with a custom loop (tf.variableGrads + optimizer.applyGradients): pruned weights
 * have their gradients zeroed before every optimizer step and are re-masked after it, so they stay
 * exactly zero whatever the optimizer's state. Masks live on the backend as constant tensors; the
 * loop downloads nothing per step except at progress reports.
 */
import * as tf from '@tensorflow/tfjs';
import type { MaskSet, NetGraph, ScoreSet, WeightSet } from '../core/types.ts';
import type { Dataset } from '../data/types.ts';
import type { TrainOptions, TrainProgress, TrainResult } from './results.ts';
import type { ModelId } from '../data/models.ts';
import { removedLayers } from '../core/metrics.ts';
import { forwardSkipping, hasZero, maskTemporarily, maskTensor } from './masking.ts';
import { deriveSeed, mulberry32, permutation } from '../core/random.ts';
import { previewIndices } from './evaluate.ts';
import {
  backendVariable,
  getWeights,
  graphOfModel,
  initialWeights,
  markWeightsChanged,
  setWeights,
  toInput,
  toLabels,
  weightVariables,
} from './zoo.ts';

/**
 * Pause / resume / cancel for a running training loop, checked between batches. Cancel stops at
 * once (the current batch finishes) and the run returns its partial result with `cancelled: true`.
 */
export class TrainController {
  private pausedFlag = false;
  private cancelledFlag = false;
  private wake: (() => void) | null = null;

  get paused(): boolean {
    return this.pausedFlag;
  }
  get cancelled(): boolean {
    return this.cancelledFlag;
  }
  pause(): void {
    this.pausedFlag = true;
  }
  resume(): void {
    this.pausedFlag = false;
    this.wake?.();
  }
  cancel(): void {
    this.cancelledFlag = true;
    this.wake?.();
  }
  /** Resolves when not paused (immediately if running, on resume or cancel otherwise). */
  async waitWhilePaused(): Promise<void> {
    while (this.pausedFlag && !this.cancelledFlag) {
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      this.wake = null;
    }
  }
}

/** Extras of the model-layer training call beyond the engine's TrainOptions. */
export interface TrainExtras {
  /**
   * Called with every progress report: every `reportEvery` batches (and at least `minReportMs`
   * apart), at each epoch's end, at the end.
   */
  onProgress?: (p: TrainProgress) => void;
  /**
   * Gradual pruning: called before every batch with the number of batches done so far (0-based).
   * Returning a MaskSet replaces the masks from that step on (the weights are masked at once and the
   * optimizer's moments of newly pruned weights are zeroed); null keeps the current masks.
   */
  onStep?: (step: number) => MaskSet | null;
  controller?: TrainController;
  /** Accumulate movement scores -Σ_steps g·w per weight (g = raw loss gradient) and return them. */
  movement?: boolean;
  /** Learning rate per epoch (0-based); overrides opts.learningRate when given. */
  learningRateAt?: (epoch: number) => number;
}

/** TrainResult plus what only the model layer keeps. */
export interface MaskedTrainResult extends TrainResult {
  /** Weights at the start of the run (after re-initialisation when fromScratch), for rewinding. */
  initial: WeightSet;
  /** Masks in force at the end (differs from opts.masks when onStep changed them). */
  masks: MaskSet;
  /** Movement scores by tensor key when extras.movement was set. */
  movement?: ScoreSet;
}

/** Fraction of kernel / recurrent-kernel weights (biases excluded) pruned by the masks. */
export function maskSparsity(graph: NetGraph, masks: MaskSet | undefined): number {
  let total = 0;
  let pruned = 0;
  for (const l of graph.layers) {
    for (const t of l.tensors) {
      if (t.role === 'bias') continue;
      const size = t.shape.reduce((a, b) => a * b, 1);
      total += size;
      const m = masks?.[t.key];
      if (m) for (let i = 0; i < m.length; i++) pruned += m[i] ? 0 : 1;
    }
  }
  return total ? pruned / total : 0;
}

/**
 * Mean cross-entropy of softmax probabilities `probs` [n, classes] against one-hot labels [n, classes].
 * Probabilities are clipped to [1e-7, 1 - 1e-7] as Keras does.
 */
export function crossEntropy(probs: tf.Tensor, oneHot: tf.Tensor): tf.Scalar {
  return tf.tidy(() =>
    tf.neg(tf.mean(tf.sum(tf.mul(oneHot, tf.log(tf.clipByValue(probs, 1e-7, 1 - 1e-7))), -1))),
  );
}

/**
 * Yields to the event loop (so pause and cancel messages get through) without setTimeout's 4 ms
 * clamp on nested timers: setImmediate where it exists (Node), else a MessageChannel (browsers and
 * workers).
 */
const nextTick: () => Promise<void> = (() => {
  const g = globalThis as { setImmediate?: (cb: () => void) => unknown };
  if (typeof g.setImmediate === 'function') {
    const immediate = g.setImmediate;
    return () => new Promise<void>((resolve) => void immediate(resolve));
  }
  const channel = new MessageChannel();
  const waiting: (() => void)[] = [];
  channel.port1.onmessage = () => waiting.shift()?.();
  return () =>
    new Promise<void>((resolve) => {
      waiting.push(resolve);
      channel.port2.postMessage(null);
    });
})();

/**
 * Trains a zoo model (built by buildModel) on the dataset's train split with masks enforced. A layer
 * the masks remove whole (src/core removedLayers) is skipped as identity in the forward pass.
 * Shuffling is seeded (opts.seed), so the same seed, options and starting weights reproduce the same
 * weights on the same backend. Runs `epochs` passes of ceil(nTrain / batchSize) batches (the last one
 * partial), or stops after `maxBatches`. The model's weights are updated in place.
 * @returns final weights, initial weights of the run, history of progress reports, final masks
 */
export async function trainModel(
  model: tf.LayersModel,
  dataset: Dataset,
  opts: TrainOptions,
  extras: TrainExtras = {},
): Promise<MaskedTrainResult> {
  const graph = graphOfModel(model);
  const modelId = graph.id as ModelId;
  if (opts.fromScratch) setWeights(model, initialWeights(graph, opts.seed));
  const initial = getWeights(model);
  const vars = weightVariables(model);
  const keys = [...vars.keys()];
  const tfVars = keys.map((k) => backendVariable(vars.get(k)!));
  const keyOfVarName = new Map(keys.map((k, i) => [tfVars[i].name, k]));

  let masks: MaskSet = { ...(opts.masks ?? {}) };
  const maskT = new Map<string, tf.Tensor>();
  /** Layers removed whole by the masks: skipped (identity) in the forward pass. */
  let skip = new Set<string>();
  const setMasks = (m: MaskSet): void => {
    for (const t of maskT.values()) t.dispose();
    maskT.clear();
    masks = { ...m };
    skip = new Set(removedLayers(graph, masks));
    for (const key of keys) {
      const mk = masks[key];
      if (mk && hasZero(mk)) maskT.set(key, maskTensor(mk, vars.get(key)!.shape as number[]));
    }
    // Prune now: the weights themselves become exactly zero.
    tf.tidy(() => {
      for (const [key, mt] of maskT)
        tfVars[keys.indexOf(key)].assign(tfVars[keys.indexOf(key)].mul(mt));
    });
  };
  setMasks(masks);
  let sparsity = maskSparsity(graph, masks);

  const lr = extras.learningRateAt ? extras.learningRateAt(0) : opts.learningRate;
  const optimizer: tf.Optimizer = opts.optimizer === 'adam' ? tf.train.adam(lr) : tf.train.sgd(lr);
  const setLearningRate = (value: number): void => {
    // (instanceof on tfjs optimizers is duck-typed, so test the option instead)
    if (opts.optimizer === 'sgd') (optimizer as tf.SGDOptimizer).setLearningRate(value);
    else (optimizer as unknown as { learningRate: number }).learningRate = value;
  };

  /** A non-trainable zero variable; the temporary initial value is freed (the variable keeps its data). */
  const zeroVariable = (shape: number[]): tf.Variable => {
    const z = tf.zeros(shape);
    const v = tf.variable(z, false);
    z.dispose();
    return v;
  };
  const movement = new Map<string, tf.Variable>();
  if (extras.movement)
    for (const k of keys) movement.set(k, zeroVariable(vars.get(k)!.shape as number[]));
  const lossSum = zeroVariable([]);
  const correctSum = zeroVariable([]);

  const nTrain = dataset.trainY.length;
  const batchSize = Math.max(1, Math.min(opts.batchSize, nTrain));
  const batchesPerEpoch = Math.ceil(nTrain / batchSize);
  const planned = opts.epochs * batchesPerEpoch;
  const total = Math.min(planned, opts.maxBatches ?? planned);
  const reportEvery = Math.max(1, opts.reportEvery ?? 1);
  const minReportMs = Math.max(0, opts.minReportMs ?? 0);
  let lastReportAt = -Infinity;
  const rng = mulberry32(deriveSeed(opts.seed, 'shuffle'));
  const history: TrainProgress[] = [];
  const controller = extras.controller;

  let done = 0;
  let sinceReport = 0;
  let examplesSinceReport = 0;
  let examplesDone = 0;
  let cancelled = false;
  // Speed and ETA use wall time since the loop started, minus time spent paused and in onProgress.
  // Reports read the loss from the backend first, so queued GPU work is counted.
  let excludedMs = 0;

  const step = (x: tf.Tensor, y: tf.Tensor): void => {
    tf.tidy(() => {
      let probs: tf.Tensor | null = null;
      const { value, grads } = tf.variableGrads(() => {
        probs = tf.keep(forwardSkipping(model, x, skip, true));
        return crossEntropy(probs, y);
      }, tfVars);
      const masked: tf.NamedTensorMap = {};
      for (const [name, g] of Object.entries(grads)) {
        const key = keyOfVarName.get(name)!;
        const mt = maskT.get(key);
        masked[name] = mt ? g.mul(mt) : g;
        const mv = movement.get(key);
        if (mv) mv.assign(mv.sub(g.mul(tfVars[keys.indexOf(key)])));
      }
      optimizer.applyGradients(masked);
      for (const [key, mt] of maskT) {
        const v = tfVars[keys.indexOf(key)];
        v.assign(v.mul(mt));
      }
      const p = probs as unknown as tf.Tensor;
      const correct = tf.sum(tf.cast(tf.equal(tf.argMax(p, -1), tf.argMax(y, -1)), 'float32'));
      p.dispose();
      lossSum.assign(lossSum.add(value.mul(x.shape[0])));
      correctSum.assign(correctSum.add(correct));
    });
  };

  const report = async (epoch: number, batch: number): Promise<void> => {
    const [l, c] = await Promise.all([lossSum.data(), correctSum.data()]);
    const activeMs = performance.now() - startMs - excludedMs;
    tf.tidy(() => {
      lossSum.assign(tf.zerosLike(lossSum));
      correctSum.assign(tf.zerosLike(correctSum));
    });
    const perBatchMs = done ? activeMs / done : 0;
    const p: TrainProgress = {
      batch,
      batchesPerEpoch,
      epoch,
      epochs: opts.epochs,
      done,
      total,
      loss: examplesSinceReport ? l[0] / examplesSinceReport : 0,
      accuracy: examplesSinceReport ? c[0] / examplesSinceReport : 0,
      examplesPerSec: activeMs > 0 ? (examplesDone * 1000) / activeMs : 0,
      etaSec: ((total - done) * perBatchMs) / 1000,
      sparsity,
    };
    sinceReport = 0;
    examplesSinceReport = 0;
    lastReportAt = performance.now();
    history.push(p);
    const t = performance.now();
    extras.onProgress?.(p);
    excludedMs += performance.now() - t;
  };

  let epoch: number;
  let batchInEpoch = 0;
  const startMs = performance.now();
  try {
    outer: for (epoch = 0; epoch < opts.epochs && done < total; epoch++) {
      if (extras.learningRateAt && epoch > 0) setLearningRate(extras.learningRateAt(epoch));
      const order = permutation(nTrain, rng);
      for (batchInEpoch = 0; batchInEpoch < batchesPerEpoch && done < total; batchInEpoch++) {
        if (controller) {
          const t = performance.now();
          await controller.waitWhilePaused();
          excludedMs += performance.now() - t;
          if (controller.cancelled) {
            cancelled = true;
            break outer;
          }
        }
        const newMasks = extras.onStep?.(done) ?? null;
        if (newMasks) {
          setMasks(newMasks);
          sparsity = maskSparsity(graph, masks);
          if (opts.optimizer === 'adam') await zeroPrunedMoments(optimizer, vars, maskT);
        }
        const idx = order.subarray(
          batchInEpoch * batchSize,
          Math.min(nTrain, (batchInEpoch + 1) * batchSize),
        );
        const x = toInput(dataset, idx, modelId, 'train');
        const labels = toLabels(dataset, idx, 'train');
        const y = tf.oneHot(labels, graph.classes);
        step(x, y);
        tf.dispose([x, labels, y]);
        done++;
        sinceReport++;
        examplesSinceReport += idx.length;
        examplesDone += idx.length;
        const epochEnd = batchInEpoch + 1 === batchesPerEpoch;
        const due = sinceReport >= reportEvery && performance.now() - lastReportAt >= minReportMs;
        if (due || epochEnd || done === total) {
          await report(epoch, batchInEpoch + 1);
        } else {
          await nextTick();
        }
      }
    }
    if (sinceReport > 0) await report(Math.min(epoch, opts.epochs - 1), batchInEpoch);
  } finally {
    markWeightsChanged(model);
    for (const t of maskT.values()) t.dispose();
    optimizer.dispose();
    lossSum.dispose();
    correctSum.dispose();
  }
  let movementScores: ScoreSet | undefined;
  if (extras.movement) {
    movementScores = {};
    for (const [k, v] of movement) {
      movementScores[k] = Float32Array.from((await v.data()) as Float32Array);
      v.dispose();
    }
  }
  const result: MaskedTrainResult = {
    weights: getWeights(model),
    initial,
    cancelled,
    history,
    masks,
  };
  if (movementScores) result.movement = movementScores;
  return result;
}

/**
 * Zeroes the Adam optimizer's first and second moments at pruned positions, so a weight that is
 * pruned mid-run carries no momentum.
 */
async function zeroPrunedMoments(
  optimizer: tf.Optimizer,
  vars: Map<string, tf.LayerVariable>,
  maskT: Map<string, tf.Tensor>,
): Promise<void> {
  const state = await optimizer.getWeights();
  const byName = new Map(state.map((s) => [s.name, s.tensor]));
  // getWeights() makes a fresh 'iter' scalar; the moments are the optimizer's own variables.
  for (const s of state) if (s.name === 'iter') s.tensor.dispose();
  tf.tidy(() => {
    for (const [key, mt] of maskT) {
      const name = backendVariable(vars.get(key)!).name;
      for (const suffix of ['/m', '/v']) {
        const t = byName.get(name + suffix);
        if (t && t instanceof tf.Variable) t.assign(t.mul(mt));
      }
    }
  });
}

/**
 * One-batch gradient scores on the masked network (masks applied for the computation, weights
 * restored afterwards). Both kinds are per weight, same shape as the weights:
 * - 'snip': |g ⊙ w| normalised so the scores of all tensors sum to 1 (SNIP's connection sensitivity);
 * - 'taylor': |g ⊙ w|, the first-order Taylor estimate of the loss change when a weight is removed;
 *   src/core sums these over a unit's weights for structured Taylor pruning.
 * Pruned weights score exactly 0 (their w is 0); a layer removed whole is skipped as identity.
 * `indices` pick the batch from the train split.
 */
export function gradientScores(
  model: tf.LayersModel,
  dataset: Dataset,
  indices: ArrayLike<number>,
  kind: 'snip' | 'taylor',
  masks: MaskSet,
): ScoreSet {
  const graph = graphOfModel(model);
  const vars = weightVariables(model);
  const keys = [...vars.keys()];
  const restore = maskTemporarily(vars, masks);
  let scores: tf.Tensor[];
  try {
    scores = tf.tidy(() => {
      const x = toInput(dataset, indices, graph.id as ModelId, 'train');
      const y = tf.oneHot(toLabels(dataset, indices, 'train'), graph.classes);
      const tfVars = keys.map((k) => backendVariable(vars.get(k)!));
      const skip = new Set(removedLayers(graph, masks));
      const { grads } = tf.variableGrads(
        () => crossEntropy(forwardSkipping(model, x, skip, false), y),
        tfVars,
      );
      const raw = tfVars.map((v) => tf.abs(tf.mul(grads[v.name], v)));
      if (kind === 'taylor') return raw;
      const sum = tf.addN(raw.map((r) => tf.sum(r)));
      const denom = tf.maximum(sum, 1e-30);
      return raw.map((r) => tf.div(r, denom));
    });
  } finally {
    restore();
  }
  const out: ScoreSet = {};
  keys.forEach((k, i) => {
    out[k] = Float32Array.from(scores[i].dataSync() as Float32Array);
  });
  tf.dispose(scores);
  return out;
}

/**
 * A fixed, class-balanced batch of train-split indices for gradientScores: the first `size` of a
 * seeded class-interleaved order (e.g. about 13 per class for 128 with 10 classes).
 */
export function scoreBatchIndices(dataset: Dataset, size = 128, seed = 0): number[] {
  return previewIndices(
    dataset.trainY,
    dataset.classNames.length,
    Math.min(size, dataset.trainY.length),
    seed,
  );
}
