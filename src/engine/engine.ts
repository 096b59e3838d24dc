/**
 * The engine: EngineApi implemented on src/model. It runs in the Web Worker (worker.ts) and, for
 * tests, in Node on the cpu backend. Calls that touch the model run one at a time (a queue), except
 * pause / resume / cancel, which act on a running training at once.
 *
 * createEngine composes the method groups over one shared EngineCore (engine-core.ts): training
 * (engine-training.ts), backends and latency (engine-backends.ts), import and export
 * (engine-io.ts); loading, evaluating and the weights are here.
 */
import * as tf from '../model/tf.ts';
import { describeNonFinite, findNonFinite } from '../core/finite.ts';
import type { MaskSet, WeightSet } from '../core/types.ts';
import type { DatasetId } from '../data/types.ts';
import { Evaluator } from '../model/evaluate.ts';
import { buildModel, describeGraph, getWeights, initialWeights, setWeights } from '../model/zoo.ts';
import { EngineError } from './errors.ts';
import { backendMethods } from './engine-backends.ts';
import {
  contextLostError,
  EngineCore,
  type EngineEvent,
  type EngineSources,
} from './engine-core.ts';
import { ioMethods } from './engine-io.ts';
import { trainingMethods } from './engine-training.ts';
import type { EngineApi, EvalResult, LoadResult, ModelId } from './api.ts';

export type { EngineEvent, EngineSources } from './engine-core.ts';
export { SCORE_BATCH } from './engine-training.ts';

/** An EngineApi plus the hooks the worker and tests need. */
export interface Engine extends EngineApi {
  /** Registers a listener for engine events (e.g. a lost WebGL context). */
  onEvent(listener: (e: EngineEvent) => void): void;
  /** Starts reading a dataset's test split, which a load will most likely want (a hint). */
  warm(datasetId: DatasetId): void;
}

type CoreMethods = Pick<
  Engine,
  | 'init'
  | 'load'
  | 'evaluate'
  | 'snapshot'
  | 'setWeights'
  | 'setInitialWeights'
  | 'initialWeights'
  | 'onEvent'
  | 'warm'
  | 'numTensors'
>;

/** Builds the model of a pair with its checkpoint's weights (or seeded initial ones). */
async function loadModel(core: EngineCore, id: ModelId, datasetId: DatasetId): Promise<LoadResult> {
  // Files are fetched and decoded while the backend starts (a first load starts the engine); the
  // training split waits until training or gradient scores need it (core.needTrain).
  const files = Promise.all([core.getTestSplit(datasetId), core.checkpointFor(id, datasetId)]);
  files.catch(() => undefined);
  const backend = await core.init();
  if (core.lost) throw contextLostError();
  const [ds, ckpt] = await files;
  await core.use('eval');
  core.evaluator?.dispose();
  core.model?.dispose();
  const m = buildModel(id, datasetId, 1, ds.classNames.length);
  const graph = describeGraph(id, datasetId, ds.classNames.length);
  const init = ckpt?.initial ?? initialWeights(graph, 1);
  setWeights(m, ckpt?.weights ?? init);
  core.model = m;
  core.dataset = ds;
  core.initial = init;
  core.evaluator = new Evaluator(m, ds);
  core.known = getWeights(m);
  core.evaluatorOn = tf.getBackend();
  return {
    modelId: id,
    datasetId,
    graph,
    weights: getWeights(m),
    pretrainedAccuracy: ckpt ? ckpt.entry.testAccuracy : null,
    backend,
  };
}

/** Loading, evaluating and the weights, over the engine's core. */
function coreMethods(core: EngineCore): CoreMethods {
  return {
    init: (prefer = 'webgl') => core.init(prefer),

    load: (id: ModelId, datasetId: DatasetId) => core.serial(() => loadModel(core, id, datasetId)),

    evaluate(masks: MaskSet, subset: 'preview' | 'full') {
      return core.serial(async (): Promise<EvalResult> => {
        const ran = await core.on('eval');
        const r = core.need().evaluator.evaluate(masks, subset);
        return { ...r, backend: ran };
      });
    },

    snapshot() {
      return core.serial(async () => getWeights(core.need().model));
    },

    setWeights(w: WeightSet) {
      return core.serial(async () => {
        const { model: m, evaluator: ev } = core.need();
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
        core.known = getWeights(m);
      });
    },

    setInitialWeights(w: WeightSet) {
      return core.serial(async () => {
        core.initial = w;
      });
    },

    initialWeights() {
      return core.serial(async () => {
        if (!core.initial)
          throw new EngineError('no-model', 'No model is loaded yet: choose a model to start.');
        return core.initial;
      });
    },

    onEvent(listener) {
      core.listeners.push(listener);
    },

    warm(datasetId) {
      core.getTestSplit(datasetId).catch(() => undefined);
    },

    numTensors() {
      return tf.memory().numTensors;
    },
  };
}

/** A new engine reading its data and checkpoints from `sources`; init() picks the backend. */
export function createEngine(sources: EngineSources): Engine {
  const core = new EngineCore(sources);
  return {
    ...coreMethods(core),
    ...trainingMethods(core),
    ...backendMethods(core),
    ...ioMethods(core),
  };
}
