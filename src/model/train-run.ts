/**
 * The tensor state of one masked training run: variables, masks on the backend, the optimizer,
 * loss / accuracy accumulators, and the divergence guard. Nothing is read back from the backend
 * per step; `readReport` reads accumulators and the guard in one go.
 */
import * as tf from './tf.ts';
import type { MaskSet, NetGraph, ScoreSet } from '../core/types.ts';
import type { TrainOptions } from './results.ts';
import { removedLayers } from '../core/metrics.ts';
import { forwardSkipping, hasZero, maskTensor } from './masking.ts';
import { crossEntropy, zeroPrunedMoments } from './train-control.ts';
import { backendVariable, graphOfModel, weightVariables } from './zoo.ts';

/** Where a run diverged: the 1-based batch and the last finite batch loss (null if none). */
export interface Divergence {
  batch: number;
  lastFiniteLoss: number | null;
}

/** Sums since the last report, plus the divergence found so far. */
export interface RunReading {
  lossSum: number;
  correctSum: number;
  diverged: Divergence | null;
}

/** A non-trainable variable holding `value`; the temporary initial tensor is freed. */
function scalarVariable(value: number, shape: number[] = []): tf.Variable {
  const z = tf.fill(shape, value);
  const v = tf.variable(z, false);
  z.dispose();
  return v;
}

export class MaskedRun {
  readonly graph: NetGraph;
  masks: MaskSet = {};
  private readonly vars: Map<string, tf.LayerVariable>;
  private readonly keys: string[];
  private readonly tfVars: tf.Variable[];
  /** The trainable ones (batch normalisation's moving statistics are not trained). */
  private readonly trainVars: tf.Variable[];
  private readonly keyOfVarName: Map<string, string>;
  private readonly maskT = new Map<string, tf.Tensor>();
  private skip = new Set<string>();
  private readonly optimizer: tf.Optimizer;
  private readonly movement = new Map<string, tf.Variable>();
  private readonly lossSum = scalarVariable(0);
  private readonly correctSum = scalarVariable(0);
  /** 1-based batch of the first non-finite loss or gradient, -1 while none. */
  private readonly firstBad = scalarVariable(-1) as tf.Variable<tf.Rank.R0>;
  /** Loss of the last finite batch before any non-finite one (NaN while none). */
  private readonly lastFinite = scalarVariable(NaN) as tf.Variable<tf.Rank.R0>;

  constructor(
    private readonly model: tf.LayersModel,
    private readonly opts: TrainOptions,
    learningRate: number,
    withMovement: boolean,
  ) {
    this.graph = graphOfModel(model);
    this.vars = weightVariables(model);
    this.keys = [...this.vars.keys()];
    this.tfVars = this.keys.map((k) => backendVariable(this.vars.get(k)!));
    this.keyOfVarName = new Map(this.keys.map((k, i) => [this.tfVars[i].name, k]));
    this.trainVars = this.tfVars.filter((_, i) => this.vars.get(this.keys[i])!.trainable);
    this.optimizer =
      opts.optimizer === 'adam' ? tf.train.adam(learningRate) : tf.train.sgd(learningRate);
    if (withMovement)
      for (const k of this.keys)
        this.movement.set(k, scalarVariable(0, this.vars.get(k)!.shape as number[]));
  }

  setLearningRate(value: number): void {
    // (instanceof on tfjs optimizers is duck-typed, so test the option instead)
    if (this.opts.optimizer === 'sgd') (this.optimizer as tf.SGDOptimizer).setLearningRate(value);
    else (this.optimizer as unknown as { learningRate: number }).learningRate = value;
  }

  /** Replaces the masks and prunes at once: masked weights become exactly zero. */
  setMasks(m: MaskSet): void {
    for (const t of this.maskT.values()) t.dispose();
    this.maskT.clear();
    this.masks = { ...m };
    this.skip = new Set(removedLayers(this.graph, this.masks));
    for (const key of this.keys) {
      const mk = this.masks[key];
      if (mk && hasZero(mk))
        this.maskT.set(key, maskTensor(mk, this.vars.get(key)!.shape as number[]));
    }
    tf.tidy(() => {
      for (const [key, mt] of this.maskT) this.variable(key).assign(this.variable(key).mul(mt));
    });
  }

  /** Masks changed mid-run: with Adam, the moments of newly pruned weights are zeroed. */
  async afterMaskChange(): Promise<void> {
    if (this.opts.optimizer === 'adam')
      await zeroPrunedMoments(this.optimizer, this.vars, this.maskT);
  }

  private variable(key: string): tf.Variable {
    return this.tfVars[this.keys.indexOf(key)];
  }

  /**
   * One optimizer step on batch (x, one-hot y), the `batchNo`-th of the run (1-based). Gradients of
   * pruned weights are zeroed and the weights re-masked after the step. A non-finite loss or
   * gradient is recorded by the guard (on the backend, no read-back).
   */
  step(x: tf.Tensor, y: tf.Tensor, batchNo: number): void {
    tf.tidy(() => {
      let probs: tf.Tensor | null = null;
      const { value, grads } = tf.variableGrads(() => {
        probs = tf.keep(forwardSkipping(this.model, x, this.skip, true));
        return crossEntropy(probs, y);
      }, this.trainVars);
      const masked: tf.NamedTensorMap = {};
      for (const [name, g] of Object.entries(grads)) {
        const key = this.keyOfVarName.get(name)!;
        const mt = this.maskT.get(key);
        masked[name] = mt ? g.mul(mt) : g;
        const mv = this.movement.get(key);
        if (mv) mv.assign(mv.sub(g.mul(this.variable(key))));
      }
      this.guard(value, Object.values(grads), batchNo);
      this.optimizer.applyGradients(masked);
      for (const [key, mt] of this.maskT) this.variable(key).assign(this.variable(key).mul(mt));
      const p = probs as unknown as tf.Tensor;
      const correct = tf.sum(tf.cast(tf.equal(tf.argMax(p, -1), tf.argMax(y, -1)), 'float32'));
      p.dispose();
      this.lossSum.assign(this.lossSum.add(value.mul(x.shape[0])));
      this.correctSum.assign(this.correctSum.add(correct));
    });
  }

  /** Records the first batch whose loss or gradient sum is not finite (inside step's tidy). */
  private guard(loss: tf.Scalar, grads: tf.Tensor[], batchNo: number): void {
    const gradSum = tf.addN(grads.map((g) => tf.sum(g)));
    const ok = tf.logicalAnd(tf.isFinite(loss), tf.isFinite(gradSum));
    const clean = tf.less(this.firstBad, 0);
    this.lastFinite.assign(tf.where(tf.logicalAnd(ok, clean), loss, this.lastFinite));
    this.firstBad.assign(
      tf.where(tf.logicalAnd(tf.logicalNot(ok), clean), tf.scalar(batchNo), this.firstBad),
    );
  }

  /** Reads the sums since the last call (and resets them) and the divergence guard. */
  async readReport(): Promise<RunReading> {
    const [l, c, bad, last] = await Promise.all(
      [this.lossSum, this.correctSum, this.firstBad, this.lastFinite].map((v) => v.data()),
    );
    tf.tidy(() => {
      this.lossSum.assign(tf.zerosLike(this.lossSum));
      this.correctSum.assign(tf.zerosLike(this.correctSum));
    });
    const diverged =
      bad[0] >= 0
        ? { batch: bad[0], lastFiniteLoss: Number.isFinite(last[0]) ? last[0] : null }
        : null;
    return { lossSum: l[0], correctSum: c[0], diverged };
  }

  /** The divergence guard alone (one small read-back). */
  async divergence(): Promise<Divergence | null> {
    const [bad, last] = await Promise.all([this.firstBad.data(), this.lastFinite.data()]);
    if (bad[0] < 0) return null;
    return { batch: bad[0], lastFiniteLoss: Number.isFinite(last[0]) ? last[0] : null };
  }

  /** Movement scores (-Σ g·w per weight) read back, then their variables freed. */
  async takeMovement(): Promise<ScoreSet | undefined> {
    if (this.movement.size === 0) return undefined;
    const out: ScoreSet = {};
    for (const [k, v] of this.movement) {
      out[k] = Float32Array.from((await v.data()) as Float32Array);
      v.dispose();
    }
    this.movement.clear();
    return out;
  }

  /** Frees masks, optimizer state and accumulators (movement too, if not taken). */
  dispose(): void {
    for (const t of this.maskT.values()) t.dispose();
    this.maskT.clear();
    this.optimizer.dispose();
    for (const v of [this.lossSum, this.correctSum, this.firstBad, this.lastFinite]) v.dispose();
    for (const v of this.movement.values()) v.dispose();
    this.movement.clear();
  }
}
