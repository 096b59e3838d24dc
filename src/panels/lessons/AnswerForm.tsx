/**
 * The answer to one question: a number field or a group of options, a Check button (Enter submits),
 * and the check's feedback announced politely.
 */
import { useId, useState, type FormEvent, type KeyboardEvent, type ReactElement } from 'react';
import type { CheckResult, LessonObservation, Question } from '../../lessons/types.ts';

export interface AnswerFormProps {
  question: Question;
  /** The app's measurements for the setup on screen; null while they are computed. */
  observation: LessonObservation | null;
  onChecked?: (questionId: string, result: CheckResult) => void;
}

const UNIT: Record<string, string> = {
  '%': '%',
  pt: 'points',
  x: '×',
  ms: 'ms',
  KB: 'KB',
  count: '',
};

/** Question, answer field, Check button and feedback. */
export function AnswerForm(props: AnswerFormProps): ReactElement {
  const { question: q, observation } = props;
  const [answer, setAnswer] = useState('');
  const [result, setResult] = useState<CheckResult | null>(null);
  const id = useId();

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    const r: CheckResult = observation
      ? q.check(answer, observation)
      : { ok: false, feedback: 'The app is still measuring this setup; check again in a moment.' };
    setResult(r);
    props.onChecked?.(q.id, r);
  };
  // Enter on a radio button submits too (browsers differ on implicit submission from radios).
  const enterSubmits = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && e.target instanceof HTMLInputElement && e.target.type === 'radio')
      submit(e);
  };

  return (
    <form className="lesson-answer" onSubmit={submit} onKeyDown={enterSubmits}>
      {q.answer.kind === 'number' ? (
        <>
          <label htmlFor={id} className="lesson-question">
            {q.prompt}
          </label>
          <span className="lesson-number">
            <input
              id={id}
              type="text"
              inputMode="decimal"
              autoComplete="off"
              value={answer}
              onChange={(e) => setAnswer(e.currentTarget.value)}
            />
            {UNIT[q.answer.unit] && <span aria-hidden="true">{UNIT[q.answer.unit]}</span>}
          </span>
        </>
      ) : (
        <fieldset>
          <legend className="lesson-question">{q.prompt}</legend>
          {q.answer.options.map((o) => (
            <label key={o.id} className="lesson-option">
              <input
                type="radio"
                name={id}
                value={o.id}
                checked={answer === o.id}
                onChange={() => setAnswer(o.id)}
              />
              {o.label}
            </label>
          ))}
        </fieldset>
      )}
      <button type="submit">Check</button>
      <p
        role="status"
        aria-live="polite"
        className={result ? (result.ok ? 'lesson-ok' : 'lesson-bad') : undefined}
      >
        {result?.feedback ?? ''}
      </p>
    </form>
  );
}
