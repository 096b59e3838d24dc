/**
 * The engine's shared state and the helpers every group of engine methods uses: the call queue,
 * the loaded model, dataset and evaluator, the backend per job, and the lost-context path.
 * createEngine (engine.ts) composes the method groups (engine-*.ts) over one EngineCore.
 */
import * as tf from '../model/tf.ts';
import type { WeightSet } from '../core/types.ts';
import { DataError, loadDataset, type DataSource } from '../data/index.ts';
import type { Dataset, DatasetId } from '../data/types.ts';
import { MODELS_DIR } from '../data/models.ts';
import { CheckpointError, loadCheckpoint, parseCheckpointManifest } from '../model/checkpoint.ts';
import { Evaluator } from '../model/evaluate.ts';
import {
  BACKEND_NAMES,
  detectWebglRenderer,
  inBrowser,
  isSoftwareRenderer,
  registerBackend,
  switchBackend,
  webglContext,
  webglRendererString,
  type BackendName,
} from '../model/backends.ts';
import type { TrainController } from '../model/train.ts';
import { BackendChooser, chooseJobs } from './backend-plan.ts';
import { EarlyStart, once } from './early.ts';
import { EngineError } from './errors.ts';
import type { BackendInfo, BackendJob, ModelId } from './api.ts';

/** Where the engine reads files: the data directory, and the app root that holds models/. */
export interface EngineSources {
  data: DataSource;
  models: DataSource;
  /** What the worker's entry began before this code loaded (see early.ts). */
  early?: EarlyStart;
}

const NO_WEBGL_REASON =
  'WebGL is not available in this browser, so the models run on the CPU backend: everything works, but training and evaluation are slower.';

/** The renderer part of a probe's cache key without WebGL. */
const NO_WEBGL = 'no WebGL';

/** Cache key of the probe: the WebGL renderer (NO_WEBGL without one) and the user agent. */
function probeKey(webglRenderer: string | null, agent: string): string {
  return `${webglRenderer ?? NO_WEBGL}|${agent}`;
}

/** What BackendInfo.renderer says for a backend other than WebGL. */
function rendererLabel(name: BackendName): string {
  if (name === 'cpu') return 'JavaScript (CPU)';
  if (name === 'wasm') return 'WebAssembly (CPU)';
  return name === 'webgpu' ? 'WebGPU' : 'WebGL';
}

/**
 * What a start says of itself: the backend, its renderer (the WebGL one for webgl, `gl`, else a
 * label) and, where this browser has no WebGL (`gl` null), why the models run without it.
 */
function startInfo(backend: BackendName, gl: string | null): BackendInfo {
  return {
    backend,
    renderer: backend === 'webgl' ? (gl ?? 'unknown') : rendererLabel(backend),
    ...(gl === null ? { fallbackReason: NO_WEBGL_REASON } : {}),
  };
}

/** Events the engine reports on its own (not as answers to a call). */
export type EngineEvent = { type: 'context-lost' | 'crashed'; message: string };

/** The engine's state, shared by its method groups; one per engine. */
export class EngineCore {
  backend: BackendInfo | null = null;
  model: tf.Sequential | null = null;
  dataset: Dataset | null = null;
  evaluator: Evaluator | null = null;
  initial: WeightSet | null = null;
  controller: TrainController | null = null;
  /** CPU copy of the last weights known good (loaded, set, or trained). */
  known: WeightSet = {};
  lost = false;
  readonly lostSignal: Promise<void>;
  chooser: BackendChooser | null = null;
  /** The backend holding the evaluator's cached tensors. */
  evaluatorOn = '';
  /** The backend each job last ran on. */
  readonly ran: Partial<Record<BackendJob, string>> = {};
  readonly listeners: ((e: EngineEvent) => void)[] = [];
  private signalLost: () => void = () => undefined;
  private starting: Promise<BackendInfo> | null = null;
  /** After a start from the cache: the user agent, until confirmRenderer has run. */
  private unconfirmed: string | null = null;
  private readonly watched = new WeakSet<object>();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly datasets = new Map<DatasetId, Promise<Dataset>>();
  /** The cached probe and the test splits: the worker entry's, else read from here. */
  private readonly early: EarlyStart;

  constructor(readonly sources: EngineSources) {
    this.early = sources.early ?? new EarlyStart(sources.data, sources.models);
    this.lostSignal = new Promise<void>((resolve) => {
      this.signalLost = resolve;
    });
  }

  /** Runs calls that touch the model one after another. */
  serial<T>(fn: () => Promise<T>): Promise<T> {
    const p = this.queue.then(fn, fn);
    this.queue = p.catch(() => undefined);
    return p;
  }

  /** The loaded model, dataset and evaluator; throws when there is none or the context is lost. */
  need(): { model: tf.Sequential; dataset: Dataset; evaluator: Evaluator } {
    if (this.lost) throw contextLostError();
    const { model, dataset, evaluator } = this;
    if (!model || !dataset || !evaluator)
      throw new EngineError('no-model', 'No model is loaded yet: choose a model to start.');
    return { model, dataset, evaluator };
  }

  /**
   * Initialises tfjs (once: concurrent calls share one start) and returns what it started on. With
   * `prefer` 'webgl': on a return visit whose cached probe matches this machine (WebGL renderer and
   * user agent), straight on the cached plan's evaluation backend; where WebGL is a software
   * renderer or missing, on wasm, WebGL started only when a job needs it (a first readout then
   * never waits on software shader compiles); otherwise on WebGL (cpu when wasm and WebGL fail).
   */
  init(prefer: 'webgl' | 'cpu' = 'webgl'): Promise<BackendInfo> {
    if (this.backend) return Promise.resolve(this.backend);
    this.starting ??= this.start(prefer).catch((e: unknown) => {
      this.starting = null;
      throw e;
    });
    return this.starting;
  }

  private async start(prefer: 'webgl' | 'cpu'): Promise<BackendInfo> {
    const agent = typeof navigator === 'undefined' ? 'node' : navigator.userAgent;
    if (prefer === 'webgl') {
      const quick = (await this.startFromCache(agent)) ?? (await this.startOnWasm(agent));
      if (quick) return quick;
    }
    let fallbackReason: string | undefined;
    if (prefer === 'webgl') {
      const ok = await switchBackend('webgl');
      if (!ok) fallbackReason = NO_WEBGL_REASON;
    }
    if (tf.getBackend() !== 'webgl') await switchBackend('cpu');
    await tf.ready();
    const name = tf.getBackend() as BackendName;
    const gl = name === 'webgl' ? (webglRendererString() ?? 'unknown') : null;
    if (gl !== null) this.watchContext();
    const allowed: readonly BackendName[] = prefer === 'cpu' ? ['cpu'] : BACKEND_NAMES;
    this.chooser = new BackendChooser(name, allowed, probeKey(gl, agent));
    await this.chooser.loadCache(this.early.probe);
    this.backend = {
      backend: name,
      renderer: gl ?? rendererLabel(name),
      ...(fallbackReason ? { fallbackReason } : {}),
    };
    return this.backend;
  }

  /**
   * A return visit: when the cached probe was measured in this browser, starts on its plan's
   * evaluation backend (WebGL is not started unless the plan uses it). The renderer is taken from
   * the cache and confirmed after the first readout (confirmRenderer), so a start never waits on a
   * throwaway WebGL context. Null without a cached probe for this user agent.
   */
  private async startFromCache(agent: string): Promise<BackendInfo | null> {
    const cached = await this.early.probe;
    if (!cached || !cached.key.endsWith(`|${agent}`)) return null;
    const want = chooseJobs(cached.probe, 'cpu').eval;
    if (!(await switchBackend(want))) return null;
    await tf.ready();
    const cachedGl = cached.key.slice(0, -agent.length - 1);
    const gl =
      want === 'webgl'
        ? (webglRendererString() ?? 'unknown')
        : cachedGl === NO_WEBGL
          ? null
          : cachedGl;
    this.chooser = new BackendChooser(want, BACKEND_NAMES, cached.key);
    await this.chooser.loadCache(this.early.probe);
    this.backend = startInfo(want, gl);
    this.unconfirmed = agent;
    if (want === 'webgl') {
      this.watchContext();
      this.confirmRenderer();
    }
    return this.backend;
  }

  /**
   * After a start from the cache, checks the renderer once: a different one (another GPU, a new
   * driver, WebGL blocked or back) drops the cached figures, so the probe runs again, and the
   * start's description is corrected. Runs before the probe (off the first readout's path).
   */
  confirmRenderer(): void {
    const agent = this.unconfirmed;
    if (agent === null || !this.chooser || !this.backend) return;
    this.unconfirmed = null;
    const started = this.backend.backend === 'webgl';
    const gl = started ? (webglRendererString() ?? 'unknown') : detectWebglRenderer();
    if (!this.chooser.rekey(probeKey(gl, agent))) return;
    this.backend = startInfo(this.backend.backend as BackendName, gl);
  }

  /**
   * A first visit where WebGL is a software renderer or missing: starts on wasm, which evaluates
   * until the probe has run, and leaves WebGL unstarted until a job needs it (starting it costs
   * about 0.3 s of shader set-up on a software renderer). Null where WebGL is hardware, or outside
   * a browser, or where wasm cannot start.
   */
  private async startOnWasm(agent: string): Promise<BackendInfo | null> {
    if (!inBrowser()) return null;
    if (!(await registerBackend('wasm'))) return null;
    // The wasm binary compiles off this thread while the renderer is found (a throwaway context):
    // setBackend starts fetching and compiling it before its first await.
    const wasm = tf.setBackend('wasm').catch(() => false);
    const gl = detectWebglRenderer();
    if (!(await wasm)) return null;
    if (gl !== null && !isSoftwareRenderer(gl)) return null;
    await tf.ready();
    const start: BackendName = gl === null ? 'cpu' : 'webgl';
    this.chooser = new BackendChooser(start, BACKEND_NAMES, probeKey(gl, agent), { eval: 'wasm' });
    await this.chooser.loadCache(this.early.probe);
    this.backend = startInfo(start, gl);
    return this.backend;
  }

  /** Listens for the loss of the webgl backend's context (once per context). */
  watchContext(): void {
    const canvas = webglContext()?.canvas as (EventTarget & object) | undefined;
    if (!canvas || this.watched.has(canvas)) return;
    this.watched.add(canvas);
    canvas.addEventListener('webglcontextlost', (ev) => {
      ev.preventDefault();
      this.onContextLost();
    });
  }

  /**
   * Makes the job's backend current. Weights follow by themselves (tfjs moves a tensor's data when
   * another backend reads it); the evaluator's cached inputs and activations are rebuilt instead.
   */
  async use(job: BackendJob): Promise<string> {
    const want = this.chooser?.jobs()[job];
    if (want && tf.getBackend() !== want) {
      await switchBackend(want);
      if (want === 'webgl') this.watchContext();
    }
    if (this.model && this.dataset && this.evaluatorOn !== tf.getBackend()) {
      this.evaluator?.dispose();
      this.evaluator = new Evaluator(this.model, this.dataset);
      this.evaluatorOn = tf.getBackend();
    }
    return tf.getBackend();
  }

  /** As `use`, and records that the job ran there (see `ran`). */
  async on(job: BackendJob): Promise<string> {
    const name = await this.use(job);
    this.ran[job] = name;
    return name;
  }

  emit(e: EngineEvent): void {
    this.listeners.forEach((l) => l(e));
  }

  /** The one path of a lost context: the browser's event and the test hook both take it. */
  onContextLost(): void {
    if (this.lost) return;
    this.lost = true;
    this.emit({
      type: 'context-lost',
      message: 'The WebGL context was lost (the GPU was reset or is busy).',
    });
    this.controller?.cancel();
    this.signalLost();
  }

  /** True when the context is lost, asking WebGL itself (synchronous, before the event fires). */
  isLost(): boolean {
    const gl = webglContext();
    if (!this.lost && gl?.isContextLost()) this.onContextLost();
    return this.lost;
  }

  /**
   * The pretrained checkpoint of a pair, or null when the manifest has none (the model then starts
   * from its seeded initial weights, untrained). A missing manifest or a damaged file is an error.
   */
  async checkpointFor(id: ModelId, datasetId: DatasetId) {
    const models = this.sources.models;
    try {
      const text = new TextDecoder().decode(await models(`${MODELS_DIR}/manifest.json`));
      const listed = parseCheckpointManifest(text).entries.some(
        (e) => e.model === id && e.dataset === datasetId,
      );
      if (!listed) return null;
      return await loadCheckpoint(models, id, datasetId);
    } catch (e) {
      throw checkpointError(id, datasetId, e);
    }
  }

  /** The dataset, loaded once per engine (a failed load is retried on the next call). */
  getDataset(id: DatasetId): Promise<Dataset> {
    return once(this.datasets, id, () => loadDataset(id, this.sources.data));
  }

  /**
   * What evaluation needs: the test split alone (trainX and trainY empty), or the whole dataset
   * once it is loaded. A model's first load reads and decodes only this; the training split (for
   * MNIST 60,000 images, half a second of decoding on this thread) waits until a job needs it.
   */
  getTestSplit(id: DatasetId): Promise<Dataset> {
    return this.datasets.get(id) ?? this.early.warm(id);
  }

  /** As `need`, with the dataset's training split loaded (training and gradient scores need it). */
  async needTrain(): Promise<ReturnType<EngineCore['need']>> {
    const { dataset } = this.need();
    const full = await this.getDataset(dataset.id);
    // The evaluator keeps the test split it was built with: the same arrays' contents.
    if (this.dataset === dataset) this.dataset = full;
    return this.need();
  }
}

/** The refusal of every call after the WebGL context was lost. */
export function contextLostError(): EngineError {
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
  const text = e instanceof DataError ? e.fact : e instanceof Error ? e.message : String(e);
  const why = text.replace(/\.$/, '');
  const detail = `The pretrained ${id} model for ${datasetId} could not be loaded: ${why}. Rebuild the checkpoints with \`npm run pretrain\`.`;
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
