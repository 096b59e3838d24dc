/**
 * Class probabilities of one example from the unpruned and the pruned model (for the drawing pad).
 */
import * as tf from './tf.ts';
import type { MaskSet } from '../core/types.ts';
import type { PredictResult } from './results.ts';
import { maskTemporarily } from './masking.ts';
import { weightVariables } from './zoo.ts';

/** The model's input shape without the batch axis, e.g. [28, 28, 1] or [28, 28]. */
function inputShape(model: tf.LayersModel): number[] {
  return (model.inputs[0].shape.slice(1) as (number | null)[]).map((d) => d ?? 1);
}

function probabilities(model: tf.LayersModel, input: Float32Array, shape: number[]): number[] {
  return tf.tidy(() => {
    const y = model.predict(tf.tensor(input, [1, ...shape], 'float32')) as tf.Tensor;
    return Array.from(y.dataSync());
  });
}

/**
 * Predicts one example twice: with the current weights, and with `masks` applied (the weights are
 * restored afterwards).
 * @param input one example, row-major, as many values as the model's input (784 for a 28x28 image,
 *   whatever the model's shape: [28, 28, 1], [28, 28] rows or [784]); pixels in [0, 1]
 * @returns softmax probabilities per class for both models
 */
export function predictPair(
  model: tf.LayersModel,
  input: Float32Array,
  masks: MaskSet,
): PredictResult {
  const shape = inputShape(model);
  const size = shape.reduce((a, b) => a * b, 1);
  if (input.length !== size)
    throw new Error(
      `This model takes ${size} input values (shape ${shape.join('x')}), not ${input.length}: drawing works with the image models on MNIST or Fashion-MNIST.`,
    );
  const unpruned = probabilities(model, input, shape);
  const restore = maskTemporarily(weightVariables(model), masks);
  try {
    return { unpruned, pruned: probabilities(model, input, shape) };
  } finally {
    restore();
  }
}
