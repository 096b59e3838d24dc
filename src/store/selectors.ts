/**
 * Selectors for what the accuracy readouts show. The summary bar and the accuracy curve's marker
 * both read `selectAccuracy`, so they show the same value against the same baseline; a value is
 * current only when it was computed for the setup on screen (its version is `maskVersion`).
 */
import type { EvalResult } from '../engine/api.ts';
import type { AppState } from './index.ts';

/** A value for the setup on screen, with the baseline it is compared against. */
export interface CurrentAccuracy {
  state: 'current';
  /** Setup version the value belongs to. */
  version: number;
  accuracy: number;
  subset: 'preview' | 'full';
  /** Test examples evaluated. */
  n: number;
  /** Accuracy of the unpruned weights on the same subset, or null while unknown. */
  baseline: number | null;
  /** accuracy - baseline, or null. */
  delta: number | null;
  /** True while the full test set is still being evaluated after a preview. */
  refining: boolean;
}

/** Nothing for the setup on screen yet: what is being computed, and the previous setup's value. */
export interface ComputingAccuracy {
  state: 'computing';
  version: number;
  /** What is being done, in words, e.g. "computing SNIP gradient scores". */
  what: string;
  /** The previous setup's accuracy, to be shown only marked as the previous setup's. */
  previous: number | null;
  /** The checkpoint's recorded accuracy when the setup is the unpruned pretrained model. */
  recorded: number | null;
}

/** The setup on screen could not be evaluated. */
export interface FailedAccuracy {
  state: 'error';
  version: number;
  message: string;
}

export type AccuracyView =
  CurrentAccuracy | ComputingAccuracy | FailedAccuracy | { state: 'none'; version: number };

/** The baseline (unpruned accuracy) on a subset; the checkpoint's recorded value for 'full'. */
export function selectBaseline(s: AppState, subset: 'preview' | 'full'): number | null {
  if (subset === 'preview') return s.baselinePreview?.accuracy ?? null;
  return s.baseline?.accuracy ?? s.pretrainedAccuracy;
}

function current(s: AppState, r: EvalResult, refining: boolean): CurrentAccuracy {
  const baseline = selectBaseline(s, r.subset);
  return {
    state: 'current',
    version: s.maskVersion,
    accuracy: r.accuracy,
    subset: r.subset,
    n: r.n,
    baseline,
    delta: baseline !== null ? r.accuracy - baseline : null,
    refining,
  };
}

/** What is being computed for the setup on screen, in words. */
export function selectComputing(s: AppState): string {
  if (s.status === 'loading') return `loading the ${s.modelId} model`;
  if (s.scoresState?.kind === 'computing') return `computing ${s.scoresState.label}`;
  if (s.masksVersion !== s.maskVersion) return 'computing the masks';
  return 'evaluating a preview (test subset)';
}

/** True when the unpruned pretrained weights are on screen (every weight kept). */
function unpruned(s: AppState): boolean {
  const t = s.metrics?.total;
  return s.masksVersion === s.maskVersion && t !== undefined && t.weightsKept === t.weights;
}

/** The accuracy readout for the setup on screen. */
export function selectAccuracy(s: AppState): AccuracyView {
  const v = s.maskVersion;
  if (s.full && s.full.version === v) return current(s, s.full, false);
  if (s.preview && s.preview.version === v) return current(s, s.preview, true);
  if (s.scoresState?.kind === 'failed')
    return { state: 'error', version: v, message: s.scoresState.message };
  if (s.evalError) return { state: 'error', version: v, message: s.evalError };
  if (s.status !== 'ready' && s.status !== 'loading') return { state: 'none', version: v };
  const prev = [s.full, s.preview]
    .filter((r): r is NonNullable<typeof r> => r !== null)
    .sort((a, b) => b.version - a.version)[0];
  return {
    state: 'computing',
    version: v,
    what: selectComputing(s),
    previous: prev ? prev.accuracy : null,
    recorded: unpruned(s) ? s.pretrainedAccuracy : null,
  };
}

/** True when the latency figure on screen measured an older setup. */
export function selectLatencyStale(s: AppState): boolean {
  return s.latency !== null && s.latency.version !== s.maskVersion;
}
