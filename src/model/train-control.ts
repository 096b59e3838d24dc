/**
 * Pieces of the masked training loop: pause / resume / cancel, the loss, mask sparsity, yielding to
 * the event loop, and zeroing Adam moments of pruned weights.
 */
import * as tf from './tf.ts';
import type { MaskSet, NetGraph } from '../core/types.ts';
import { backendVariable } from './zoo.ts';

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

/** Fraction of kernel / recurrent-kernel weights (biases and normalisation excluded) pruned by the masks. */
export function maskSparsity(graph: NetGraph, masks: MaskSet | undefined): number {
  let total = 0;
  let pruned = 0;
  for (const l of graph.layers) {
    for (const t of l.tensors) {
      if (t.role !== 'kernel' && t.role !== 'recurrentKernel') continue;
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
export const nextTick: () => Promise<void> = (() => {
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
 * Zeroes the Adam optimizer's first and second moments at pruned positions, so a weight that is
 * pruned mid-run carries no momentum.
 */
export async function zeroPrunedMoments(
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
