/**
 * LessonPanel: a collapsible side panel that walks through one lesson: progress, the step's title,
 * what to look at, its question with an answer check, and Back / Next. Props only; the caller sets
 * the scene of the step at `position` and supplies the app's measurements as `observation`.
 */
import type { ReactElement } from 'react';
import './lessons.css';
import type { CheckResult, Lesson, LessonObservation } from '../../lessons/types.ts';
import { AnswerForm } from './AnswerForm.tsx';
import { lessonItem, lessonLength, positionLabel } from './position.ts';
import { usePresenterKeys } from './usePresenterKeys.ts';

export interface LessonPanelProps {
  lesson: Lesson;
  /** 0-based: the lesson's steps first, then its quiz questions. */
  position: number;
  observation: LessonObservation | null;
  collapsed: boolean;
  onToggle: () => void;
  /** Asks to go to another position (Back, Next, presenter keys). */
  onNavigate: (position: number) => void;
  onChecked?: (questionId: string, result: CheckResult) => void;
  /** Window-wide presenter keys: ArrowRight / PageDown next, ArrowLeft / PageUp back. */
  shortcuts?: boolean;
}

/** The lesson side panel. */
export function LessonPanel(props: LessonPanelProps): ReactElement {
  const { lesson, onNavigate, collapsed } = props;
  const total = lessonLength(lesson);
  const item = lessonItem(lesson, props.position);
  const pos = item.kind === 'step' ? item.index : lesson.steps.length + item.index;
  const next = () => {
    if (pos < total - 1) onNavigate(pos + 1);
  };
  const back = () => {
    if (pos > 0) onNavigate(pos - 1);
  };
  usePresenterKeys(props.shortcuts ?? false, next, back);
  const question = item.kind === 'step' ? item.step : item.question;

  return (
    <aside className={`lesson-panel${collapsed ? ' collapsed' : ''}`} aria-label="Lesson">
      <div className="lesson-head">
        <h2>{lesson.title}</h2>
        <button type="button" aria-expanded={!collapsed} onClick={props.onToggle}>
          {collapsed ? 'Show lesson' : 'Hide lesson'}
        </button>
      </div>
      {!collapsed && (
        <>
          <p className="lesson-progress">
            {positionLabel(item)}
            <progress max={total} value={pos + 1} aria-label="Progress through the lesson" />
          </p>
          {item.kind === 'step' ? (
            <>
              <h3>{item.step.title}</h3>
              <p className="lesson-text">{item.step.text}</p>
            </>
          ) : (
            <h3>Quiz: answer from the screen</h3>
          )}
          <AnswerForm
            key={`${lesson.id}:${pos}`}
            question={question}
            observation={props.observation}
            onChecked={props.onChecked}
          />
          <nav className="lesson-nav" aria-label="Lesson steps">
            <button type="button" onClick={back} disabled={pos === 0}>
              Back
            </button>
            <button type="button" onClick={next} disabled={pos >= total - 1}>
              Next
            </button>
          </nav>
        </>
      )}
    </aside>
  );
}
