import type { DatasetId } from './types.ts';

/** Every dataset id, in the order the dataset picker lists them. */
export const DATASET_IDS = ['mnist', 'fashion', 'waves'] as const;

/** Class names by dataset; label k of a dataset is classNames[id][k]. */
export const classNames: Readonly<Record<DatasetId, readonly string[]>> = {
  mnist: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  fashion: [
    'T-shirt/top',
    'Trouser',
    'Pullover',
    'Dress',
    'Coat',
    'Sandal',
    'Shirt',
    'Sneaker',
    'Bag',
    'Ankle boot',
  ],
  waves: ['sine', 'square', 'triangle', 'sawtooth'],
};

/** Short human titles and one-line descriptions for the dataset picker. */
export const datasetInfo: Readonly<Record<DatasetId, { title: string; description: string }>> = {
  mnist: { title: 'MNIST digits', description: 'Handwritten digits 0-9, 28x28 greyscale.' },
  fashion: {
    title: 'Fashion-MNIST',
    description: 'Clothing photos in 10 classes, 28x28 greyscale; harder than digits.',
  },
  waves: {
    title: 'Waves',
    description: 'Noisy waveforms of 64 steps: sine, square, triangle or sawtooth. For the RNN.',
  },
};
