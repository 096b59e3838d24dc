/**
 * What the training bar says when a run stops on its own: a diverging loss, a lost graphics
 * context. Each message says what happened, what was kept and what the visitor can do.
 */
import type { TrainOptions, TrainStop } from '../model/results.ts';

/** A loss as text (4 significant digits). */
function lossText(x: number): string {
  return Number.isFinite(x) ? x.toPrecision(4) : String(x);
}

/**
 * The message of a diverged run.
 * @param stop the engine's stop reason (batch from 1, last finite batch loss or null)
 * @param learningRate the run's learning rate
 */
export function divergedText(
  stop: Extract<TrainStop, { reason: 'diverged' }>,
  learningRate: number,
): string {
  const last =
    stop.lastFiniteLoss === null
      ? 'the very first batch already failed'
      : `the last finite loss was ${lossText(stop.lastFiniteLoss)}`;
  const lower = (learningRate / 10).toExponential(0);
  return (
    `Training diverged at batch ${stop.batch}: the loss became NaN or infinite (${last}). ` +
    `It stopped there and the weights from before the run are back. ` +
    `Try a lower learning rate (e.g. ${lower} instead of ${learningRate.toExponential(0)}).`
  );
}

/**
 * The message after a lost graphics context during training.
 * @param lastBatch batches done as of the last snapshot (the weights kept)
 * @param resume true when the run resumes, false when it ends here
 * @param losses lost contexts in this run so far
 */
export function lostText(
  lastBatch: number,
  opts: TrainOptions,
  resume: boolean,
  losses: number,
): string {
  const at = lastBatch > (opts.startAt ?? 0) || lastBatch > 0;
  const kept = at
    ? `the weights as of batch ${lastBatch} (the last snapshot)`
    : 'the weights from before the run (no batch had been saved yet)';
  const lost = `the batches after ${lastBatch} and the optimizer's running averages (Adam restarts them)`;
  const again = losses > 1 ? ` (lost ${losses} times in this run)` : '';
  const next = resume
    ? `Training resumes from batch ${lastBatch}.`
    : 'Training has ended; press Fine-tune or Train to continue from these weights.';
  return `The graphics context was lost during training${again}. Kept: your pruning setup and ${kept}. Lost: ${lost}. ${next}`;
}

/** The refusal of an experiment while training runs (taken down when the run ends). */
export const TRAINING_RUNNING =
  'Training is running in the workbench; let it finish before starting an experiment.';
