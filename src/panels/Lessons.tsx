import { COURSE } from '../lessons/course.ts';
import { openLesson } from '../store/actions.ts';

/** The course: each lesson opens beside the workbench at its first step. */
export function Lessons() {
  return (
    <div className="course">
      {COURSE.map((l, i) => (
        <article key={l.id} className="panel">
          <h2>
            {i + 1}. {l.title}
          </h2>
          <p>{l.summary}</p>
          <p className="muted">
            {l.steps.length} steps, {l.quiz.length} quiz questions
          </p>
          <button
            className="btn primary"
            onClick={() => void openLesson(l.id, 0)}
            aria-label={`Start lesson ${i + 1}: ${l.title}`}
          >
            Start
          </button>
        </article>
      ))}
    </div>
  );
}
