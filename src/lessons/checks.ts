/**
 * Building questions whose answers come from the app's measurements: numbers with a tolerance and
 * choices, plus the small pure helpers the lessons read observations with.
 */
import type {
  AnswerSpec,
  CheckResult,
  CurvePoint,
  LessonObservation,
  Need,
  Question,
} from './types.ts';

/** What to do when a measurement is missing, in words a student can act on. */
export const NEED_ACTION: Record<Need, string> = {
  accuracy: 'Wait until the accuracy readout shows a value for this setup.',
  curve: 'Wait until the accuracy-vs-sparsity curve is drawn.',
  trail: 'Move the slider named in the step; each position is measured.',
  latency: 'Press “Measure latency” and wait for the three timings.',
  perClass: 'Wait until the confusion matrices before and after pruning are shown.',
  flipped: 'Wait until the count of changed predictions is shown.',
  sensitivity: 'Run the sensitivity analysis in Experiments and wait for its curves.',
  allocation:
    'Apply the layer-wise sparsities from the sensitivity analysis and wait for the accuracy.',
  runs: 'Run the training named in the step and wait until it finishes.',
  'random-curve': 'Show the Random method’s curve beside magnitude (compare methods).',
};

/** Accuracy or sparsity 0..1 as percentage points. */
export function pct(x: number): number {
  return x * 100;
}

/** Formats a number for feedback: percentages with one decimal, others as given. */
export function show(v: number, unit: AnswerSpec & { kind: 'number' }): string {
  if (unit.unit === '%') return `${v.toFixed(1)}%`;
  if (unit.unit === 'pt') return `${v.toFixed(1)} points`;
  if (unit.unit === 'x') return `${v.toFixed(2)}×`;
  if (unit.unit === 'ms') return `${v.toFixed(1)} ms`;
  if (unit.unit === 'KB') return `${v.toFixed(1)} KB`;
  return String(Math.round(v));
}

/**
 * Reads a typed number. For '%' answers, "92", "92 %" and "0.92" all mean 92 percentage points (a
 * value of at most 1 without a % sign is taken as a fraction). Commas as decimal marks and as
 * thousands separators ("11,300"), and k / M suffixes ("11.3k") are read.
 * @returns the number in the answer's unit, or null when none can be read
 */
export function parseNumber(
  answer: string,
  unit: (AnswerSpec & { kind: 'number' })['unit'],
): number | null {
  // "11,300" is eleven thousand three hundred; "92,5" is 92.5.
  const text = answer.replace(/(\d),(\d{3})(?!\d)/g, '$1$2').replace(',', '.');
  const m = text.match(/(-?\d+(?:\.\d+)?|-?\.\d+)\s*([kKmM](?![a-zA-Z]))?/);
  if (!m) return null;
  const scale = m[2] ? (m[2].toLowerCase() === 'k' ? 1e3 : 1e6) : 1;
  const v = Number(m[1]) * scale;
  if (!Number.isFinite(v)) return null;
  if (unit === '%' && !answer.includes('%') && Math.abs(v) <= 1 && m[1].includes('.'))
    return v * 100;
  return v;
}

/** Linear interpolation of a curve's accuracy at a sparsity (points sorted or not); null if empty. */
export function accuracyAt(curve: CurvePoint[] | undefined, sparsity: number): number | null {
  if (!curve || curve.length === 0) return null;
  const pts = [...curve].sort((a, b) => a.sparsity - b.sparsity);
  if (sparsity <= pts[0].sparsity) return pts[0].accuracy;
  for (let i = 1; i < pts.length; i++) {
    const a = pts[i - 1];
    const b = pts[i];
    if (sparsity <= b.sparsity) {
      const t = b.sparsity === a.sparsity ? 1 : (sparsity - a.sparsity) / (b.sparsity - a.sparsity);
      return a.accuracy + t * (b.accuracy - a.accuracy);
    }
  }
  return pts[pts.length - 1].accuracy;
}

function missing(needs: Need[], o: LessonObservation, has: boolean): CheckResult | null {
  if (has) return null;
  void o;
  return { ok: false, feedback: `Not measured yet. ${needs.map((n) => NEED_ACTION[n]).join(' ')}` };
}

/** A question answered with a number, right within ± `tolerance` (in the answer's unit). */
export function numberQuestion(q: {
  id: string;
  prompt: string;
  unit: (AnswerSpec & { kind: 'number' })['unit'];
  needs: Need[];
  /** Absolute tolerance in the answer's unit. */
  tolerance: number;
  /** Relative tolerance (fraction of the right value); the larger of the two applies. */
  relTolerance?: number;
  value: (o: LessonObservation) => number | null;
  explain?: (o: LessonObservation) => string;
}): Question {
  const answer: AnswerSpec & { kind: 'number' } = { kind: 'number', unit: q.unit };
  const tol = (v: number) => Math.max(q.tolerance, (q.relTolerance ?? 0) * Math.abs(v));
  return {
    id: q.id,
    prompt: q.prompt,
    answer,
    needs: q.needs,
    tolerance: tol,
    expected: (o) => {
      const v = q.value(o);
      return v === null ? null : q.unit === 'count' ? String(Math.round(v)) : v.toFixed(1);
    },
    check(text, o) {
      const v = q.value(o);
      const gap = missing(q.needs, o, v !== null);
      if (gap || v === null) return gap ?? { ok: false, feedback: '' };
      const typed = parseNumber(text, q.unit);
      if (typed === null) return { ok: false, feedback: 'Type a number, as read from the screen.' };
      if (Math.abs(typed - v) <= tol(v) + 1e-9) {
        const more = q.explain ? ` ${q.explain(o)}` : '';
        return { ok: true, feedback: `Right: the app measured ${show(v, answer)}.${more}` };
      }
      const dir = typed > v ? 'too high' : 'too low';
      return { ok: false, feedback: `Not quite: ${show(typed, answer)} is ${dir}. Look again.` };
    },
  };
}

/** A question answered by picking an option; `value` gives the option ids that are right. */
export function choiceQuestion(q: {
  id: string;
  prompt: string;
  options: { id: string; label: string }[];
  needs: Need[];
  value: (o: LessonObservation) => string | string[] | null;
  explain?: (o: LessonObservation) => string;
}): Question {
  const label = (id: string) => q.options.find((x) => x.id === id)?.label ?? id;
  const right = (o: LessonObservation): string[] | null => {
    const v = q.value(o);
    return v === null ? null : Array.isArray(v) ? v : [v];
  };
  return {
    id: q.id,
    prompt: q.prompt,
    answer: { kind: 'choice', options: q.options },
    needs: q.needs,
    expected: (o) => right(o)?.[0] ?? null,
    check(text, o) {
      const ids = right(o);
      const gap = missing(q.needs, o, ids !== null);
      if (gap || ids === null) return gap ?? { ok: false, feedback: '' };
      const t = text.trim().toLowerCase();
      const picked = q.options.find((x) => x.id.toLowerCase() === t || x.label.toLowerCase() === t);
      if (!picked)
        return { ok: false, feedback: `Pick one of: ${q.options.map((x) => x.label).join(', ')}.` };
      if (ids.includes(picked.id)) {
        const more = q.explain ? ` ${q.explain(o)}` : '';
        return { ok: true, feedback: `Right: ${label(picked.id)}.${more}` };
      }
      return { ok: false, feedback: `Not “${picked.label}”: look at the numbers on screen again.` };
    },
  };
}

/** Index of the largest value (first on ties); -1 for an empty list. */
export function argmax(values: number[]): number {
  let best = -1;
  for (let i = 0; i < values.length; i++) if (best < 0 || values[i] > values[best]) best = i;
  return best;
}

/** The ids whose value is within `slack` of the best (largest) value. */
export function nearBest(values: Record<string, number>, slack: number): string[] {
  const best = Math.max(...Object.values(values));
  return Object.keys(values).filter((k) => values[k] >= best - slack);
}
