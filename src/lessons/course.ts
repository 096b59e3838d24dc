/** The course: eight lessons, each a sequence of steps and a closing quiz. */
import { COSTS, KINDS, NOISE } from './course-basics.ts';
import { ARCHITECTURE, MONITORING, SENSITIVITY } from './course-practice.ts';
import { LITERATURE, RETRAINING } from './course-training.ts';
import type { Lesson } from './types.ts';

export const COURSE: Lesson[] = [
  KINDS,
  COSTS,
  NOISE,
  ARCHITECTURE,
  MONITORING,
  SENSITIVITY,
  RETRAINING,
  LITERATURE,
];

/** A lesson by id, or undefined. */
export function lessonById(id: string): Lesson | undefined {
  return COURSE.find((l) => l.id === id);
}
