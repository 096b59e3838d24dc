/**
 * Per-example predictions of the setup on screen against the unpruned model: how many flipped,
 * which test examples pruning broke (right before, wrong after), and their images for a gallery.
 */
import { accuracyInterval, flipCounts, type FlipCounts } from '../core/stats.ts';
import type { EvalResult, TestExamples } from '../engine/api.ts';
import { isAborted } from '../engine/client.ts';
import { engineClient } from './engine.ts';
import { useApp, type AppState } from './index.ts';

/** Flipped predictions and the 95% Wilson interval of the accuracy on screen. */
export interface AccuracyNoise extends FlipCounts {
  subset: 'preview' | 'full';
  /** Setup version these numbers belong to. */
  version: number;
  accuracy: number;
  /** 95% Wilson interval of the accuracy, 0..1. */
  low: number;
  high: number;
}

/** What the selectors here read of the state. */
type EvalState = Pick<
  AppState,
  'full' | 'preview' | 'baseline' | 'baselinePreview' | 'maskVersion'
>;

/** The current result for the setup on screen and the unpruned result on the same subset. */
function pair(s: EvalState): { after: EvalResult; before: EvalResult } | null {
  const v = s.maskVersion;
  const after = s.full?.version === v ? s.full : s.preview?.version === v ? s.preview : null;
  if (!after) return null;
  const before = after.subset === 'full' ? s.baseline : s.baselinePreview;
  if (!before?.predicted || !after.predicted || !after.labels) return null;
  if (before.predicted.length !== after.predicted.length) return null;
  return { after, before };
}

/**
 * Flip counts (unpruned → setup on screen, same test examples) and the accuracy's 95% interval;
 * null while either result is missing or belongs to an older setup.
 */
export function selectNoise(s: EvalState): AccuracyNoise | null {
  const p = pair(s);
  if (!p) return null;
  const flips = flipCounts(p.before.predicted!, p.after.predicted!, p.after.labels!);
  const ci = accuracyInterval(p.after.accuracy, p.after.n);
  return {
    ...flips,
    subset: p.after.subset,
    version: s.maskVersion,
    accuracy: p.after.accuracy,
    low: ci.low,
    high: ci.high,
  };
}

/** One test example pruning broke. */
export interface BrokenExample {
  /** Index in the test split. */
  index: number;
  label: number;
  /** The unpruned model's class (the label) and the pruned model's. */
  before: number;
  after: number;
}

/**
 * Test examples (full test set) the unpruned model classifies right and the setup on screen gets
 * wrong, in test-split order, at most `max`; `total` counts them all. Null until both full results
 * for the setup on screen are in.
 */
export function selectBroken(
  s: EvalState,
  max: number,
): { version: number; total: number; examples: BrokenExample[] } | null {
  const p = pair(s);
  if (!p || p.after.subset !== 'full') return null;
  const { predicted: before } = p.before;
  const { predicted: after, labels } = p.after;
  const examples: BrokenExample[] = [];
  let total = 0;
  for (let i = 0; i < labels!.length; i++) {
    if (before![i] !== labels![i] || after![i] === labels![i]) continue;
    total++;
    if (examples.length < max)
      examples.push({ index: i, label: labels![i], before: before![i], after: after![i] });
  }
  return { version: s.maskVersion, total, examples };
}

/** Test examples of the loaded dataset by index (pixels in [0, 1]), for the gallery. */
export async function fetchTestExamples(indices: number[]): Promise<TestExamples> {
  const r = await engineClient().call('testExamples', [indices], { priority: 'interactive' });
  return r.value;
}

/** Class probabilities of a drawing, and the setup version and weights they were computed for. */
export interface DrawingPrediction {
  /** Setup version (maskVersion) of the masks the pruned model used. */
  version: number;
  weightsVersion: number;
  unpruned: number[];
  pruned: number[];
  /** The backend that computed it. */
  backend: string;
}

let drawing: AbortController | null = null;

/**
 * Classifies a drawing (784 values in [0, 1], row-major 28x28) with the unpruned model and with
 * the masks on screen. A newer call drops an older one still queued. Resolves to null when the
 * setup changed before the answer came (ask again for the new one) or the call was dropped.
 */
export async function predictDrawing(input: Float32Array): Promise<DrawingPrediction | null> {
  const s = useApp.getState();
  if (s.masksVersion !== s.maskVersion || s.status !== 'ready') return null;
  drawing?.abort();
  const ctrl = new AbortController();
  drawing = ctrl;
  const { maskVersion: version, weightsVersion } = s;
  try {
    const r = await engineClient().call('predict', [input, s.masks], {
      priority: 'interactive',
      needs: weightsVersion,
      masks: version,
      signal: ctrl.signal,
    });
    const now = useApp.getState();
    if (now.maskVersion !== version || now.weightsVersion !== weightsVersion) return null;
    const { unpruned, pruned, backend = '' } = r.value;
    return { version, weightsVersion, unpruned, pruned, backend };
  } catch (e) {
    if (isAborted(e)) return null;
    throw e;
  }
}
