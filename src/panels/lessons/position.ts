/** Positions in a lesson: its steps first, then its quiz questions. */
import type { Lesson, LessonStep, Question } from '../../lessons/types.ts';

/** What sits at a position. */
export type LessonItem =
  | { kind: 'step'; step: LessonStep; index: number; count: number }
  | { kind: 'quiz'; question: Question; index: number; count: number };

/** Number of positions (steps plus quiz questions). */
export function lessonLength(lesson: Lesson): number {
  return lesson.steps.length + lesson.quiz.length;
}

/** The item at a position (clamped into range). */
export function lessonItem(lesson: Lesson, position: number): LessonItem {
  const p = Math.max(0, Math.min(lessonLength(lesson) - 1, Math.floor(position)));
  if (p < lesson.steps.length)
    return { kind: 'step', step: lesson.steps[p], index: p, count: lesson.steps.length };
  const q = p - lesson.steps.length;
  return { kind: 'quiz', question: lesson.quiz[q], index: q, count: lesson.quiz.length };
}

/** "Step 3 of 7" or "Quiz 1 of 2". */
export function positionLabel(item: LessonItem): string {
  return `${item.kind === 'step' ? 'Step' : 'Quiz'} ${item.index + 1} of ${item.count}`;
}
