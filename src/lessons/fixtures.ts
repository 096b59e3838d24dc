/**
 * Realistic observations for the lessons' tests: structure computed from the shipped checkpoints and
 * real masks; accuracies, latencies and runs in line with the README's measured figures.
 */
import { computeMasks } from '../core/index.ts';
import type { MethodId } from '../core/types.ts';
import { nodeSource } from '../data/node-source.ts';
import { loadCheckpoint } from '../model/checkpoint.ts';
import { describeGraph } from '../model/zoo.ts';
import { accuracyAt } from './checks.ts';
import type { LayerCurve } from '../core/allocate.ts';
import type { ModelId } from '../data/models.ts';
import {
  observeRuns,
  observeStructure,
  type MeasuredRun,
  type StructureObservation,
} from './observe.ts';
import { sceneConfig } from './scene.ts';
import type { CurvePoint, LessonObservation, Scene } from './types.ts';

/** The repository's public/ directory, by path (tests run from the repository root, in Node or jsdom). */
const cwd = (globalThis as { process?: { cwd(): string } }).process?.cwd() ?? '.';
const root = nodeSource(`${cwd}/public/`);

const pts = (xs: [number, number][]): CurvePoint[] =>
  xs.map(([sparsity, accuracy]) => ({ sparsity, accuracy }));

/** Accuracy against uniform sparsity on the CNN (README table, one point added at 30%). */
export const CNN_CURVES: Partial<Record<MethodId, CurvePoint[]>> = {
  magnitude: pts([
    [0, 0.974],
    [0.3, 0.976],
    [0.5, 0.939],
    [0.7, 0.675],
    [0.8, 0.181],
    [0.9, 0.141],
  ]),
  'global-magnitude': pts([
    [0, 0.974],
    [0.5, 0.973],
    [0.7, 0.963],
    [0.8, 0.925],
    [0.9, 0.662],
  ]),
  random: pts([
    [0, 0.974],
    [0.3, 0.82],
    [0.5, 0.379],
    [0.7, 0.142],
    [0.8, 0.092],
    [0.9, 0.113],
  ]),
  'l1-structured': pts([
    [0, 0.974],
    [0.5, 0.662],
    [0.7, 0.262],
    [0.8, 0.158],
    [0.9, 0.099],
  ]),
};

const LENET_CURVES: Partial<Record<MethodId, CurvePoint[]>> = {
  magnitude: pts([
    [0, 0.957],
    [0.92, 0.424],
  ]),
  'global-magnitude': pts([
    [0, 0.957],
    [0.92, 0.793],
  ]),
};

const RNN_CURVES: Partial<Record<MethodId, CurvePoint[]>> = {
  magnitude: pts([
    [0, 0.954],
    [0.6, 0.9],
  ]),
  'l1-structured': pts([
    [0, 0.954],
    [0.5, 0.61],
  ]),
};

/** The structural observation of a scene, with real masks on the shipped weights. */
async function structure(s: Scene) {
  const graph = describeGraph(s.model, s.dataset);
  const { weights } = await loadCheckpoint(root, s.model, s.dataset);
  return observeStructure(graph, computeMasks(graph, weights, sceneConfig(graph, s)));
}

function classes(drop: number[]): { before: number[]; after: number[] } {
  const before = [0.99, 0.99, 0.97, 0.97, 0.98, 0.97, 0.98, 0.96, 0.95, 0.96];
  return { before, after: before.map((b, c) => Math.max(0, b - drop[c])) };
}

/** A finished run of the history (newest first there), with rows [variant, method, sparsity, accuracy, round]. */
function measured(
  kind: MeasuredRun['kind'],
  model: ModelId,
  settings: MeasuredRun['settings'],
  rows: [string, MethodId, number, number, number?][],
): MeasuredRun {
  return {
    kind,
    model,
    dataset: 'mnist',
    status: 'done',
    subset: 'full',
    settings,
    reference: model === 'cnn' ? 0.974 : 0.957,
    rows: rows.map(([variant, method, sparsity, accuracy, round = 0]) => ({
      variant,
      method,
      sparsity,
      accuracy,
      round,
      layer: '',
      target: sparsity,
    })),
  };
}

/** The run history of a class that went through lessons 7 and 8 (README's figures), newest first. */
export const HISTORY: MeasuredRun[] = [
  measured('sweep', 'lenet-300-100', { finetuneBatches: 250 }, [
    ['finetuned', 'global-magnitude', 0.92, 0.951],
  ]),
  measured('sweep', 'cnn', { finetuneBatches: 500 }, [
    ['rewound', 'magnitude', 0.8, 0.962],
    ['reinit', 'magnitude', 0.8, 0.947],
  ]),
  measured('imp', 'cnn', { rounds: 2, batchesPerRound: 125 }, [
    ['pruned', 'magnitude', 0.55, 0.95, 1],
    ['retrained', 'magnitude', 0.55, 0.97, 1],
    ['pruned', 'magnitude', 0.8, 0.6, 2],
    ['retrained', 'magnitude', 0.8, 0.948, 2],
  ]),
  measured('gradual', 'cnn', { batches: 125 }, [
    ['gradual', 'magnitude', 0.8, 0.935],
    ['oneshot', 'magnitude', 0.8, 0.181],
    ['finetuned', 'magnitude', 0.8, 0.94],
  ]),
];

/** Sensitivity curves: each CNN layer pruned alone (conv1 the most sensitive, dense1 the least). */
function sensitivity(): LayerCurve[] {
  return ['conv1', 'conv2', 'conv3', 'dense1', 'dense2'].map((layer, i) => ({
    layer,
    size: [72, 1152, 2304, 50176, 640][i],
    points: pts([
      [0, 0.974],
      [0.5, 0.97 - 0.01 * (4 - i)],
      [0.9, [0.31, 0.62, 0.8, 0.955, 0.9][i]],
    ]),
  }));
}

/** Slider positions of conv1 as a student drags it, with the accuracy measured at each. */
const TRAIL: LessonObservation['trail'] = [
  { layer: 'conv1', sparsity: 0.3, accuracy: 0.972 },
  { layer: 'conv1', sparsity: 0.6, accuracy: 0.95 },
  { layer: 'conv1', sparsity: 0.75, accuracy: 0.91 },
  { layer: 'conv1', sparsity: 0.85, accuracy: 0.86 },
  { layer: 'conv1', sparsity: 0.95, accuracy: 0.6 },
];

/** The measured (not structural) part of an observation of scene `s`. */
function measurements(s: Scene): Omit<LessonObservation, keyof StructureObservation> {
  const curves =
    s.model === 'cnn' ? CNN_CURVES : s.model === 'lenet-300-100' ? LENET_CURVES : RNN_CURVES;
  const structured = s.method === 'l1-structured';
  return {
    model: s.model,
    dataset: s.dataset,
    method: s.method,
    globalSparsity: s.globalSparsity,
    layer: s.layer,
    accuracy: accuracyAt(curves[s.method] ?? curves.magnitude, s.globalSparsity),
    baselineAccuracy: accuracyAt(curves.magnitude, 0),
    evaluated: 500,
    latency: { denseMs: 10.2, maskedMs: 10.6, compactedMs: structured ? 5.4 : 10.3 },
    curves,
    trail: TRAIL,
    perClass: classes([0.01, 0, 0.04, 0.03, 0.02, 0.05, 0.02, 0.03, 0.12, 0.06]),
    confusion: null,
    classNames: Array.from({ length: 10 }, (_, c) => String(c)),
    flipped: { changed: 14, fixed: 4, broken: 8, n: 500 },
    sensitivity: sensitivity(),
    allocation: {
      target: 0.8,
      sparsities: { conv1: 0.3, conv2: 0.5, conv3: 0.6, dense1: 0.84, dense2: 0.6 },
      accuracy: 0.951,
    },
    runs: observeRuns(HISTORY, s.model, s.dataset, { preview: 500, full: 2000 }),
  };
}

/** A realistic observation of a scene (measurements all present). */
export async function observe(s: Scene): Promise<LessonObservation> {
  return { ...measurements(s), ...(await structure(s)) };
}

/** The same observation with nothing measured yet. */
export function unmeasured(o: LessonObservation): LessonObservation {
  return {
    ...o,
    accuracy: null,
    baselineAccuracy: null,
    evaluated: 0,
    latency: null,
    curves: {},
    trail: [],
    perClass: null,
    confusion: null,
    flipped: null,
    sensitivity: null,
    allocation: null,
    runs: [],
  };
}
