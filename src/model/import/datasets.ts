/**
 * Which shipped datasets an imported graph can run on: the example holds as many values as the
 * model's input (so [28, 28, 1], [784] and [28, 28] row sequences all read MNIST / Fashion-MNIST,
 * [64, 1] and [64] read waves), and the dataset has as many classes as the model's output.
 */
import type { NetGraph } from '../../core/types.ts';
import type { DatasetId } from '../../data/types.ts';
import { DATASET_SHAPES } from '../zoo.ts';

const ORDER: DatasetId[] = ['mnist', 'fashion', 'waves'];

/** Datasets whose examples fit the graph's input and classes, in menu order. */
export function fittingDatasets(graph: NetGraph): DatasetId[] {
  const size = graph.inputShape.reduce((a, b) => a * b, 1);
  return ORDER.filter((id) => {
    const d = DATASET_SHAPES[id];
    return d.exampleShape.reduce((a, b) => a * b, 1) === size && d.classes === graph.classes;
  });
}

/** Words for the shapes the shipped datasets offer, for a refusal message. */
export function datasetShapesText(): string {
  return '28x28x1, 784 or 28x28 (rows) with 10 classes for MNIST and Fashion-MNIST; 64x1 or 64 with 4 classes for waves';
}
