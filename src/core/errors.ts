/**
 * Typed errors of the pruning core. Every check that rejects user-reachable input throws a
 * `PruningError` whose `code` says what went wrong and whose message says how to fix it.
 */

/** What was wrong with the input. */
export type PruningErrorCode =
  | 'bad-sparsity' // sparsity outside [0, 1] or NaN
  | 'shape-mismatch' // a shape does not match an array's length, or tensors do not line up
  | 'nan-weights' // a weight (or score) is NaN
  | 'bad-axis' // an axis outside the shape
  | 'bad-nm' // N:M parameters invalid, or m does not divide the axis
  | 'bad-block' // block shape invalid or weights not 2-D
  | 'missing-scores' // a score-based method was asked for without scores
  | 'missing-weights' // a tensor of the graph has no weights
  | 'not-removable' // a layer was marked removed that cannot be removed
  | 'bad-graph' // the graph description is inconsistent
  | 'bad-schedule'; // schedule parameters invalid

/** Why a sweep could not be planned (see sweep.ts). */
export type SweepErrorCode = 'no-methods' | 'bad-grid' | 'bad-batches' | 'bad-layer' | 'bad-method';

/** An error whose `code` says what went wrong and whose message says how to fix it. */
abstract class CodedError<Code extends string> extends Error {
  readonly code: Code;

  constructor(code: Code, message: string) {
    super(message);
    this.code = code;
  }
}

/** Error thrown by every function of the core on invalid input. */
export class PruningError extends CodedError<PruningErrorCode> {
  override name = 'PruningError';
}

/** Error thrown by the sweep planner and the grid parser; the message says how to fix the input. */
export class SweepError extends CodedError<SweepErrorCode> {
  override name = 'SweepError';
}

/** True when `e` is a PruningError (optionally with the given code). */
export function isPruningError(e: unknown, code?: PruningErrorCode): e is PruningError {
  return e instanceof PruningError && (code === undefined || e.code === code);
}

/**
 * Throws 'bad-sparsity' unless `sparsity` is a number in [0, 1].
 * @param what names the value in the message, e.g. 'sparsity of conv1'
 */
export function checkSparsity(sparsity: number, what = 'sparsity'): void {
  if (typeof sparsity !== 'number' || Number.isNaN(sparsity) || sparsity < 0 || sparsity > 1) {
    throw new PruningError(
      'bad-sparsity',
      `The ${what} must be a fraction between 0 and 1 (0 = keep all, 1 = prune all), but got ${String(sparsity)}.`,
    );
  }
}

/**
 * Throws 'shape-mismatch' unless every dimension is a non-negative integer and their product is
 * `length`. Returns the product.
 */
export function checkShape(shape: readonly number[], length: number, what = 'weights'): number {
  let size = 1;
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) {
      throw new PruningError(
        'shape-mismatch',
        `The shape [${shape.join(', ')}] of the ${what} has a dimension that is not a non-negative integer.`,
      );
    }
    size *= d;
  }
  if (size !== length) {
    throw new PruningError(
      'shape-mismatch',
      `The shape [${shape.join(', ')}] of the ${what} holds ${size} elements, but the array has ${length}. ` +
        'Pass the shape of this very tensor (TensorFlow.js layout, row-major).',
    );
  }
  return size;
}

/** Throws 'bad-axis' unless `axis` is an integer in [0, rank). */
export function checkAxis(axis: number, rank: number): void {
  if (!Number.isInteger(axis) || axis < 0 || axis >= rank) {
    throw new PruningError(
      'bad-axis',
      `Axis ${String(axis)} is outside a tensor of rank ${rank}; use an axis from 0 to ${rank - 1}.`,
    );
  }
}

/** Throws 'nan-weights' when the array holds a NaN. */
export function checkNoNaN(values: Float32Array, what = 'weights'): void {
  for (let i = 0; i < values.length; i++) {
    if (values[i] !== values[i]) {
      throw new PruningError(
        'nan-weights',
        `The ${what} contain NaN (first at index ${i}); training has probably diverged. ` +
          'Lower the learning rate or reload the checkpoint before pruning.',
      );
    }
  }
}
