/**
 * The probe's workload sizes, in a module of their own (no tfjs), so the page can name them
 * without pulling TensorFlow.js into the main bundle.
 */

/** Examples evaluated by the probe. */
export const PROBE_EVAL = 64;
/** Batch size of the probe's training step. */
export const PROBE_BATCH = 16;
