/**
 * Times a short evaluation and one training step of the zoo's cnn on a backend, so the engine can
 * choose the fastest backend per job. Random weights and inputs (the figures do not depend on them).
 */
import {
  isSoftwareRenderer,
  switchBackend,
  wasmFeatures,
  webglRendererString,
  type BackendName,
} from './backends.ts';
import * as tf from './tf.ts';
import { buildModel } from './zoo.ts';

/** One backend's probe figures. */
export interface ProbeEntry {
  backend: BackendName;
  /** WebGL renderer string; for wasm its build ('wasm simd', 'wasm'); else the backend's name. */
  renderer: string;
  /** True for a software WebGL renderer (SwiftShader, llvmpipe, ...). */
  software: boolean;
  /** Median ms to predict PROBE_EVAL examples with the cnn (after one warm-up). */
  evalMs: number;
  /** Median ms of one cnn training step of PROBE_BATCH examples (after one warm-up). */
  trainMs: number;
}

/** Examples evaluated by the probe. */
export const PROBE_EVAL = 256;
/** Batch size of the probe's training step. */
export const PROBE_BATCH = 32;

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function timed(runs: number, fn: () => Promise<void>): Promise<number> {
  await fn();
  const ms: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

async function rendererOf(name: BackendName): Promise<string> {
  if (name === 'webgl') return webglRendererString() ?? 'webgl';
  if (name === 'wasm') return (await wasmFeatures()).simd ? 'wasm simd' : 'wasm';
  return name;
}

/**
 * Probes one backend: switches to it (leaving it current), then times the cnn's evaluation and a
 * training step. Null when the backend cannot start here or fails to run the model.
 */
export async function probeBackend(name: BackendName, runs = 2): Promise<ProbeEntry | null> {
  if (!(await switchBackend(name))) return null;
  const model = buildModel('cnn', 'mnist', 1);
  const x = tf.randomUniform([PROBE_EVAL, 28, 28, 1], 0, 1, 'float32', 1);
  const xb = tf.randomUniform([PROBE_BATCH, 28, 28, 1], 0, 1, 'float32', 2);
  const labels = Int32Array.from({ length: PROBE_BATCH }, (_, i) => i % 10);
  const yb = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), 10));
  const optimizer = tf.train.sgd(0.01);
  try {
    const evalMs = await timed(runs, async () => {
      const p = model.predict(x) as tf.Tensor;
      await p.data();
      p.dispose();
    });
    const trainMs = await timed(runs, async () => {
      const cost = optimizer.minimize(
        () => tf.losses.softmaxCrossEntropy(yb, model.apply(xb, { training: true }) as tf.Tensor),
        true,
      );
      await cost?.data();
      cost?.dispose();
    });
    const renderer = await rendererOf(name);
    return { backend: name, renderer, software: isSoftwareRenderer(renderer), evalMs, trainMs };
  } catch {
    return null;
  } finally {
    optimizer.dispose();
    tf.dispose([x, xb, yb]);
    model.dispose();
  }
}
