/**
 * The engine's backend methods: the backend per job (plan, overrides, what ran where), dense and
 * sparse latency, and the lost-context diagnostics.
 */
import * as tf from '../model/tf.ts';
import type { MaskSet } from '../core/types.ts';
import type { Dataset } from '../data/types.ts';
import { registerBackend, webglContext } from '../model/backends.ts';
import { measureLatency } from '../model/latency.ts';
import { measureSparseLatency } from '../model/sparse-latency.ts';
import { getWeights, graphOfModel, toInput } from '../model/zoo.ts';
import type { EngineApi, LatencyResult } from './api.ts';
import type { EngineCore } from './engine-core.ts';

type BackendMethods = Pick<
  EngineApi,
  | 'backendPlan'
  | 'probeStep'
  | 'setBackendOverride'
  | 'jobBackends'
  | 'latency'
  | 'sparseLatency'
  | 'loseContext'
  | 'simulateContextLoss'
>;

/** The first `batch` test examples as the model's input tensor; the caller disposes it. */
function testBatch(m: tf.Sequential, ds: Dataset, batch: number): tf.Tensor {
  const n = Math.min(batch, ds.testY.length);
  const idx = Array.from({ length: n }, (_, i) => i);
  return toInput(ds, idx, graphOfModel(m), 'test');
}

/** The backend methods of an engine, over its core. */
export function backendMethods(core: EngineCore): BackendMethods {
  return {
    latency(masks: MaskSet, batch = 64) {
      return core.serial(async (): Promise<LatencyResult> => {
        const ranOn = await core.on('eval');
        const { model: m, dataset: ds } = core.need();
        const x = testBatch(m, ds, batch);
        try {
          return { ...(await measureLatency(m, masks, x, { warmup: 2, runs: 7 })), backend: ranOn };
        } finally {
          x.dispose();
        }
      });
    },

    sparseLatency(masks: MaskSet, batch = 64) {
      return core.serial(async () => {
        await core.on('eval');
        const { model: m, dataset: ds } = core.need();
        const x = testBatch(m, ds, batch);
        try {
          return await measureSparseLatency(graphOfModel(m), getWeights(m), masks, x);
        } finally {
          x.dispose();
        }
      });
    },

    async backendPlan() {
      return core.serial(async () => {
        if (!core.chooser) await core.init();
        core.confirmRenderer();
        if (!core.chooser!.probed) await core.chooser!.runProbe();
        core.watchContext();
        return core.chooser!.plan();
      });
    },

    probeStep() {
      return core.serial(async () => {
        if (!core.chooser) await core.init();
        core.confirmRenderer();
        const done = await core.chooser!.probeNext();
        // The probe may have started WebGL: its context's loss must reach the engine too.
        core.watchContext();
        return done;
      });
    },

    async setBackendOverride(job, name) {
      if (!core.chooser) await core.init();
      core.chooser!.override(job, name);
      return core.chooser!.plan();
    },

    async jobBackends() {
      return { ...core.ran };
    },

    async loseContext() {
      // Evaluation may run on wasm with WebGL not started yet: start it, so there is one to lose.
      if (!webglContext() && (await registerBackend('webgl'))) {
        try {
          tf.findBackend('webgl');
        } catch {
          return false;
        }
      }
      core.watchContext();
      const ext = webglContext()?.getExtension('WEBGL_lose_context');
      if (!ext) return false;
      ext.loseContext();
      return true;
    },

    simulateContextLoss() {
      core.onContextLost();
    },
  };
}
