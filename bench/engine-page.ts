/**
 * The engine benchmark page (bench/engine.html, served by the Vite dev server): src/model on the
 * page's main thread with the tfjs WebGL backend. Exposes `window.engineBench` (see
 * engine-types.ts); bench/engine-bench.ts drives it from Node with Playwright.
 */
import * as tf from '../src/model/tf.ts';
import { computeMasks } from '../src/core/index.ts';
import type {
  LayerPruning,
  MaskSet,
  MethodId,
  NetGraph,
  PruningConfig,
  WeightSet,
} from '../src/core/index.ts';
import { fetchSource, loadDataset, type Dataset } from '../src/data/index.ts';
import { APP_PROGRESS, type TrainOptions } from '../src/engine/api.ts';
import { loadCheckpoint } from '../src/model/checkpoint.ts';
import { Evaluator } from '../src/model/evaluate.ts';
import { measureLatency } from '../src/model/latency.ts';
import { trainModel } from '../src/model/train.ts';
import { buildModel, graphOfModel, setWeights, toInput, toLabels } from '../src/model/zoo.ts';
import type {
  BackendReport,
  EngineBenchApi,
  EngineBenchOptions,
  EvalTimings,
  ModelReport,
  SweepTimings,
  TrainVariant,
} from './engine-types.ts';

const base = new URL('/', location.href).href;
const dataSource = fetchSource(`${base}data/`);
const modelSource = fetchSource(base);
let mnist: Promise<Dataset> | null = null;

function log(msg: string): void {
  console.log(`[engine-page] ${msg}`);
  const el = document.getElementById('log');
  if (el) el.textContent += `${msg}\n`;
}

/** Lets the page breathe between measurements (and the WebGL queue drain). */
const pause = (ms = 50): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function backend(): Promise<BackendReport> {
  await tf.setBackend('webgl').catch(() => false);
  await tf.ready();
  const name = tf.getBackend();
  let renderer = 'none';
  const gl = (tf.backend() as unknown as { gpgpu?: { gl?: WebGLRenderingContext } }).gpgpu?.gl;
  if (gl) {
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    renderer = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  }
  return { backend: name, renderer, tfjsVersion: tf.version_core, userAgent: navigator.userAgent };
}

/** Weighted layers of a graph with their weight counts (kernels and recurrent kernels). */
function weightedLayers(graph: NetGraph): { name: string; weights: number }[] {
  return graph.layers
    .filter((l) => l.tensors.length > 0)
    .map((l) => ({
      name: l.name,
      weights: l.tensors
        .filter((t) => t.role !== 'bias')
        .reduce((a, t) => a + t.shape.reduce((x, y) => x * y, 1), 0),
    }));
}

/** Masks with `method` at `sparsity` in every weighted layer, `override` layers at their own. */
function masksFor(
  graph: NetGraph,
  weights: WeightSet,
  method: MethodId,
  sparsity: number,
  override: Record<string, number> = {},
): MaskSet {
  const layers: Record<string, LayerPruning> = {};
  for (const l of graph.layers)
    if (l.tensors.length)
      layers[l.name] = { sparsity: override[l.name] ?? sparsity, locked: false };
  const config: PruningConfig = { method, globalSparsity: sparsity, layers, seed: 1 };
  return computeMasks(graph, weights, config);
}

// ---------------------------------------------------------------------------------------------
// (b) Evaluation

function evaluation(
  model: tf.LayersModel,
  ds: Dataset,
  graph: NetGraph,
  weights: WeightSet,
  base50: MaskSet,
  subset: 'preview' | 'full',
  repeats: number,
): EvalTimings {
  const layers = weightedLayers(graph);
  const first = layers[0].name;
  const last = layers[layers.length - 1].name;
  const firstAlt = masksFor(graph, weights, 'magnitude', 0.5, { [first]: 0.6 });
  const lastAlt = masksFor(graph, weights, 'magnitude', 0.5, { [last]: 0.6 });
  const ev = new Evaluator(model, ds);
  try {
    const r0 = ev.evaluate(base50, subset);
    const out: EvalTimings = {
      subset,
      n: r0.n,
      firstMs: r0.ms,
      sameMasksMs: [],
      firstLayerChangedMs: [],
      lastLayerChangedMs: [],
      accuracy: r0.accuracy,
    };
    for (let i = 0; i < repeats; i++) out.sameMasksMs.push(ev.evaluate(base50, subset).ms);
    // Alternate between two masks of one layer so every call has something to recompute.
    for (let i = 0; i < repeats; i++)
      out.lastLayerChangedMs.push(ev.evaluate(i % 2 ? base50 : lastAlt, subset).ms);
    ev.evaluate(base50, subset);
    for (let i = 0; i < repeats; i++)
      out.firstLayerChangedMs.push(ev.evaluate(i % 2 ? base50 : firstAlt, subset).ms);
    return out;
  } finally {
    ev.dispose();
  }
}

// ---------------------------------------------------------------------------------------------
// (c) One-layer sweeps, with and without the activation cache

function sweep(
  model: tf.LayersModel,
  ds: Dataset,
  graph: NetGraph,
  weights: WeightSet,
  base50: MaskSet,
  layer: string,
  subset: 'preview' | 'full',
  sparsities: number[],
): SweepTimings {
  const masks = sparsities.map((s) => masksFor(graph, weights, 'magnitude', 0.5, { [layer]: s }));
  const run = (cached: boolean): { ms: number[]; start: number[]; acc: number[] } => {
    const ev = new Evaluator(model, ds);
    try {
      ev.evaluate(base50, subset); // inputs built, activations primed
      const ms: number[] = [];
      const start: number[] = [];
      const acc: number[] = [];
      for (const m of masks) {
        if (!cached) ev.invalidate();
        const r = ev.evaluate(m, subset);
        ms.push(r.ms);
        start.push(ev.lastStart);
        acc.push(r.accuracy);
      }
      return { ms, start, acc };
    } finally {
      ev.dispose();
    }
  };
  const uncached = run(false);
  const cached = run(true);
  return {
    layer,
    subset,
    sparsities,
    cachedMs: cached.ms,
    uncachedMs: uncached.ms,
    cachedStart: cached.start,
    accuracy: cached.acc,
    maxAccuracyDiff: Math.max(...cached.acc.map((a, i) => Math.abs(a - uncached.acc[i]))),
  };
}

// ---------------------------------------------------------------------------------------------
// (a) Training throughput: trainModel (masked loop) against plain model.fit

async function training(
  model: tf.LayersModel,
  ds: Dataset,
  graph: NetGraph,
  weights: WeightSet,
  masks50: MaskSet,
  o: EngineBenchOptions,
): Promise<TrainVariant[]> {
  const n = Math.min(o.trainBatches * o.batchSize, ds.trainY.length);
  const idx = Array.from({ length: n }, (_, i) => i);
  const x = toInput(ds, idx, o.modelId, 'train');
  const labels = toLabels(ds, idx, 'train');
  const y = tf.oneHot(labels, graph.classes);
  labels.dispose();
  const common: TrainOptions = {
    epochs: 1,
    batchSize: o.batchSize,
    learningRate: 1e-3,
    optimizer: 'adam',
    seed: 1,
    fromScratch: false,
    maxBatches: o.trainBatches,
    reportEvery: 1,
  };
  type Run = { name: string; go: () => Promise<number | undefined> };
  type Cadence = Pick<TrainOptions, 'reportEvery' | 'minReportMs'>;
  const loop = (name: string, masks: MaskSet | undefined, cadence: Cadence): Run => ({
    name,
    go: async () => {
      const r = await trainModel(model, ds, { ...common, masks, ...cadence });
      return r.history[r.history.length - 1]?.examplesPerSec;
    },
  });
  const fit: Run = {
    name: 'model.fit (no masks)',
    go: async () => {
      const h = await model.fit(x, y, {
        batchSize: o.batchSize,
        epochs: 1,
        shuffle: true,
        verbose: 0,
      });
      void h;
      return undefined;
    },
  };
  const runs: Run[] = [
    fit,
    loop(
      `trainModel masked 50%, app cadence (every batch, ${APP_PROGRESS.minReportMs} ms apart)`,
      masks50,
      APP_PROGRESS,
    ),
    loop('trainModel masked 50%, report every batch', masks50, { reportEvery: 1 }),
    loop(`trainModel masked 50%, report every ${o.trainBatches}`, masks50, {
      reportEvery: o.trainBatches,
    }),
    loop('trainModel no masks, app cadence', undefined, APP_PROGRESS),
  ];
  try {
    model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
    // Warm-up: shader compilation for both paths.
    const wx = x.slice(0, Math.min(n, o.warmupBatches * o.batchSize));
    const wy = y.slice(0, wx.shape[0]);
    await model.fit(wx, wy, { batchSize: o.batchSize, epochs: 1, verbose: 0 });
    tf.dispose([wx, wy]);
    await trainModel(model, ds, { ...common, masks: masks50, maxBatches: o.warmupBatches });
    await trainModel(model, ds, { ...common, maxBatches: o.warmupBatches });
    const out: TrainVariant[] = runs.map((r) => ({
      name: r.name,
      examples: n,
      ms: [],
      examplesPerSec: [],
      ...(r === fit ? {} : { reportedExamplesPerSec: [] }),
    }));
    for (let rep = 0; rep < o.trainRepeats; rep++) {
      for (let k = 0; k < runs.length; k++) {
        setWeights(model, weights);
        await pause();
        const t0 = performance.now();
        const reported = await runs[k].go();
        const ms = performance.now() - t0;
        out[k].ms.push(ms);
        out[k].examplesPerSec.push((n * 1000) / ms);
        if (reported !== undefined) out[k].reportedExamplesPerSec?.push(reported);
        log(`  ${runs[k].name}: ${((n * 1000) / ms).toFixed(0)} ex/s`);
      }
    }
    return out;
  } finally {
    tf.dispose([x, y]);
    (model.optimizer as tf.Optimizer | undefined)?.dispose();
    setWeights(model, weights);
  }
}

// ---------------------------------------------------------------------------------------------

async function run(o: EngineBenchOptions): Promise<ModelReport> {
  const tensorsBefore = tf.memory().numTensors;
  const t0 = performance.now();
  mnist ??= loadDataset('mnist', dataSource);
  const ds = await mnist;
  const ckpt = await loadCheckpoint(modelSource, o.modelId, 'mnist');
  const model = buildModel(o.modelId, 'mnist', 1, ds.classNames.length);
  setWeights(model, ckpt.weights);
  const loadMs = performance.now() - t0;
  const graph = graphOfModel(model);
  const weights = ckpt.weights;
  const masks50 = masksFor(graph, weights, 'magnitude', 0.5);
  try {
    log(`${o.modelId}: evaluation`);
    const evaluationTimings = [
      evaluation(model, ds, graph, weights, masks50, 'preview', o.evalRepeats),
      evaluation(model, ds, graph, weights, masks50, 'full', o.evalRepeats),
    ];
    await pause();
    const sweeps: SweepTimings[] = [];
    for (const layer of o.sweepLayers) {
      log(`${o.modelId}: sweep ${layer} (preview)`);
      sweeps.push(sweep(model, ds, graph, weights, masks50, layer, 'preview', o.sweepSparsities));
      await pause();
    }
    for (const layer of o.sweepFullLayers) {
      log(`${o.modelId}: sweep ${layer} (full)`);
      sweeps.push(sweep(model, ds, graph, weights, masks50, layer, 'full', o.sweepSparsities));
      await pause();
    }
    log(`${o.modelId}: latency`);
    const l1 = masksFor(graph, weights, 'l1-structured', 0.5);
    const nx = Math.min(64, ds.testY.length);
    const x = toInput(
      ds,
      Array.from({ length: nx }, (_, i) => i),
      o.modelId,
      'test',
    );
    let latency: ModelReport['latency'];
    try {
      const r = await measureLatency(model, l1, x, { warmup: 3, runs: o.latencyRuns });
      latency = { ...r, method: 'l1-structured', sparsity: 0.5 };
    } finally {
      x.dispose();
    }
    log(`${o.modelId}: training throughput`);
    const train = await training(model, ds, graph, weights, masks50, o);
    return {
      modelId: o.modelId,
      weights: weightedLayers(graph).reduce((a, l) => a + l.weights, 0),
      layers: weightedLayers(graph),
      loadMs,
      train,
      evaluation: evaluationTimings,
      sweeps,
      latency,
      tensorsBefore,
      tensorsAfter: -1,
    };
  } finally {
    model.dispose();
  }
}

const api: EngineBenchApi = {
  backend,
  async run(o) {
    const r = await run(o);
    r.tensorsAfter = tf.memory().numTensors;
    return r;
  },
};
window.engineBench = api;
log('engine benchmark page ready');
