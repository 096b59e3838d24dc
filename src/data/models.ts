/**
 * The one list of models, as plain data (no tfjs): id, names, the datasets each fits and the
 * input it reads. `ModelId` is derived from it; src/model builds the tfjs networks from these ids
 * and the menus, the URL and the lessons read the list.
 */
import type { DatasetId } from './types.ts';

/** What a model is, in words, and what it reads. */
export interface ModelSpec<Id extends string = string> {
  id: Id;
  /** Short name for menus, e.g. 'CNN'. */
  label: string;
  /** Longer title, e.g. 'Small CNN'. */
  title: string;
  description: string;
  /** Datasets the model fits; the first is the default. */
  datasets: readonly DatasetId[];
  /** 'image': input [28, 28, 1]; 'sequence': images as 28 row steps [28, 28], waves as [64, 1]. */
  input: 'image' | 'sequence';
}

const MODEL_TABLE = [
  {
    id: 'cnn',
    label: 'CNN',
    title: 'Small CNN',
    description:
      'Three 3x3 convolutions with max-pooling, then two dense layers; conv3 can be removed whole.',
    datasets: ['mnist', 'fashion'],
    input: 'image',
  },
  {
    id: 'lenet-300-100',
    label: 'LeNet-300-100',
    title: 'LeNet-300-100',
    description: 'The classic fully connected net of the pruning literature: 784 → 300 → 100 → 10.',
    datasets: ['mnist', 'fashion'],
    input: 'image',
  },
  {
    id: 'lstm',
    label: 'LSTM',
    title: 'LSTM(64)',
    description:
      'One LSTM layer of 64 units reading a sequence (image rows or a waveform), then a classifier.',
    datasets: ['mnist', 'fashion', 'waves'],
    input: 'sequence',
  },
  {
    id: 'gru',
    label: 'GRU',
    title: 'GRU(64)',
    description:
      'One GRU layer of 64 units reading a sequence (image rows or a waveform), then a classifier.',
    datasets: ['mnist', 'fashion', 'waves'],
    input: 'sequence',
  },
] as const satisfies readonly ModelSpec[];

/** Every model id. */
export type ModelId = (typeof MODEL_TABLE)[number]['id'];

/** A model's description. */
export type ModelInfo = ModelSpec<ModelId>;

/** Every model, in menu order. */
export const MODELS: readonly ModelInfo[] = MODEL_TABLE;

/** Every model id, in menu order. */
export const MODEL_IDS: readonly ModelId[] = MODELS.map((m) => m.id);

/** Which datasets each model fits (the first is its default). */
export const MODEL_DATASETS = Object.fromEntries(MODELS.map((m) => [m.id, m.datasets])) as Record<
  ModelId,
  readonly DatasetId[]
>;

/** Looks up a model's description. */
export function modelInfo(id: ModelId): ModelInfo {
  const m = MODELS.find((x) => x.id === id);
  if (!m) throw new Error(`Unknown model ${id}`);
  return m;
}

/** Directory of the pretrained checkpoints, relative to the site root (public/). */
export const MODELS_DIR = 'models';

/** The model with this id, or null (for untrusted input such as a link). */
export function parseModelId(id: string): ModelId | null {
  return MODELS.find((m) => m.id === id)?.id ?? null;
}
