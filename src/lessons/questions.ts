/**
 * The questions lessons ask again and again, built once: the accuracy readout, a layer's pruned
 * share, removed units, a run's accuracy, the gap between two methods' curves.
 */
import type { MethodId } from '../core/types.ts';
import type { ModelId } from '../data/models.ts';
import { numberQuestion, pct } from './checks.ts';
import { change, curveAt, latestRun } from './read.ts';
import type { LessonObservation, Question, RunObservation } from './types.ts';

/** "What accuracy does the readout show?", in percent. */
export function accuracyQuestion(id: string, prompt: string, tolerance = 0.5): Question {
  const q = numberQuestion({
    id,
    prompt,
    unit: '%',
    needs: ['accuracy'],
    tolerance,
    value: (o) => (o.accuracy === null ? null : pct(o.accuracy)),
  });
  return { ...q, readout: 'accuracy' };
}

/** "Change against unpruned, in points?" (negative when accuracy fell). */
export function changeQuestion(id: string, prompt: string, tolerance: number): Question {
  return numberQuestion({ id, prompt, unit: 'pt', needs: ['accuracy'], tolerance, value: change });
}

/** "What share of `layer`'s weights is pruned?", in percent. */
export function shareQuestion(
  id: string,
  prompt: string,
  layer: string,
  tolerance = 1,
  explain?: (o: LessonObservation) => string,
): Question {
  return numberQuestion({
    id,
    prompt,
    unit: '%',
    needs: [],
    tolerance,
    value: (o) => (o.layerSparsity[layer] === undefined ? null : pct(o.layerSparsity[layer])),
    ...(explain ? { explain } : {}),
  });
}

/** "How many of `layer`'s units (filters, neurons, hidden units) are removed?" */
export function removedQuestion(
  id: string,
  prompt: string,
  layer: string,
  explain?: (o: LessonObservation) => string,
): Question {
  return numberQuestion({
    id,
    prompt,
    unit: 'count',
    needs: [],
    tolerance: 0,
    value: (o) => o.removedUnits[layer] ?? null,
    ...(explain ? { explain } : {}),
  });
}

/** "Accuracy at the end of the newest run of `kind`?", in percent. */
export function runQuestion(
  id: string,
  prompt: string,
  kind: RunObservation['kind'],
  model?: ModelId,
  sparsity?: number,
): Question {
  return numberQuestion({
    id,
    prompt,
    unit: '%',
    needs: ['runs'],
    tolerance: 0.5,
    value: (o) => {
      const r = latestRun(o, kind, model, sparsity);
      return r ? pct(r.accuracy) : null;
    },
  });
}

/** "`a` minus `b` accuracy at sparsity `s`, in points?", read off the two methods' curves. */
export function gapQuestion(
  id: string,
  prompt: string,
  a: MethodId,
  b: MethodId,
  s: number,
): Question {
  return numberQuestion({
    id,
    prompt,
    unit: 'pt',
    needs: ['curve', 'random-curve'],
    tolerance: 2,
    value: (o) => {
      const x = curveAt(o, a, s);
      const y = curveAt(o, b, s);
      return x === null || y === null ? null : x - y;
    },
  });
}
