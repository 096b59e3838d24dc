/**
 * Recording a gradual-pruning run as a time-lapse: at every mask update of the schedule, one frame
 * with the step, the sparsity, and the mask and weights of one tensor.
 */
import type { MaskSet, WeightSet } from '../core/types.ts';
import type { TimeLapseFrame, TrainProgress } from './results.ts';

/** Frames kept at most by default; beyond, every other frame is dropped (the last is kept). */
export const MAX_FRAMES = 120;

function prunedFraction(mask: Uint8Array | undefined): number {
  if (!mask || mask.length === 0) return 0;
  let pruned = 0;
  for (let i = 0; i < mask.length; i++) if (!mask[i]) pruned++;
  return pruned / mask.length;
}

/** Collects TimeLapseFrames of one tensor (`key`, e.g. 'dense1/kernel') during a training run. */
export class TimeLapseRecorder {
  private readonly list: TimeLapseFrame[] = [];
  private accuracy: number | null = null;

  constructor(
    readonly key: string,
    private readonly maxFrames = MAX_FRAMES,
  ) {}

  /** Remembers the latest training accuracy (0..1) for the next frame. */
  progress(p: TrainProgress): void {
    this.accuracy = p.accuracy;
  }

  /**
   * Records a frame: the tensor's weights (copied, unmasked) and mask at `step` (batches done), and
   * the network-wide target sparsity of the schedule at that step.
   */
  record(step: number, sparsity: number, weights: WeightSet, masks: MaskSet): void {
    const w = weights[this.key];
    if (!w) throw new Error(`No tensor ${this.key} to record a time-lapse of.`);
    const m = masks[this.key];
    const mask = m ? Uint8Array.from(m) : new Uint8Array(w.length).fill(1);
    this.list.push({
      step,
      sparsity,
      layerSparsity: prunedFraction(mask),
      mask,
      weights: Float32Array.from(w),
      accuracy: this.accuracy,
    });
    if (this.list.length > this.maxFrames) this.thin();
  }

  private thin(): void {
    const last = this.list[this.list.length - 1];
    const kept = this.list.filter((_, i) => i % 2 === 0);
    if (kept[kept.length - 1] !== last) kept.push(last);
    this.list.splice(0, this.list.length, ...kept);
  }

  /** Frames so far, in step order. */
  frames(): TimeLapseFrame[] {
    return this.list.slice();
  }
}
