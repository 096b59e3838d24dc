import { describe, expect, it } from 'vitest';
import { describeGraph, fits } from '../model/zoo.ts';
import { NEED_ACTION } from './checks.ts';
import { COURSE } from './course.ts';
import { observe, unmeasured } from './fixtures.ts';
import { METHODS } from '../core/methods.ts';
import type { LessonObservation, Question, Scene } from './types.ts';

/** An answer the check must reject: a number well outside the tolerance, or a wrong option. */
function wrongAnswers(q: Question, o: LessonObservation, right: string): string[] {
  if (q.answer.kind === 'choice')
    return q.answer.options.map((x) => x.id).filter((id) => !q.check(id, o).ok);
  const v = Number(right);
  const off = 3 * (q.tolerance?.(v) ?? 0) + 1;
  const w = q.answer.unit === '%' && v + off > 100 ? v - off : v + off;
  return [q.answer.unit === 'count' ? String(Math.round(w)) : w.toFixed(2)];
}

async function checkQuestion(q: Question, scene: Scene): Promise<void> {
  const o = await observe(scene);
  const right = q.expected(o);
  expect(right, `${q.id} has an answer`).not.toBeNull();
  const ok = q.check(right!, o);
  expect(ok.ok, `${q.id} accepts ${right}: ${ok.feedback}`).toBe(true);
  const wrong = wrongAnswers(q, o, right!);
  expect(wrong.length, `${q.id} has a wrong answer`).toBeGreaterThan(0);
  for (const w of wrong) expect(q.check(w, o).ok, `${q.id} rejects ${w}`).toBe(false);
  expect(q.check('', o).ok).toBe(false);
  if (q.needs.length) {
    const gap = q.check(right!, unmeasured(o));
    expect(gap.ok).toBe(false);
    expect(gap.feedback).toContain(NEED_ACTION[q.needs[0]]);
  }
}

describe('the course', () => {
  it('has eight lessons with unique ids, steps and a 2-3 question quiz', () => {
    expect(COURSE).toHaveLength(8);
    const ids = COURSE.flatMap((l) => [
      l.id,
      ...l.steps.map((s) => s.id),
      ...l.quiz.map((q) => q.id),
    ]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const l of COURSE) {
      expect(l.steps.length).toBeGreaterThanOrEqual(3);
      expect(l.quiz.length).toBeGreaterThanOrEqual(2);
      expect(l.quiz.length).toBeLessThanOrEqual(3);
    }
  });

  it('sets scenes on real models, datasets, methods and layers', () => {
    const methods = new Set(METHODS.map((m) => m.id));
    for (const s of COURSE.flatMap((l) => l.steps)) {
      const sc = s.scene;
      expect(fits(sc.model, sc.dataset), `${s.id}: ${sc.model} on ${sc.dataset}`).toBe(true);
      expect(methods.has(sc.method), `${s.id}: ${sc.method}`).toBe(true);
      const layers = describeGraph(sc.model, sc.dataset).layers.filter((l) => l.tensors.length);
      const names = layers.map((l) => l.name);
      expect(names, s.id).toContain(sc.layer);
      for (const l of Object.keys(sc.layerSparsity ?? {})) expect(names, s.id).toContain(l);
      expect(sc.globalSparsity).toBeGreaterThanOrEqual(0);
      expect(sc.globalSparsity).toBeLessThanOrEqual(1);
    }
  });

  for (const lesson of COURSE) {
    describe(lesson.title, () => {
      for (const s of lesson.steps)
        it(`step “${s.title}” accepts the measured answer and rejects a wrong one`, () =>
          checkQuestion(s, s.scene));
      const last = lesson.steps[lesson.steps.length - 1].scene;
      for (const q of lesson.quiz)
        it(`quiz “${q.prompt}” accepts the measured answer and rejects a wrong one`, () =>
          checkQuestion(q, last));
    });
  }

  it('answers “which sparsity” with the number the app measured', async () => {
    const step = COURSE.flatMap((l) => l.steps).find((s) => s.id === 'mon-conv1')!;
    const o = await observe(step.scene);
    expect(step.check('85', o).ok).toBe(true);
    expect(step.check('0.85', o).ok).toBe(true);
    expect(step.check('60%', o).ok).toBe(false);
    const other = {
      ...o,
      trail: o.trail.map((p) => ({ ...p, accuracy: p.sparsity < 0.9 ? 0.95 : 0.5 })),
    };
    expect(step.check('85', other).ok).toBe(false);
    expect(step.check('95', other).ok).toBe(true);
    expect(step.check('95', other).feedback).toContain('95.0%');
  });
});
