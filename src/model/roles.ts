/**
 * Keras / TensorFlow.js weight names (the last part of a variable or weight-manifest name, e.g.
 * `conv1/kernel`) and the tensor role each one is in a NetGraph.
 */
import type { TensorRole } from '../core/types.ts';

/** The role of each weight name a zoo or imported model uses. */
export const ROLE_OF_NAME: Readonly<Record<string, TensorRole>> = {
  kernel: 'kernel',
  recurrent_kernel: 'recurrentKernel',
  bias: 'bias',
  gamma: 'gamma',
  beta: 'beta',
  moving_mean: 'movingMean',
  moving_variance: 'movingVariance',
};
