/**
 * The setup and its measured results as one JSON document for a notebook (results.json): model,
 * dataset, pruning config, schedule and training settings, per-layer and total sparsity,
 * parameters, FLOPs and bytes (src/core/metrics.ts conventions), accuracy, and latency when it
 * was measured. Pure: plain data in, a JSON string out.
 */
import { methodOf, sparsityOfLayer } from '../compute.ts';
import { networkMetrics, type SizeMetrics } from '../metrics.ts';
import type { MaskSet, NetGraph, PruningConfig } from '../types.ts';
import type { ScheduleSetup, TrainingSetup } from './types.ts';

/** Format version of results.json. */
export const RESULTS_FORMAT = 1;

/** An accuracy measurement (the engine's EvalResult fits). */
export interface AccuracyMeasure {
  /** 0..1 */
  accuracy: number;
  loss: number;
  /** Test examples evaluated. */
  n: number;
  subset: 'preview' | 'full';
}

/** A latency measurement (the engine's LatencyResult fits): median ms per batch. */
export interface LatencyMeasure {
  denseMs: number;
  maskedMs: number;
  compactedMs: number;
  batch: number;
}

/** Everything results.json is made from. */
export interface ResultsInput {
  modelId: string;
  datasetId: string;
  graph: NetGraph;
  config: PruningConfig;
  masks: MaskSet;
  /** Accuracy of the pruned model (masks applied), when measured for this setup. */
  accuracy?: AccuracyMeasure | null;
  /** Accuracy of the unpruned model on the same subset, when known. */
  baselineAccuracy?: number | null;
  latency?: LatencyMeasure | null;
  schedule?: ScheduleSetup;
  training?: TrainingSetup;
  /** tfjs backend the numbers were measured on, e.g. 'webgl'. */
  backend?: string;
  /** ISO time of the export (the caller passes it, so the function stays pure). */
  exportedAt?: string;
}

function sizes(s: SizeMetrics) {
  return {
    params: s.elements,
    paramsKept: s.nonzeros,
    sparsity: s.sparsity,
    weightSparsity: s.weightSparsity,
    flopsDense: s.denseFlops,
    flopsPruned: s.prunedFlops,
    flopsCompacted: s.compactedFlops,
    paramsCompacted: s.compactedParams,
    bytes: {
      dense: s.bytesDense,
      bitmask: s.bytesBitmask,
      csr: s.bytesCsr,
      compacted: s.bytesCompacted,
    },
  };
}

/** The results.json object (see the module comment); numbers are plain, never Infinity or NaN. */
export function resultsObject(input: ResultsInput) {
  const { graph, config, masks } = input;
  const metrics = networkMetrics(graph, masks);
  const layers = metrics.layers.map((l) => ({
    layer: l.layer,
    kind: l.kind,
    units: l.units,
    method: methodOf(config, l.layer),
    sparsitySetting: sparsityOfLayer(config, l.layer),
    locked: config.layers[l.layer]?.locked ?? false,
    removed: l.removed,
    removedUnits: l.removedUnits,
    ...sizes(l),
  }));
  return {
    format: RESULTS_FORMAT,
    tool: 'Pruning Lab',
    exportedAt: input.exportedAt ?? null,
    model: { id: input.modelId, inputShape: graph.inputShape, classes: graph.classes },
    dataset: input.datasetId,
    config,
    schedule: input.schedule ?? null,
    training: input.training ?? null,
    backend: input.backend ?? null,
    accuracy: input.accuracy
      ? {
          accuracy: input.accuracy.accuracy,
          loss: input.accuracy.loss,
          n: input.accuracy.n,
          subset: input.accuracy.subset,
          baseline: input.baselineAccuracy ?? null,
        }
      : null,
    latency: input.latency
      ? {
          batch: input.latency.batch,
          denseMs: input.latency.denseMs,
          maskedMs: input.latency.maskedMs,
          compactedMs: input.latency.compactedMs,
        }
      : null,
    total: sizes(metrics.total),
    layers,
  };
}

/** results.json text: resultsObject, indented, with non-finite numbers written as null. */
export function resultsJson(input: ResultsInput): string {
  return JSON.stringify(
    resultsObject(input),
    (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v),
    2,
  );
}
