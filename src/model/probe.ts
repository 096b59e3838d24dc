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
import { PROBE_BATCH, PROBE_EVAL } from './probe-sizes.ts';
import * as tf from './tf.ts';
import { buildModel } from './zoo.ts';

/** One backend's probe figures. */
export interface ProbeEntry {
  backend: BackendName;
  /** WebGL renderer string; for wasm its build ('wasm simd', 'wasm'); else the backend's name. */
  renderer: string;
  /** True for a software WebGL renderer (SwiftShader, llvmpipe, ...). */
  software: boolean;
  /**
   * Median ms to predict PROBE_EVAL examples with the cnn (after one warm-up); the warm-up's
   * time when that alone showed the backend clearly slower than the best so far.
   */
  evalMs: number;
  /** Median ms of one cnn training step of PROBE_BATCH examples; Infinity when not timed. */
  trainMs: number;
}

export { PROBE_BATCH, PROBE_EVAL };
/** A backend this many times slower than the best so far is clearly slower: timing stops. */
export const CLEARLY_SLOWER = 3;

/** The best figures among backends probed so far (a backend clearly slower stops early). */
export interface ProbeBest {
  evalMs: number;
  trainMs: number;
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * Median ms of `runs` calls after one warm-up; stops early once a run (or the warm-up, which
 * includes shader compilation) is over `limit` ms: the backend is then clearly slower.
 */
async function timed(runs: number, fn: () => Promise<void>, limit = Infinity): Promise<number> {
  const t = performance.now();
  await fn();
  const warm = performance.now() - t;
  if (warm > limit) return warm;
  const ms: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
    if (ms[r] > limit) break;
  }
  return median(ms);
}

async function rendererOf(name: BackendName): Promise<string> {
  if (name === 'webgl') return webglRendererString() ?? 'webgl';
  if (name === 'wasm') return (await wasmFeatures()).simd ? 'wasm simd' : 'wasm';
  return name;
}

/** Limit (ms) past which a timing is clearly slower than `best` (Infinity without a best). */
function limitOf(best: number | undefined): number {
  return best !== undefined && Number.isFinite(best) ? best * CLEARLY_SLOWER : Infinity;
}

/**
 * Probes one backend: switches to it (leaving it current), then times the cnn's evaluation of
 * PROBE_EVAL examples and a training step of PROBE_BATCH. Given the best figures so far, it stops
 * timing once the backend is clearly slower, and skips the training step (trainMs Infinity) when
 * evaluation alone is already clearly slower: a software WebGL then costs no backprop shader
 * compilation. Null when the backend cannot start here or fails to run the model.
 */
export async function probeBackend(
  name: BackendName,
  runs = 1,
  best?: ProbeBest,
): Promise<ProbeEntry | null> {
  if (!(await switchBackend(name))) return null;
  const model = buildModel('cnn', 'mnist', 1);
  const x = tf.randomUniform([PROBE_EVAL, 28, 28, 1], 0, 1, 'float32', 1);
  const xb = tf.randomUniform([PROBE_BATCH, 28, 28, 1], 0, 1, 'float32', 2);
  const labels = Int32Array.from({ length: PROBE_BATCH }, (_, i) => i % 10);
  const yb = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), 10));
  const optimizer = tf.train.sgd(0.01);
  try {
    const evalLimit = limitOf(best?.evalMs);
    const evalMs = await timed(
      runs,
      async () => {
        const p = model.predict(x) as tf.Tensor;
        await p.data();
        p.dispose();
      },
      evalLimit,
    );
    const trainMs =
      evalMs > evalLimit
        ? Infinity
        : await timed(
            runs,
            async () => {
              const cost = optimizer.minimize(
                () =>
                  tf.losses.softmaxCrossEntropy(
                    yb,
                    model.apply(xb, { training: true }) as tf.Tensor,
                  ),
                true,
              );
              await cost?.data();
              cost?.dispose();
            },
            limitOf(best?.trainMs),
          );
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
