/**
 * The engine: EngineApi implemented on src/model. It runs in the Web Worker (worker.ts) and, for
 * tests, in Node on the cpu backend. Calls that touch the model run one at a time (a queue), except
 * pause / resume / cancel, which act on a running training at once.
 */
import * as tf from '../model/tf.ts';
import { describeNonFinite, findNonFinite } from '../core/finite.ts';
import type { MaskSet, ScoreSet, WeightSet } from '../core/types.ts';
import { loadDataset, type DataSource } from '../data/index.ts';
import type { Dataset, DatasetId } from '../data/types.ts';
import {
  CheckpointError,
  loadCheckpoint,
  MODELS_DIR,
  parseCheckpointManifest,
} from '../model/checkpoint.ts';
import { Evaluator } from '../model/evaluate.ts';
import {
  BACKEND_NAMES,
  switchBackend,
  webglContext,
  webglRendererString,
  type BackendName,
} from '../model/backends.ts';
import { measureLatency } from '../model/latency.ts';
import { checkSet } from '../model/export-check.ts';
import { exportTfjs } from '../model/export.ts';
import { predictPair } from '../model/predict.ts';
import { gradientScores, TrainController } from '../model/train.ts';
import { measureSparseLatency } from '../model/sparse-latency.ts';
import {
  buildModel,
  describeGraph,
  getWeights,
  graphOfModel,
  initialWeights,
  setWeights,
  toInput,
} from '../model/zoo.ts';
import { BackendChooser } from './backend-plan.ts';
import { EngineError } from './errors.ts';
import { checkImportJson, prepareImport } from './imported.ts';
import { runTrainJob } from './train-job.ts';
import type {
  BackendInfo,
  BackendJob,
  EngineApi,
  EvalResult,
  ExportOptions,
  LatencyResult,
  ModelExport,
  ImportFilesInput,
  ImportOptions,
  ImportOutcome,
  LoadResult,
  ModelId,
  PredictResult,
  TrainOptions,
  TrainProgress,
  TrainResult,
  TrainSnapshot,
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
  let controller: TrainController | null = null;
  /** CPU copy of the last weights known good (loaded, set, or trained). */
  let known: WeightSet = {};
  let lost = false;
  let signalLost: () => void = () => undefined;
  const lostSignal = new Promise<void>((resolve) => {
    signalLost = resolve;
  });
  const datasets = new Map<DatasetId, Promise<Dataset>>();
  const listeners: ((e: EngineEvent) => void)[] = [];
  let queue: Promise<unknown> = Promise.resolve();
  let chooser: BackendChooser | null = null;
  /** The backend holding the evaluator's cached tensors. */
  let evaluatorOn = '';
  const ran: Partial<Record<BackendJob, string>> = {};

  /** Runs calls that touch the model one after another. */
  function serial<T>(fn: () => Promise<T>): Promise<T> {
    const p = queue.then(fn, fn);
    queue = p.catch(() => undefined);
    return p;
  }

  function need(): { model: tf.Sequential; dataset: Dataset; evaluator: Evaluator } {
    if (lost) throw contextLostError();
    if (!model || !dataset || !evaluator)
      throw new EngineError('no-model', 'No model is loaded yet: choose a model to start.');
    return { model, dataset, evaluator };
  }

  /**
   * Makes the job's backend current. Weights follow by themselves (tfjs moves a tensor's data when
   * another backend reads it); the evaluator's cached inputs and activations are rebuilt instead.
   */
  async function on(job: BackendJob): Promise<string> {
    const want = chooser?.jobs()[job];
    if (want && tf.getBackend() !== want) await switchBackend(want);
    if (model && dataset && evaluatorOn !== tf.getBackend()) {
      evaluator?.dispose();
      evaluator = new Evaluator(model, dataset);
      evaluatorOn = tf.getBackend();
    }
    ran[job] = tf.getBackend();
    return ran[job];
  }

  let probing: Promise<void> | null = null;
  /**
   * Probes the backends once, after the first evaluation, unless figures are known: one queued job
   * per backend, so calls made meanwhile wait for one backend's probe at most.
   */
  function probeSoon(): void {
    const c = chooser;
    if (!c || c.probed || probing) return;
    probing = (async () => {
      for (const name of await c.candidates()) await serial(() => c.probeOne(name));
      await c.finishProbe();
    })().catch(() => undefined);
  }

  function emit(e: EngineEvent): void {
    listeners.forEach((l) => l(e));
  }

  /** The one path of a lost context: the browser's event and the test hook both take it. */
  function onContextLost(): void {
    if (lost) return;
    lost = true;
    emit({
      type: 'context-lost',
      message: 'The WebGL context was lost (the GPU was reset or is busy).',
    });
    controller?.cancel();
    signalLost();
  }

  /** True when the context is lost, asking WebGL itself (synchronous, before the event fires). */
  function isLost(): boolean {
    const gl = webglContext();
    if (!lost && gl?.isContextLost()) onContextLost();
    return lost;
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
      throw checkpointError(id, datasetId, e);
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
        const ok = await switchBackend('webgl');
        if (!ok) {
          fallbackReason =
            'WebGL is not available in this browser, so the models run on the CPU backend: everything works, but training and evaluation are slower.';
        }
      }
      if (tf.getBackend() !== 'webgl') await switchBackend('cpu');
      await tf.ready();
      const name = tf.getBackend();
      let renderer = name === 'cpu' ? 'JavaScript (CPU)' : name;
      if (name === 'webgl') {
        renderer = webglRendererString() ?? 'unknown';
        (webglContext()?.canvas as EventTarget | undefined)?.addEventListener(
          'webglcontextlost',
          (ev) => {
            ev.preventDefault();
            onContextLost();
          },
        );
      }
      backend = { backend: name, renderer, ...(fallbackReason ? { fallbackReason } : {}) };
      const agent = typeof navigator === 'undefined' ? 'node' : navigator.userAgent;
      const allowed: readonly BackendName[] = prefer === 'cpu' ? ['cpu'] : BACKEND_NAMES;
      chooser = new BackendChooser(name as BackendName, allowed, `${renderer}|${agent}`);
      await chooser.loadCache();
      return backend;
    },

    load(id: ModelId, datasetId: DatasetId) {
      return serial(async (): Promise<LoadResult> => {
        if (!backend) await api.init();
        if (lost) throw contextLostError();
        const [ds, ckpt] = await Promise.all([getDataset(datasetId), checkpointFor(id, datasetId)]);
        evaluator?.dispose();
        model?.dispose();
        const m = buildModel(id, datasetId, 1, ds.classNames.length);
        const graph = describeGraph(id, datasetId, ds.classNames.length);
        const init = ckpt?.initial ?? initialWeights(graph, 1);
        setWeights(m, ckpt?.weights ?? init);
        model = m;
        dataset = ds;
        initial = init;
        evaluator = new Evaluator(m, ds);
        known = getWeights(m);
        evaluatorOn = tf.getBackend();
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

    loadImported(files: ImportFilesInput, datasetId?: DatasetId, opts: ImportOptions = {}) {
      return serial(async (): Promise<ImportOutcome> => {
        if (!backend) await api.init();
        const out = await prepareImport(files, datasetId, opts, getDataset);
        if (!out.ok) return out;
        const p = out.prepared;
        // Checked and measured: only now is the current model replaced.
        evaluator?.dispose();
        model?.dispose();
        model = p.model;
        dataset = p.dataset;
        evaluator = p.evaluator;
        initial = p.result.weights;
        return { ok: true, result: { ...p.result, backend: backend! } };
      });
    },

    async checkImport(json: string) {
      return checkImportJson(json);
    },

    evaluate(masks: MaskSet, subset: 'preview' | 'full') {
      return serial(async (): Promise<EvalResult> => {
        const ran = await on('eval');
        const r = need().evaluator.evaluate(masks, subset);
        probeSoon();
        return { ...r, backend: ran };
      });
    },

    gradientScores(kind: 'snip' | 'taylor', masks: MaskSet) {
      return serial(async (): Promise<ScoreSet> => {
        await on('scores');
        const { model: m, dataset: ds } = need();
        const n = Math.min(SCORE_BATCH, ds.trainY.length);
        const idx = Array.from({ length: n }, (_, i) => i);
        return gradientScores(m, ds, idx, kind, masks);
      });
    },

    train(
      opts: TrainOptions,
      onProgress: (p: TrainProgress) => void,
      onSnapshot?: (s: TrainSnapshot) => void,
    ) {
      return serial(async (): Promise<TrainResult> => {
        const ranOn = await on('train');
        const { model: m, dataset: ds, evaluator: ev } = need();
        controller = new TrainController();
        try {
          const ctx = { controller, lost: lostSignal, isLost, known };
          const r = await runTrainJob(m, ds, opts, onProgress, onSnapshot, ctx);
          if (!r.stopped || r.stopped.reason === 'diverged') {
            ev.invalidate();
            known = r.weights;
          }
          return { ...r, backend: ranOn };
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
        const bad = findNonFinite(w);
        if (bad) {
          throw new EngineError(
            'non-finite-weights',
            `These weights were refused: ${describeNonFinite(bad)}. The current weights stay.`,
            { tensor: bad.key },
          );
        }
        setWeights(m, w);
        ev.invalidate();
        known = getWeights(m);
      });
    },

    setInitialWeights(w: WeightSet) {
      return serial(async () => {
        initial = w;
      });
    },

    initialWeights() {
      return serial(async () => {
        if (!initial)
          throw new EngineError('no-model', 'No model is loaded yet: choose a model to start.');
        return initial;
      });
    },

    latency(masks: MaskSet, batch = 64) {
      return serial(async (): Promise<LatencyResult> => {
        const ranOn = await on('eval');
        const { model: m, dataset: ds } = need();
        const n = Math.min(batch, ds.testY.length);
        const x = toInput(
          ds,
          Array.from({ length: n }, (_, i) => i),
          graphOfModel(m),
          'test',
        );
        try {
          return { ...(await measureLatency(m, masks, x, { warmup: 2, runs: 7 })), backend: ranOn };
        } finally {
          x.dispose();
        }
      });
    },

    exportModel(masks: MaskSet, options: ExportOptions = {}) {
      return serial(async (): Promise<ModelExport> => {
        const { model: m, dataset: ds } = need();
        const source = { graph: graphOfModel(m), weights: getWeights(m) };
        const files = await exportTfjs(source, masks, { compact: options.compact ?? true });
        return { ...files, check: checkSet(m, ds, masks, options.checkExamples ?? 100) };
      });
    },

    predict(input: Float32Array, masks: MaskSet) {
      return serial(async (): Promise<PredictResult> => predictPair(need().model, input, masks));
    },

    sparseLatency(masks: MaskSet, batch = 64) {
      return serial(async () => {
        await on('eval');
        const { model: m, dataset: ds } = need();
        const n = Math.min(batch, ds.testY.length);
        const idx = Array.from({ length: n }, (_, i) => i);
        const x = toInput(ds, idx, graphOfModel(m), 'test');
        try {
          return await measureSparseLatency(graphOfModel(m), getWeights(m), masks, x);
        } finally {
          x.dispose();
        }
      });
    },

    async backendPlan() {
      if (probing) await probing;
      return serial(async () => {
        if (!chooser) await api.init();
        if (!chooser!.probed) await chooser!.runProbe();
        return chooser!.plan();
      });
    },

    async setBackendOverride(job: BackendJob, name: BackendName | null) {
      if (!chooser) await api.init();
      chooser!.override(job, name);
      return chooser!.plan();
    },

    async jobBackends() {
      return { ...ran };
    },

    onEvent(listener) {
      listeners.push(listener);
    },

    async loseContext() {
      const ext = webglContext()?.getExtension('WEBGL_lose_context');
      if (!ext) return false;
      ext.loseContext();
      return true;
    },

    simulateContextLoss() {
      onContextLost();
    },

    numTensors() {
      return tf.memory().numTensors;
    },
  };
  return api;
}

/** The refusal of every call after the WebGL context was lost. */
function contextLostError(): EngineError {
  return new EngineError(
    'context-lost',
    'The graphics context was lost, so the engine has stopped. It restarts with your setup and the last weights kept.',
    {
      detail:
        'WebGL context lost: restart the worker (restartEngine), load and set the last snapshot.',
    },
  );
}

/**
 * Why a checkpoint could not be loaded, as an EngineError: 'non-finite-weights' (naming the
 * tensor) or 'checkpoint'. The visitor's message names an action; the build command is in detail.
 */
function checkpointError(id: ModelId, datasetId: DatasetId, e: unknown): EngineError {
  const why = (e instanceof Error ? e.message : String(e)).replace(/ Run `npm run data`.*$/, '');
  const detail = `The pretrained ${id} model for ${datasetId} could not be loaded: ${why} Rebuild the checkpoints with \`npm run pretrain\`.`;
  if (e instanceof CheckpointError && e.code === 'non-finite-weights') {
    return new EngineError(
      'non-finite-weights',
      `The pretrained ${id} model for ${datasetId} was refused: its weight tensor ${e.tensor ?? ''} holds values that are not numbers. The current model stays loaded; choose another model or dataset.`,
      { detail, tensor: e.tensor, cause: e },
    );
  }
  return new EngineError(
    'checkpoint',
    `The pretrained ${id} model for ${datasetId} could not be loaded (${why}). Check the network connection and choose the model again; the current model stays loaded.`,
    { detail, cause: e },
  );
}
