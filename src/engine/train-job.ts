/**
 * One training call of the engine: gradual pruning schedule, weight snapshots for the page
 * (transferred copies), and a lost WebGL context settling the call at once with the weights of the
 * last snapshot instead of leaving it hanging on a backend that will never answer.
 */
import type * as tf from '../model/tf.ts';
import { transfer } from 'comlink';
import { computeMasks, polynomialDecay, setGlobalSparsity } from '../core/index.ts';
import type { MaskSet, WeightSet } from '../core/types.ts';
import type { Dataset } from '../data/types.ts';
import { TrainController, trainModel } from '../model/train.ts';
import { TimeLapseRecorder } from '../model/timelapse.ts';
import { getWeights, graphOfModel } from '../model/zoo.ts';
import type { TrainOptions, TrainProgress, TrainResult, TrainSnapshot } from './api.ts';

/** What a training job needs from the engine around it. */
export interface TrainJobContext {
  controller: TrainController;
  /** Resolves when the WebGL context is lost (never, on the cpu backend). */
  lost: Promise<void>;
  /** True once the context is lost (checked synchronously before trusting a read-back). */
  isLost: () => boolean;
  /** The last weights known good on the CPU (loaded, set, or trained), the fallback of a loss. */
  known: WeightSet;
}

/** The gradual-pruning onStep of TrainExtras for opts.gradual, or undefined without one. */
function gradualStep(
  model: tf.LayersModel,
  opts: TrainOptions,
  recorder: TimeLapseRecorder | null,
): ((step: number) => MaskSet | null) | undefined {
  const g = opts.gradual;
  if (!g) return undefined;
  const graph = graphOfModel(model);
  const schedule = polynomialDecay({
    initialSparsity: g.initialSparsity,
    finalSparsity: g.finalSparsity,
    beginStep: g.beginStep,
    endStep: g.endStep,
    frequency: g.frequency,
    power: g.power,
  });
  return (step) => {
    if (!schedule.shouldPrune(step)) return null;
    const weights = getWeights(model);
    const sparsity = schedule.sparsityAt(step);
    const masks = computeMasks(graph, weights, setGlobalSparsity(g.config, sparsity));
    recorder?.record(step, sparsity, weights, masks);
    return masks;
  };
}

/** A deep copy of a snapshot, marked for transfer across the worker boundary. */
function transferable(s: TrainSnapshot): TrainSnapshot {
  const weights: WeightSet = {};
  for (const [k, w] of Object.entries(s.weights)) weights[k] = w.slice();
  return transfer(
    { weights, done: s.done },
    Object.values(weights).map((w) => w.buffer as ArrayBuffer),
  );
}

/**
 * Runs trainModel for the engine. Resolves (never hangs) when the context is lost: the result then
 * has `stopped: {reason: 'context-lost', lastBatch}` and the weights of the last snapshot (taken
 * while the context was intact), or the last weights known good before the run (ctx.known).
 */
export async function runTrainJob(
  model: tf.LayersModel,
  dataset: Dataset,
  opts: TrainOptions,
  onProgress: (p: TrainProgress) => void,
  onSnapshot: ((s: TrainSnapshot) => void) | undefined,
  ctx: TrainJobContext,
): Promise<TrainResult> {
  let last: TrainSnapshot | null = null;
  const history: TrainProgress[] = [];
  const recorder = opts.timelapse
    ? new TimeLapseRecorder(opts.timelapse.tensor, opts.timelapse.maxFrames)
    : null;
  const extras = {
    controller: ctx.controller,
    onStep: gradualStep(model, opts, recorder),
    onProgress: (p: TrainProgress) => {
      if (ctx.isLost()) return;
      recorder?.progress(p);
      history.push(p);
      onProgress(p);
    },
    onSnapshot: (s: TrainSnapshot) => {
      // A read-back from a lost context returns zeros, not weights: never keep or hand those.
      if (ctx.isLost()) return;
      last = s;
      if (onSnapshot) void Promise.resolve(onSnapshot(transferable(s))).catch(() => undefined);
    },
  };
  // Without a listener only the snapshot at the start is taken (for the lost-context result).
  const runOpts = onSnapshot ? opts : { ...opts, snapshotEvery: undefined, snapshotMs: Infinity };
  const training = trainModel(model, dataset, runOpts, extras).then((r) => ({ r }));
  const lost = ctx.lost.then(() => null);
  const outcome = await Promise.race([training, lost]);
  if (outcome && !ctx.isLost()) {
    const { r } = outcome;
    const result: TrainResult = {
      weights: r.weights,
      initial: r.initial,
      masks: r.masks,
      cancelled: r.cancelled,
      history: r.history,
    };
    if (r.stopped) result.stopped = r.stopped;
    if (recorder) {
      const lastReport = r.history[r.history.length - 1];
      recorder.record(lastReport?.done ?? 0, lastReport?.sparsity ?? 0, r.weights, r.masks);
      result.timelapse = recorder.frames();
    }
    return result;
  }
  ctx.controller.cancel();
  training.catch(() => undefined);
  const snap = last as TrainSnapshot | null;
  return {
    weights: snap ? snap.weights : ctx.known,
    cancelled: false,
    history,
    stopped: { reason: 'context-lost', lastBatch: snap ? snap.done : (opts.startAt ?? 0) },
  };
}
