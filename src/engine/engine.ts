/**
 * The engine: EngineApi implemented on src/model. It runs in the Web Worker (worker.ts) and, for
 * tests, in Node on the cpu backend. Calls that touch the model run one at a time (a queue), except
 * pause / resume / cancel, which act on a running training at once.
 */
import * as tf from '@tensorflow/tfjs';
import { computeMasks, polynomialDecay, setGlobalSparsity } from '../core/index.ts';
import type { MaskSet, ScoreSet, WeightSet } from '../core/types.ts';
import { loadDataset, type DataSource } from '../data/index.ts';
import type { Dataset, DatasetId } from '../data/types.ts';
import { loadCheckpoint, MODELS_DIR, parseCheckpointManifest } from '../model/checkpoint.ts';
import { Evaluator } from '../model/evaluate.ts';
import { installFastCpuKernels } from '../model/cpu-kernels.ts';
import { measureLatency } from '../model/latency.ts';
import { gradientScores, TrainController, trainModel } from '../model/train.ts';
import {
  buildModel,
  describeGraph,
  getWeights,
  graphOfModel,
  initialWeights,
  setWeights,
  toInput,
} from '../model/zoo.ts';
import type {
  BackendInfo,
  EngineApi,
  EvalResult,
  LatencyResult,
  LoadResult,
  ModelId,
  TrainOptions,
  TrainProgress,
  TrainResult,
} from './api.ts';

/** Where the engine reads files: the data directory, and the app root that holds models/. */
export interface EngineSources {
  data: DataSource;
  models: DataSource;
}

/** Events the engine reports on its own (not as answers to a call). */
export type EngineEvent = { type: 'context-lost' | 'crashed'; message: string };

/** Number of training examples SNIP / Taylor scores are computed from (one batch). */
export const SCORE_BATCH = 256;

/** Finds the WebGL renderer string of the active tfjs WebGL backend, if any. */
function webglRenderer(): {
  renderer: string;
  canvas: EventTarget | null;
  gl: WebGLRenderingContext | null;
} {
  const backend = tf.backend() as unknown as { gpgpu?: { gl?: WebGLRenderingContext } };
  const gl = backend.gpgpu?.gl ?? null;
  if (!gl) return { renderer: 'unknown', canvas: null, gl: null };
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  return { renderer, canvas: gl.canvas as unknown as EventTarget, gl };
}

/** An EngineApi plus the hooks the worker and tests need. */
export interface Engine extends EngineApi {
  /** Registers a listener for engine events (e.g. a lost WebGL context). */
  onEvent(listener: (e: EngineEvent) => void): void;
}

export function createEngine(sources: EngineSources): Engine {
  let backend: BackendInfo | null = null;
  let model: tf.Sequential | null = null;
  let dataset: Dataset | null = null;
  let evaluator: Evaluator | null = null;
  let initial: WeightSet | null = null;
  let modelId: ModelId | null = null;
  let controller: TrainController | null = null;
  const datasets = new Map<DatasetId, Promise<Dataset>>();
  const listeners: ((e: EngineEvent) => void)[] = [];
  let queue: Promise<unknown> = Promise.resolve();

  /** Runs calls that touch the model one after another. */
  function serial<T>(fn: () => Promise<T>): Promise<T> {
    const p = queue.then(fn, fn);
    queue = p.catch(() => undefined);
    return p;
  }

  function need(): { model: tf.Sequential; dataset: Dataset; evaluator: Evaluator } {
    if (!model || !dataset || !evaluator) throw new Error('No model is loaded yet.');
    return { model, dataset, evaluator };
  }

  function emit(e: EngineEvent): void {
    listeners.forEach((l) => l(e));
  }

  /**
   * The pretrained checkpoint of a pair, or null when the manifest has none (the model then starts
   * from its seeded initial weights, untrained). A missing manifest or a damaged file is an error.
   */
  async function checkpointFor(id: ModelId, datasetId: DatasetId) {
    try {
      const text = new TextDecoder().decode(await sources.models(`${MODELS_DIR}/manifest.json`));
      const listed = parseCheckpointManifest(text).entries.some(
        (e) => e.model === id && e.dataset === datasetId,
      );
      if (!listed) return null;
      return await loadCheckpoint(sources.models, id, datasetId);
    } catch (e) {
      const why = (e instanceof Error ? e.message : String(e)).replace(
        / Run `npm run data`.*$/,
        '',
      );
      throw new Error(
        `The pretrained ${id} model for ${datasetId} could not be loaded: ${why} Rebuild the checkpoints with \`npm run pretrain\`.`,
        { cause: e },
      );
    }
  }

  function getDataset(id: DatasetId): Promise<Dataset> {
    let p = datasets.get(id);
    if (!p) {
      p = loadDataset(id, sources.data);
      p.catch(() => datasets.delete(id));
      datasets.set(id, p);
    }
    return p;
  }

  const api: Engine = {
    async init(prefer = 'webgl') {
      if (backend) return backend;
      let fallbackReason: string | undefined;
      if (prefer === 'webgl') {
        const ok = await tf.setBackend('webgl').catch(() => false);
        if (!ok || tf.getBackend() !== 'webgl') {
          fallbackReason =
            'WebGL is not available in this browser, so the models run on the CPU backend: everything works, but training and evaluation are slower.';
        }
      }
      if (tf.getBackend() !== 'webgl') {
        await tf.setBackend('cpu');
        installFastCpuKernels();
      }
      await tf.ready();
      const name = tf.getBackend();
      let renderer = name === 'cpu' ? 'JavaScript (CPU)' : name;
      if (name === 'webgl') {
        const r = webglRenderer();
        renderer = r.renderer;
        r.canvas?.addEventListener('webglcontextlost', (ev) => {
          ev.preventDefault();
          emit({
            type: 'context-lost',
            message: 'The WebGL context was lost (the GPU was reset or is busy).',
          });
        });
      }
      backend = { backend: name, renderer, ...(fallbackReason ? { fallbackReason } : {}) };
      return backend;
    },

    load(id: ModelId, datasetId: DatasetId) {
      return serial(async (): Promise<LoadResult> => {
        if (!backend) await api.init();
        const [ds, ckpt] = await Promise.all([getDataset(datasetId), checkpointFor(id, datasetId)]);
        evaluator?.dispose();
        model?.dispose();
        const m = buildModel(id, datasetId, 1, ds.classNames.length);
        const graph = describeGraph(id, datasetId, ds.classNames.length);
        const init = ckpt?.initial ?? initialWeights(graph, 1);
        setWeights(m, ckpt?.weights ?? init);
        model = m;
        dataset = ds;
        modelId = id;
        initial = init;
        evaluator = new Evaluator(m, ds);
        return {
          modelId: id,
          datasetId,
          graph,
          weights: getWeights(m),
          pretrainedAccuracy: ckpt ? ckpt.entry.testAccuracy : null,
          backend: backend!,
        };
      });
    },

    evaluate(masks: MaskSet, subset: 'preview' | 'full') {
      return serial(async (): Promise<EvalResult> => need().evaluator.evaluate(masks, subset));
    },

    gradientScores(kind: 'snip' | 'taylor', masks: MaskSet) {
      return serial(async (): Promise<ScoreSet> => {
        const { model: m, dataset: ds } = need();
        const n = Math.min(SCORE_BATCH, ds.trainY.length);
        const idx = Array.from({ length: n }, (_, i) => i);
        return gradientScores(m, ds, idx, kind, masks);
      });
    },

    train(opts: TrainOptions, onProgress: (p: TrainProgress) => void) {
      return serial(async (): Promise<TrainResult> => {
        const { model: m, dataset: ds, evaluator: ev } = need();
        controller = new TrainController();
        try {
          const graph = graphOfModel(m);
          const g = opts.gradual;
          const schedule = g
            ? polynomialDecay({
                initialSparsity: g.initialSparsity,
                finalSparsity: g.finalSparsity,
                beginStep: g.beginStep,
                endStep: g.endStep,
                frequency: g.frequency,
                power: g.power,
              })
            : null;
          const onStep =
            g && schedule
              ? (step: number): MaskSet | null =>
                  schedule.shouldPrune(step)
                    ? computeMasks(
                        graph,
                        getWeights(m),
                        setGlobalSparsity(g.config, schedule.sparsityAt(step)),
                      )
                    : null
              : undefined;
          const r = await trainModel(m, ds, opts, { onProgress, controller, onStep });
          ev.invalidate();
          return {
            weights: r.weights,
            initial: r.initial,
            masks: r.masks,
            cancelled: r.cancelled,
            history: r.history,
          };
        } finally {
          controller = null;
        }
      });
    },

    pause() {
      controller?.pause();
    },
    resume() {
      controller?.resume();
    },
    cancel() {
      controller?.cancel();
    },

    snapshot() {
      return serial(async () => getWeights(need().model));
    },

    setWeights(w: WeightSet) {
      return serial(async () => {
        const { model: m, evaluator: ev } = need();
        setWeights(m, w);
        ev.invalidate();
      });
    },

    setInitialWeights(w: WeightSet) {
      return serial(async () => {
        initial = w;
      });
    },

    initialWeights() {
      return serial(async () => {
        if (!initial) throw new Error('No model is loaded yet.');
        return initial;
      });
    },

    latency(masks: MaskSet, batch = 64) {
      return serial(async (): Promise<LatencyResult> => {
        const { model: m, dataset: ds } = need();
        const n = Math.min(batch, ds.testY.length);
        const x = toInput(
          ds,
          Array.from({ length: n }, (_, i) => i),
          modelId!,
          'test',
        );
        try {
          return await measureLatency(m, masks, x, { warmup: 2, runs: 7 });
        } finally {
          x.dispose();
        }
      });
    },

    onEvent(listener) {
      listeners.push(listener);
    },

    async loseContext() {
      const { gl } = webglRenderer();
      const ext = gl?.getExtension('WEBGL_lose_context');
      if (!ext) return false;
      ext.loseContext();
      return true;
    },

    numTensors() {
      return tf.memory().numTensors;
    },
  };
  return api;
}
