/**
 * Reading a LessonObservation: the small derived figures the lessons' questions ask about.
 */
import { accuracyInterval, withinNoise } from '../core/stats.ts';
import type { ModelId } from '../data/models.ts';
import { accuracyAt, pct } from './checks.ts';
import type { LessonObservation, RunObservation } from './types.ts';

/** Accuracy change against the unpruned model in percentage points (negative = fell); null if not measured. */
export function change(o: LessonObservation): number | null {
  return o.accuracy === null || o.baselineAccuracy === null
    ? null
    : pct(o.accuracy - o.baselineAccuracy);
}

/**
 * The lowest sparsity at which moving `layer` (null = the global slider) measured an accuracy below
 * `threshold` (0..1), in percent; null when no measured position fell below it.
 */
export function firstBelow(
  o: LessonObservation,
  layer: string | null,
  threshold: number,
): number | null {
  const hits = o.trail.filter((p) => p.layer === layer && p.accuracy < threshold);
  return hits.length ? pct(Math.min(...hits.map((p) => p.sparsity))) : null;
}

/** The newest finished run of a kind (and model, and sparsity within ±2 points when given). */
export function latestRun(
  o: LessonObservation,
  kind: RunObservation['kind'],
  model?: ModelId,
  sparsity?: number,
): RunObservation | null {
  for (let i = o.runs.length - 1; i >= 0; i--) {
    const r = o.runs[i];
    if (r.kind !== kind || (model && r.model !== model)) continue;
    if (sparsity !== undefined && Math.abs(r.sparsity - sparsity) > 0.02) continue;
    return r;
  }
  return null;
}

/** Accuracy drop per class in points (before − after); null when not measured. */
export function classDrops(o: LessonObservation): number[] | null {
  if (!o.perClass) return null;
  const { before, after } = o.perClass;
  return before.map((b, c) => pct(b - after[c]));
}

/** Classes (as ids '0', '1', ...) whose drop is within `slack` points of the largest. */
export function worstClasses(o: LessonObservation, slack = 1): string[] | null {
  const d = classDrops(o);
  if (!d) return null;
  const worst = Math.max(...d);
  return d.flatMap((v, c) => (v >= worst - slack ? [String(c)] : []));
}

/** Lower bound of the 95% Wilson interval of the unpruned accuracy, in percent. */
export function baselineLow(o: LessonObservation): number | null {
  return o.baselineAccuracy === null || o.evaluated <= 0
    ? null
    : pct(accuracyInterval(o.baselineAccuracy, o.evaluated).low);
}

/** 'yes' when pruned and unpruned accuracy differ by less than the test set's noise. */
export function noiseVerdict(o: LessonObservation): 'yes' | 'no' | null {
  if (o.accuracy === null || o.baselineAccuracy === null || o.evaluated <= 0) return null;
  return withinNoise(o.baselineAccuracy, o.accuracy, o.evaluated) ? 'yes' : 'no';
}

/** Sensitivity: accuracy (percent) of each layer pruned alone to `sparsity`. */
export function sensitivityAt(
  o: LessonObservation,
  sparsity: number,
): Record<string, number> | null {
  if (!o.sensitivity || o.sensitivity.length === 0) return null;
  const out: Record<string, number> = {};
  for (const c of o.sensitivity) {
    const a = accuracyAt(c.points, sparsity);
    if (a !== null) out[c.layer] = pct(a);
  }
  return out;
}

/** Accuracy (percent) of a method's curve at a sparsity; null until measured that far. */
export function curveAt(
  o: LessonObservation,
  method: keyof LessonObservation['curves'],
  s: number,
): number | null {
  const c = o.curves[method];
  // A curve still being measured says nothing beyond its last point.
  if (!c || !c.some((p) => p.sparsity >= s - 1e-6)) return null;
  const a = accuracyAt(c, s);
  return a === null ? null : pct(a);
}
