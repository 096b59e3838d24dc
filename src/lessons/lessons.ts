import type { MethodId } from '../core/types.ts';
import type { DatasetId } from '../data/types.ts';
import type { ModelId } from '../data/models.ts';

/** A lesson preset: a scene to open (model, data, method, sparsity) and what to look for. */
export interface Lesson {
  id: string;
  title: string;
  model: ModelId;
  dataset: DatasetId;
  method: MethodId;
  globalSparsity: number;
  /** Layer to show first. */
  layer: string;
  intro: string;
  tryThis: string[];
}

export const LESSONS: Lesson[] = [
  {
    id: 'magnitude',
    title: '1 · Small weights matter little',
    model: 'cnn',
    dataset: 'mnist',
    method: 'magnitude',
    globalSparsity: 0.5,
    layer: 'dense1',
    intro:
      'Half of every layer is gone, chosen by |w|. Look at the histogram: the grey band around zero is what was removed. Accuracy barely moves.',
    tryThis: [
      'Drag Global sparsity to 90%: when does accuracy start to fall?',
      'Switch the method to Random at the same sparsity and compare.',
    ],
  },
  {
    id: 'structured',
    title: '2 · Whole filters: structured pruning',
    model: 'cnn',
    dataset: 'mnist',
    method: 'l1-structured',
    globalSparsity: 0.5,
    layer: 'conv2',
    intro:
      'Structured pruning removes complete filters: whole grey columns of tiles in the heatmap. The model can be made physically smaller, so latency drops, but accuracy falls sooner.',
    tryThis: [
      'Press “Measure latency”: compare dense, masked and compacted.',
      'Tick “remove layer” on conv3: its input and output shapes match, so it can go entirely.',
    ],
  },
  {
    id: 'global',
    title: '3 · One threshold for the whole network',
    model: 'lenet-300-100',
    dataset: 'mnist',
    method: 'global-magnitude',
    globalSparsity: 0.9,
    layer: 'fc1',
    intro:
      'With a single global threshold, the big first layer (784 × 300) gives up far more than the small output layer. See the per-layer bars.',
    tryThis: [
      'Compare with “Magnitude (per layer)” at the same 90%.',
      'Fine-tune for one epoch: the masks are held, and accuracy comes back.',
    ],
  },
  {
    id: 'rnn',
    title: '4 · Pruning a recurrent network, gate by gate',
    model: 'lstm',
    dataset: 'waves',
    method: 'magnitude',
    globalSparsity: 0.6,
    layer: 'lstm1',
    intro:
      'An LSTM has four gates (input, forget, cell, output), each with an input kernel and a recurrent kernel. The heatmap splits them, so you can see which gates keep their weights.',
    tryThis: [
      'Switch to Structured L1: a removed hidden unit takes its column in all four gates and its recurrent row.',
    ],
  },
];
