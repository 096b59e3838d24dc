/**
 * The backends benchmark and test page (bench/backends.html, served by the Vite dev server): the
 * app's engine (createEngine, as in the worker) on the page's main thread, with the wasm binaries
 * served from this origin. Exposes `window.backendsBench` (BackendsBenchApi); driven from Node by
 * bench/backends-bench.ts and e2e/backends.spec.ts.
 */
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import {
  computeMasks,
  emptyConfig,
  setGlobalSparsity,
  setLayerSparsity,
} from '../src/core/index.ts';
import type { MaskSet } from '../src/core/index.ts';
import { fetchSource, loadDataset } from '../src/data/index.ts';
import type { LoadResult } from '../src/engine/api.ts';
import { createEngine, type Engine } from '../src/engine/engine.ts';
import { configureWasm, switchBackend, type BackendName } from '../src/model/backends.ts';
import * as tf from '../src/model/tf.ts';
import { buildModel, setWeights, toInput, toLabels } from '../src/model/zoo.ts';
import type { BackendsBenchApi } from './backends-types.ts';

configureWasm({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});

const base = new URL('/', location.href).href;
const sources = { data: fetchSource(`${base}data/`), models: fetchSource(base) };
let engine: Engine | null = null;
let loaded: LoadResult | null = null;

async function ready(): Promise<{ engine: Engine; loaded: LoadResult }> {
  if (!engine || !loaded) {
    engine = createEngine(sources);
    await engine.init();
    loaded = await engine.load('cnn', 'mnist');
  }
  return { engine, loaded };
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function magnitudeMasks(l: LoadResult, sparsity: number): MaskSet {
  return computeMasks(l.graph, l.weights, setGlobalSparsity(emptyConfig(l.graph), sparsity));
}

/** Masks at 50% everywhere, with conv2 at `conv2` sparsity (a change of conv2 only). */
function conv2Masks(l: LoadResult, conv2: number): MaskSet {
  const c = setLayerSparsity(setGlobalSparsity(emptyConfig(l.graph), 0.5), 'conv2', conv2);
  return computeMasks(l.graph, l.weights, c);
}

/** Plain tfjs on `backend`: the cnn with the checkpoint's weights, predict and fit. */
async function plainModel(backend: BackendName) {
  const { loaded: l } = await ready();
  if (!(await switchBackend(backend))) throw new Error(`${backend} is not available`);
  const model = buildModel('cnn', 'mnist', 1);
  setWeights(model, l.weights);
  return model;
}

const api: BackendsBenchApi = {
  async plan() {
    const { engine: e } = await ready();
    return e.backendPlan();
  },

  async evaluateOn(backend, sparsity) {
    const { engine: e, loaded: l } = await ready();
    await e.setBackendOverride('eval', backend);
    const r = await e.evaluate(magnitudeMasks(l, sparsity), 'full');
    await e.setBackendOverride('eval', null);
    return { accuracy: r.accuracy, loss: r.loss, backend: r.backend ?? '?', n: r.n };
  },

  async previewAfterConv2(backend, runs) {
    const { engine: e, loaded: l } = await ready();
    await e.setBackendOverride('eval', backend);
    await e.evaluate(conv2Masks(l, 0.5), 'preview');
    const ms: number[] = [];
    let ran = '';
    for (let r = 0; r < runs; r++) {
      const t0 = performance.now();
      const res = await e.evaluate(conv2Masks(l, 0.55 + 0.04 * r), 'preview');
      ms.push(performance.now() - t0);
      ran = res.backend ?? '?';
    }
    await e.setBackendOverride('eval', null);
    return { ms: median(ms), backend: ran };
  },

  async fullEval(backend, runs) {
    const { engine: e, loaded: l } = await ready();
    await e.setBackendOverride('eval', backend);
    const ms: number[] = [];
    let ran = '';
    for (let r = -1; r < runs; r++) {
      // conv1 changes: every layer is recomputed, no cached activation helps.
      const c = setLayerSparsity(emptyConfig(l.graph), 'conv1', 0.1 + 0.05 * (r + 1));
      const t0 = performance.now();
      const res = await e.evaluate(computeMasks(l.graph, l.weights, c), 'full');
      if (r >= 0) ms.push(performance.now() - t0);
      ran = res.backend ?? '?';
    }
    await e.setBackendOverride('eval', null);
    return { ms: median(ms), backend: ran };
  },

  async plainPredict(backend, runs) {
    const model = await plainModel(backend);
    const ds = await loadDataset('mnist', sources.data);
    const x = toInput(ds, [...Array(ds.testY.length).keys()], 'cnn', 'test');
    const ms: number[] = [];
    try {
      for (let r = -1; r < runs; r++) {
        const t0 = performance.now();
        const y = model.predict(x, { batchSize: 500 }) as tf.Tensor;
        await y.data();
        y.dispose();
        if (r >= 0) ms.push(performance.now() - t0);
      }
    } finally {
      x.dispose();
      model.dispose();
    }
    return median(ms);
  },

  async trainOn(backend, batches) {
    const { engine: e } = await ready();
    await e.setBackendOverride('train', backend);
    const before = await e.snapshot();
    const opts = { epochs: 1, batchSize: 64, learningRate: 1e-3, seed: 1, fromScratch: false };
    await e.train({ ...opts, optimizer: 'adam', maxBatches: 3 }, () => undefined);
    const t0 = performance.now();
    const r = await e.train({ ...opts, optimizer: 'adam', maxBatches: batches }, () => undefined);
    const exPerSec = (batches * 64) / ((performance.now() - t0) / 1000);
    await e.setWeights(before);
    await e.setBackendOverride('train', null);
    return { examplesPerSec: exPerSec, backend: r.backend ?? '?' };
  },

  async plainFit(backend, batches) {
    const model = await plainModel(backend);
    const ds = await loadDataset('mnist', sources.data);
    const idx = [...Array(batches * 64).keys()];
    const x = toInput(ds, idx, 'cnn', 'train');
    const labels = toLabels(ds, idx, 'train');
    const y = tf.oneHot(labels, 10);
    labels.dispose();
    try {
      model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
      await model.fit(x.slice(0, 192), y.slice(0, 192), { batchSize: 64, epochs: 1, verbose: 0 });
      const t0 = performance.now();
      await model.fit(x, y, { batchSize: 64, epochs: 1, verbose: 0 });
      return (batches * 64) / ((performance.now() - t0) / 1000);
    } finally {
      tf.dispose([x, y]);
      model.dispose();
    }
  },

  async sparse(sparsity) {
    const { engine: e, loaded: l } = await ready();
    return e.sparseLatency(magnitudeMasks(l, sparsity));
  },
};

(window as unknown as { backendsBench: BackendsBenchApi }).backendsBench = api;
document.getElementById('status')!.textContent = 'ready';
