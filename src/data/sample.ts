import { deriveSeed, mulberry32, shuffleInPlace } from './random.ts';
import type { Dataset } from './types.ts';

/**
 * Picks examples to show in a grid, e.g. for the dataset picker: up to `perClass` examples of each
 * class, chosen at random with a seed. Pure: the same dataset, count and seed give the same indices.
 * @param dataset the loaded dataset.
 * @param perClass examples wanted per class (fewer when a class has fewer).
 * @param seed seed of the choice.
 * @param split which split the indices point into (the test split by default).
 * @returns indices into that split, class by class (all of class 0, then class 1, ...), and within
 *   a class in increasing order.
 */
export function sampleIndices(
  dataset: Dataset,
  perClass: number,
  seed: number,
  split: 'train' | 'test' = 'test',
): number[] {
  const labels = split === 'train' ? dataset.trainY : dataset.testY;
  const classes = dataset.classNames.length;
  const byClass: number[][] = Array.from({ length: classes }, () => []);
  for (let i = 0; i < labels.length; i++) byClass[labels[i]]?.push(i);
  const out: number[] = [];
  byClass.forEach((indices, c) => {
    const picked = shuffleInPlace(indices, mulberry32(deriveSeed(seed, c))).slice(
      0,
      Math.max(0, perClass),
    );
    out.push(...picked.sort((a, b) => a - b));
  });
  return out;
}
