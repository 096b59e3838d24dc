/**
 * Masked training with a custom loop (tf.variableGrads + optimizer.applyGradients): pruned weights
 * have their gradients zeroed before every optimizer step and are re-masked after it, so they stay
 * exactly zero whatever the optimizer's state. Masks live on the backend as constant tensors; the
 * loop downloads nothing per step except at progress reports and weight snapshots.
 *
 * Divergence is caught at the first report after it: a batch whose loss or gradients are not
 * finite stops the run, and the weights from before the run are put back (result.stopped).
 * An interrupted run resumes with TrainOptions.startAt from a snapshot (extras.onSnapshot).
 */
import * as tf from './tf.ts';
import type { MaskSet, ScoreSet, WeightSet } from '../core/types.ts';
import type { Dataset } from '../data/types.ts';
import type { TrainOptions, TrainProgress, TrainResult, TrainSnapshot } from './results.ts';
import { deriveSeed, mulberry32, permutation } from '../core/random.ts';
import { TrainController, maskSparsity, nextTick } from './train-control.ts';
import { MaskedRun, type Divergence } from './train-run.ts';
import {
  getWeights,
  graphOfModel,
  initialWeights,
  markWeightsChanged,
  setWeights,
  toInput,
  toLabels,
} from './zoo.ts';

export { TrainController, crossEntropy, maskSparsity } from './train-control.ts';
export { gradientScores, scoreBatchIndices } from './gradients.ts';
export type { Divergence } from './train-run.ts';

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
  /**
   * Weight snapshots as of a batch (see TrainOptions.snapshotEvery / snapshotMs): at the start
   * (done = startAt), then periodically. Never handed after a non-finite loss or gradient. The
   * arrays are fresh copies the callee may keep or transfer.
   */
  onSnapshot?: (s: TrainSnapshot) => void;
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

/** TrainResult plus what only the model layer keeps. */
export interface MaskedTrainResult extends TrainResult {
  /** Weights at the start of the run (after re-initialisation when fromScratch), for rewinding. */
  initial: WeightSet;
  /** Masks in force at the end (differs from opts.masks when onStep changed them). */
  masks: MaskSet;
  /** Movement scores by tensor key when extras.movement was set. */
  movement?: ScoreSet;
}

/** Batches of a run: per epoch, planned in total (maxBatches applied), and where to start. */
interface Plan {
  batchSize: number;
  batchesPerEpoch: number;
  total: number;
  startAt: number;
}

function planOf(dataset: Dataset, opts: TrainOptions): Plan {
  const nTrain = dataset.trainY.length;
  const batchSize = Math.max(1, Math.min(opts.batchSize, nTrain));
  const batchesPerEpoch = Math.ceil(nTrain / batchSize);
  const planned = opts.epochs * batchesPerEpoch;
  const total = Math.min(planned, opts.maxBatches ?? planned);
  const startAt = Math.min(total, Math.max(0, Math.floor(opts.startAt ?? 0)));
  return { batchSize, batchesPerEpoch, total, startAt };
}

/** How the loop ended. */
type LoopEnd = { kind: 'done' } | { kind: 'cancelled' } | { kind: 'diverged'; at: Divergence };

/** The batch loop of one run: order, cadence of reports and snapshots, pause and cancel. */
class TrainLoop {
  readonly history: TrainProgress[] = [];
  private done: number;
  private sinceReport = 0;
  private examplesSinceReport = 0;
  private examplesDone = 0;
  /** Time paused or spent in callbacks, excluded from speed and ETA. */
  private excludedMs = 0;
  private lastReportAt = -Infinity;
  private lastSnapAt: number;
  private lastSnapDone: number;
  private readonly startMs = performance.now();
  private sparsity: number;
  private epoch = 0;
  private batchInEpoch = 0;

  constructor(
    private readonly model: tf.LayersModel,
    private readonly run: MaskedRun,
    private readonly dataset: Dataset,
    private readonly opts: TrainOptions,
    private readonly extras: TrainExtras,
    private readonly plan: Plan,
  ) {
    this.done = plan.startAt;
    this.lastSnapDone = plan.startAt;
    this.lastSnapAt = performance.now();
    this.sparsity = maskSparsity(run.graph, run.masks);
  }

  /** Runs the batches from plan.startAt to plan.total. */
  async loop(): Promise<LoopEnd> {
    const { batchesPerEpoch, total, startAt } = this.plan;
    const nTrain = this.dataset.trainY.length;
    const rng = mulberry32(deriveSeed(this.opts.seed, 'shuffle'));
    const startEpoch = Math.floor(startAt / batchesPerEpoch);
    let end: LoopEnd = { kind: 'done' };
    outer: for (this.epoch = 0; this.epoch < this.opts.epochs && this.done < total; this.epoch++) {
      // Every epoch draws its order, skipped ones too, so a resumed run sees the same batches.
      const order = permutation(nTrain, rng);
      if (this.epoch < startEpoch) continue;
      if (this.extras.learningRateAt && this.epoch > 0)
        this.run.setLearningRate(this.extras.learningRateAt(this.epoch));
      const first = this.epoch === startEpoch ? startAt - startEpoch * batchesPerEpoch : 0;
      for (this.batchInEpoch = first; this.batchInEpoch < batchesPerEpoch; this.batchInEpoch++) {
        if (this.done >= total) break;
        const stop = await this.batch(order);
        if (stop) {
          end = stop;
          break outer;
        }
      }
    }
    if (end.kind !== 'diverged' && this.sinceReport > 0) {
      const epoch = Math.min(this.epoch, this.opts.epochs - 1);
      const at = await this.report(epoch, this.batchInEpoch);
      if (at) return { kind: 'diverged', at };
    }
    return end;
  }

  /** Hands the page the weights as of now (fresh copies). */
  snapshot(): void {
    if (!this.extras.onSnapshot) return;
    const t = performance.now();
    this.extras.onSnapshot({ weights: getWeights(this.model), done: this.done });
    this.lastSnapDone = this.done;
    this.lastSnapAt = performance.now();
    this.excludedMs += this.lastSnapAt - t;
  }

  /** One batch with everything around it; returns how the loop ends, or null to go on. */
  private async batch(order: Int32Array): Promise<LoopEnd | null> {
    const controller = this.extras.controller;
    if (controller) {
      const t = performance.now();
      await controller.waitWhilePaused();
      this.excludedMs += performance.now() - t;
      if (controller.cancelled) return { kind: 'cancelled' };
    }
    const maskEnd = await this.updateMasks();
    if (maskEnd) return maskEnd;
    const { batchSize, batchesPerEpoch, total } = this.plan;
    const nTrain = this.dataset.trainY.length;
    const lo = this.batchInEpoch * batchSize;
    const idx = order.subarray(lo, Math.min(nTrain, lo + batchSize));
    const x = toInput(this.dataset, idx, this.run.graph, 'train');
    const labels = toLabels(this.dataset, idx, 'train');
    const y = tf.oneHot(labels, this.run.graph.classes);
    this.run.step(x, y, this.done + 1);
    tf.dispose([x, labels, y]);
    this.done++;
    this.sinceReport++;
    this.examplesSinceReport += idx.length;
    this.examplesDone += idx.length;
    const epochEnd = this.batchInEpoch + 1 === batchesPerEpoch;
    const reportEvery = Math.max(1, this.opts.reportEvery ?? 1);
    const minReportMs = Math.max(0, this.opts.minReportMs ?? 0);
    const due =
      this.sinceReport >= reportEvery && performance.now() - this.lastReportAt >= minReportMs;
    const reported = due || epochEnd || this.done === total;
    if (reported) {
      const at = await this.report(this.epoch, this.batchInEpoch + 1);
      if (at) return { kind: 'diverged', at };
    }
    if (this.snapshotDue()) {
      const at = reported ? null : await this.run.divergence();
      if (at) return { kind: 'diverged', at };
      this.snapshot();
    }
    if (!reported) await nextTick();
    return null;
  }

  private snapshotDue(): boolean {
    if (!this.extras.onSnapshot || this.done >= this.plan.total) return false;
    const every = this.opts.snapshotEvery;
    if (every !== undefined && every > 0) return this.done - this.lastSnapDone >= every;
    return performance.now() - this.lastSnapAt >= (this.opts.snapshotMs ?? 2000);
  }

  /**
   * Gradual pruning: asks onStep for new masks. onStep computes masks from the current weights,
   * which throws on NaN weights, so an error there is first checked against the divergence guard.
   */
  private async updateMasks(): Promise<LoopEnd | null> {
    let newMasks: MaskSet | null;
    try {
      newMasks = this.extras.onStep?.(this.done) ?? null;
    } catch (e) {
      const at = await this.run.divergence();
      if (at) return { kind: 'diverged', at };
      throw e;
    }
    if (newMasks) {
      this.run.setMasks(newMasks);
      this.sparsity = maskSparsity(this.run.graph, this.run.masks);
      await this.run.afterMaskChange();
    }
    return null;
  }

  /** Reads the sums and publishes a report; returns the divergence instead when there is one. */
  private async report(epoch: number, batch: number): Promise<Divergence | null> {
    const r = await this.run.readReport();
    if (r.diverged) return r.diverged;
    const activeMs = performance.now() - this.startMs - this.excludedMs;
    const ran = this.done - this.plan.startAt;
    const perBatchMs = ran ? activeMs / ran : 0;
    const n = this.examplesSinceReport;
    const p: TrainProgress = {
      batch,
      batchesPerEpoch: this.plan.batchesPerEpoch,
      epoch,
      epochs: this.opts.epochs,
      done: this.done,
      total: this.plan.total,
      loss: n ? r.lossSum / n : 0,
      accuracy: n ? r.correctSum / n : 0,
      examplesPerSec: activeMs > 0 ? (this.examplesDone * 1000) / activeMs : 0,
      etaSec: ((this.plan.total - this.done) * perBatchMs) / 1000,
      sparsity: this.sparsity,
    };
    this.sinceReport = 0;
    this.examplesSinceReport = 0;
    this.lastReportAt = performance.now();
    this.history.push(p);
    const t = performance.now();
    this.extras.onProgress?.(p);
    this.excludedMs += performance.now() - t;
    return null;
  }
}

/**
 * Trains a zoo model (built by buildModel) on the dataset's train split with masks enforced. A layer
 * the masks remove whole (src/core removedLayers) is skipped as identity in the forward pass.
 * Shuffling is seeded (opts.seed), so the same seed, options and starting weights reproduce the same
 * weights on the same backend. Runs `epochs` passes of ceil(nTrain / batchSize) batches (the last one
 * partial), or stops after `maxBatches`; with `startAt` it resumes after that many batches. The
 * model's weights are updated in place, except when the run diverges: then the weights from before
 * the run are put back and `stopped` says where it happened.
 * @returns final weights, initial weights of the run, history of progress reports, final masks
 */
export async function trainModel(
  model: tf.LayersModel,
  dataset: Dataset,
  opts: TrainOptions,
  extras: TrainExtras = {},
): Promise<MaskedTrainResult> {
  const plan = planOf(dataset, opts);
  const before = getWeights(model);
  if (opts.fromScratch && plan.startAt === 0)
    setWeights(model, initialWeights(graphOfModel(model), opts.seed));
  const initial = opts.fromScratch && plan.startAt === 0 ? getWeights(model) : before;
  const startEpoch = Math.floor(plan.startAt / plan.batchesPerEpoch);
  const lr = extras.learningRateAt ? extras.learningRateAt(startEpoch) : opts.learningRate;
  const run = new MaskedRun(model, opts, lr, extras.movement === true);
  let end: LoopEnd;
  let loop: TrainLoop;
  let movement: ScoreSet | undefined;
  try {
    run.setMasks(opts.masks ?? {});
    loop = new TrainLoop(model, run, dataset, opts, extras, plan);
    loop.snapshot();
    end = await loop.loop();
    if (end.kind !== 'diverged') movement = await run.takeMovement();
  } finally {
    markWeightsChanged(model);
    run.dispose();
  }
  if (end.kind === 'diverged') setWeights(model, before);
  const result: MaskedTrainResult = {
    weights: end.kind === 'diverged' ? before : getWeights(model),
    initial,
    cancelled: end.kind === 'cancelled',
    history: loop.history,
    masks: run.masks,
  };
  if (end.kind === 'diverged')
    result.stopped = {
      reason: 'diverged',
      batch: end.at.batch,
      lastFiniteLoss: end.at.lastFiniteLoss,
    };
  if (movement) result.movement = movement;
  return result;
}
