/**
 * Evaluation with masks applied (the unmasked weights are restored afterwards), and an Evaluator that
 * caches the activations entering each weighted layer so a change to layer k's masks recomputes only
 * layers k and after.
 */
import * as tf from './tf.ts';
import type { MaskSet } from '../core/types.ts';
import type { Dataset } from '../data/types.ts';
import type { NetGraph } from '../core/types.ts';
import type { EvalResult } from './results.ts';
import { removedLayers } from '../core/metrics.ts';
import { forwardSkipping, hasZero, maskTemporarily } from './masking.ts';
import { deriveSeed, mulberry32, permutation } from '../core/random.ts';
import { graphOfModel, toInput, weightsVersion, weightVariables } from './zoo.ts';

/** Accuracy, loss, per-class accuracy and confusion matrix, without timing or subset. */
export type EvalStats = Pick<
  EvalResult,
  'accuracy' | 'loss' | 'n' | 'perClass' | 'confusion' | 'predicted' | 'labels'
>;

/**
 * Statistics from predicted probabilities.
 * @param probs row-major [n, classes] probabilities (softmax outputs)
 * @param labels true class of each row, length n
 * @returns accuracy (argmax, first maximum on ties), mean cross-entropy with probabilities clipped to
 *   [1e-7, 1 - 1e-7], accuracy per class (0 for a class with no example), confusion[true][predicted],
 *   and the predicted and true class of each row (Uint8Array, length n; classes up to 256)
 */
export function evalStats(
  probs: ArrayLike<number>,
  labels: ArrayLike<number>,
  classes: number,
): EvalStats {
  const n = labels.length;
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  const predicted = new Uint8Array(n);
  let correct = 0;
  let loss = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < classes; c++)
      if (probs[i * classes + c] > probs[i * classes + best]) best = c;
    const y = labels[i];
    predicted[i] = best;
    confusion[y][best]++;
    if (best === y) correct++;
    const p = Math.min(1 - 1e-7, Math.max(1e-7, probs[i * classes + y]));
    loss -= Math.log(p);
  }
  const perClass = confusion.map((row, c) => {
    const total = row.reduce((a, b) => a + b, 0);
    return total ? row[c] / total : 0;
  });
  return {
    accuracy: n ? correct / n : 0,
    loss: n ? loss / n : 0,
    n,
    perClass,
    confusion,
    predicted,
    labels: Uint8Array.from(labels),
  };
}

/**
 * A fixed, class-balanced order of the test split: each class's indices shuffled with the seed, then
 * interleaved class by class (one of class 0, one of class 1, ...). Its first `n` entries form the
 * preview subset (50 per class for n = 500 with 10 classes).
 */
export function previewIndices(labels: Uint8Array, classes: number, n: number, seed = 0): number[] {
  const byClass: number[][] = Array.from({ length: classes }, () => []);
  for (let i = 0; i < labels.length; i++) byClass[labels[i]].push(i);
  const shuffled = byClass.map((idx, c) => {
    const p = permutation(idx.length, mulberry32(deriveSeed(seed, `preview/${c}`)));
    return Array.from(p, (j) => idx[j]);
  });
  const out: number[] = [];
  for (let r = 0; out.length < n; r++) {
    let any = false;
    for (let c = 0; c < classes && out.length < n; c++) {
      if (r < shuffled[c].length) {
        out.push(shuffled[c][r]);
        any = true;
      }
    }
    if (!any) break;
  }
  return out;
}

/**
 * One fresh evaluation (no cache) of the model on test rows `indices` with masks applied; the
 * model's unmasked weights are restored afterwards. A layer the masks remove whole (src/core
 * removedLayers) is skipped as identity. Runs in chunks of `chunk` examples.
 */
export function evaluateModel(
  model: tf.LayersModel,
  dataset: Dataset,
  indices: ArrayLike<number>,
  masks: MaskSet,
  subset: 'preview' | 'full' = 'full',
  chunk = 500,
): EvalResult {
  const t0 = performance.now();
  const graph = graphOfModel(model);
  const skip = new Set(removedLayers(graph, masks));
  const restore = maskTemporarily(weightVariables(model), masks);
  const probs = new Float32Array(indices.length * graph.classes);
  try {
    for (let s = 0; s < indices.length; s += chunk) {
      const idx = Array.prototype.slice.call(
        indices,
        s,
        Math.min(indices.length, s + chunk),
      ) as number[];
      const p = tf.tidy(() =>
        forwardSkipping(model, toInput(dataset, idx, graph, 'test'), skip, false),
      );
      probs.set(p.dataSync() as Float32Array, s * graph.classes);
      p.dispose();
    }
  } finally {
    restore();
  }
  const labels = Array.from(indices, (i) => dataset.testY[i]);
  return { ...evalStats(probs, labels, graph.classes), subset, ms: performance.now() - t0 };
}

/** Per-layer mask snapshot: tensor key → copy of the mask, or null when nothing is pruned. */
type LayerMasks = Map<string, Uint8Array | null>;

interface SubsetCache {
  indices: number[];
  labels: number[];
  /** Input chunks (kept, owned). */
  inputs: tf.Tensor[];
  /** Activations entering layer i (weighted layers, and layers.length for the output), per chunk. */
  acts: Map<number, tf.Tensor[]>;
  /** Mask snapshot per weighted layer index the cache was computed with. */
  masks: Map<number, LayerMasks>;
  /** Layers removed whole (skipped as identity) in the cached state. */
  removed: Set<string>;
  version: number;
  /** Output probabilities downloaded for the current state. */
  probs: Float32Array | null;
}

/** Options of an Evaluator. */
export interface EvaluatorOptions {
  /** Preview subset size (first n of the class-balanced order). Default 500. */
  previewSize?: number;
  /** Examples per forward chunk. Default: `defaultChunk()` on the current backend. */
  chunk?: number;
  /** Seed of the class-balanced preview order. Default 0. */
  seed?: number;
}

/**
 * Examples per forward chunk on the current backend: 500 on a GPU (fewer, larger dispatches), 125
 * elsewhere. On wasm a chunk's activations are fresh memory, and first touching memory is slow (about
 * 3 ms per MB on the development machine), so smaller chunks reuse what the last one freed: the
 * first preview of the cnn on wasm takes about half as long, later ones as long as with 500.
 * Results do not depend on the chunk size.
 */
export function defaultChunk(): number {
  const b = tf.getBackend();
  return b === 'webgl' || b === 'webgpu' ? 500 : 125;
}

/**
 * Evaluates a zoo model on the test split with masks, caching on the backend the activations entering
 * each weighted layer (for the cnn on 2,000 examples: pool1 and pool2 outputs, conv3 output flattened,
 * dense1 output; about 25 MB) and the output probabilities. A call compares each layer's masks with
 * the cached ones (by content) and recomputes from the earliest changed weighted layer; a change of
 * the model's weights (weightsVersion) recomputes everything. Dispose when done.
 */
export class Evaluator {
  private readonly model: tf.LayersModel;
  private readonly dataset: Dataset;
  private readonly classes: number;
  private readonly graph: NetGraph;
  private readonly chunk: number;
  private readonly previewSize: number;
  private readonly seed: number;
  private readonly weighted: number[];
  private readonly layerKeys: Map<number, string[]>;
  private readonly caches = new Map<'preview' | 'full', SubsetCache>();
  /** Index of the first layer the last evaluate() recomputed (layers.length when none). */
  lastStart = -1;

  constructor(model: tf.LayersModel, dataset: Dataset, options: EvaluatorOptions = {}) {
    const graph = graphOfModel(model);
    this.model = model;
    this.dataset = dataset;
    this.classes = graph.classes;
    this.graph = graph;
    this.chunk = options.chunk ?? defaultChunk();
    this.previewSize = options.previewSize ?? 500;
    this.seed = options.seed ?? 0;
    this.weighted = [];
    this.layerKeys = new Map();
    const tensorsByLayer = new Map(graph.layers.map((l) => [l.name, l.tensors.map((t) => t.key)]));
    model.layers.forEach((layer, i) => {
      const keys = tensorsByLayer.get(layer.name) ?? [];
      if (keys.length) {
        this.weighted.push(i);
        this.layerKeys.set(i, keys);
      }
    });
  }

  /** The test indices of a subset (preview: first previewSize of the class-balanced order). */
  indices(subset: 'preview' | 'full'): number[] {
    return this.cacheFor(subset).indices.slice();
  }

  private cacheFor(subset: 'preview' | 'full'): SubsetCache {
    let c = this.caches.get(subset);
    if (!c) {
      const n = this.dataset.testY.length;
      const indices =
        subset === 'full'
          ? Array.from({ length: n }, (_, i) => i)
          : previewIndices(
              this.dataset.testY,
              this.classes,
              Math.min(this.previewSize, n),
              this.seed,
            );
      const inputs: tf.Tensor[] = [];
      for (let s = 0; s < indices.length; s += this.chunk) {
        inputs.push(toInput(this.dataset, indices.slice(s, s + this.chunk), this.graph, 'test'));
      }
      c = {
        indices,
        labels: indices.map((i) => this.dataset.testY[i]),
        inputs,
        acts: new Map(),
        masks: new Map(),
        removed: new Set(),
        version: -1,
        probs: null,
      };
      this.caches.set(subset, c);
    }
    return c;
  }

  private snapshot(layer: number, masks: MaskSet): LayerMasks {
    const out: LayerMasks = new Map();
    for (const key of this.layerKeys.get(layer) ?? []) {
      const m = masks[key];
      out.set(key, m && hasZero(m) ? m.slice() : null);
    }
    return out;
  }

  private static same(a: LayerMasks | undefined, layerKeys: string[], masks: MaskSet): boolean {
    if (!a) return false;
    for (const key of layerKeys) {
      const old = a.get(key) ?? null;
      const m = masks[key];
      const now = m && hasZero(m) ? m : null;
      if (old === null || now === null) {
        if (old !== now) return false;
        continue;
      }
      if (old.length !== now.length) return false;
      for (let i = 0; i < old.length; i++) if (old[i] !== now[i]) return false;
    }
    return true;
  }

  /**
   * First layer index that must be recomputed for these masks (layers.length when none): the first
   * weighted layer whose masks changed, or whose removed-whole status changed (that status also
   * depends on the consumer's masks, so it is compared separately).
   */
  private startLayer(c: SubsetCache, masks: MaskSet, removed: Set<string>): number {
    if (c.version !== weightsVersion(this.model) || !c.probs) return 0;
    const layers = this.model.layers;
    for (const i of this.weighted) {
      const name = layers[i].name;
      if (removed.has(name) !== c.removed.has(name)) return i;
      if (!Evaluator.same(c.masks.get(i), this.layerKeys.get(i) ?? [], masks)) return i;
    }
    return layers.length;
  }

  /** Drops every cached activation (they are recomputed on the next call). */
  invalidate(): void {
    for (const c of this.caches.values()) {
      for (const list of c.acts.values()) tf.dispose(list);
      c.acts.clear();
      c.masks.clear();
      c.probs = null;
      c.version = -1;
    }
  }

  /**
   * Evaluates with `masks` applied (missing keys = nothing pruned) on the preview subset or the full
   * test split. Synchronous on the backend (downloads n × classes probabilities).
   */
  evaluate(masks: MaskSet, subset: 'preview' | 'full'): EvalResult {
    const t0 = performance.now();
    const c = this.cacheFor(subset);
    const layers = this.model.layers;
    const L = layers.length;
    const removed = new Set(removedLayers(graphOfModel(this.model), masks));
    let start = this.startLayer(c, masks, removed);
    // Only weighted layers (and the input) have cached entering activations.
    if (start < L && start !== 0 && !c.acts.has(start)) start = 0;
    this.lastStart = start;
    if (start < L) {
      const vars = weightVariables(this.model);
      const keys = this.weighted
        .filter((i) => i >= start)
        .flatMap((i) => this.layerKeys.get(i) ?? []);
      const restore = maskTemporarily(vars, masks, keys);
      try {
        // Recompute layers start..L-1 chunk by chunk, recording the activations entering each later
        // weighted layer and the output (index L); everything else is freed as soon as it is used.
        const fresh = new Map<number, tf.Tensor[]>();
        const record = (i: number, t: tf.Tensor): void => {
          if (!fresh.has(i)) fresh.set(i, []);
          fresh.get(i)!.push(t);
        };
        for (let k = 0; k < c.inputs.length; k++) {
          let a = start === 0 ? c.inputs[k] : c.acts.get(start)![k];
          // `owned`: a was made in this loop and is not recorded, so it is freed once used.
          let owned = false;
          for (let i = start; i < L; i++) {
            if (i > start && this.layerKeys.has(i)) {
              // A tensor held elsewhere (input, cached, recorded) is recorded as its own handle.
              record(i, owned ? a : a.clone());
              owned = false;
            }
            // A layer removed whole is identity: its input flows on unchanged.
            if (removed.has(layers[i].name)) continue;
            const next = tf.tidy(() => layers[i].apply(a, { training: false }) as tf.Tensor);
            if (owned) a.dispose();
            a = next;
            owned = true;
          }
          record(L, a);
        }
        for (const [i, list] of fresh) {
          const old = c.acts.get(i);
          if (old) tf.dispose(old);
          c.acts.set(i, list);
        }
      } finally {
        restore();
      }
      for (const i of this.weighted) if (i >= start) c.masks.set(i, this.snapshot(i, masks));
      c.removed = removed;
      c.version = weightsVersion(this.model);
      const out = c.acts.get(L)!;
      const probs = new Float32Array(c.indices.length * this.classes);
      let off = 0;
      for (const t of out) {
        const d = t.dataSync() as Float32Array;
        probs.set(d, off);
        off += d.length;
      }
      c.probs = probs;
    }
    return { ...evalStats(c.probs!, c.labels, this.classes), subset, ms: performance.now() - t0 };
  }

  /** Frees every tensor the evaluator holds. */
  dispose(): void {
    this.invalidate();
    for (const c of this.caches.values()) tf.dispose(c.inputs);
    this.caches.clear();
  }
}
