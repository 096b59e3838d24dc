/**
 * The open lesson beside the workbench: the props-only LessonPanel fed with the store's
 * observation; navigating opens the step's scene (one undo step each).
 */
import { useMemo } from 'react';
import { lessonById } from '../lessons/course.ts';
import { LessonPanel } from './lessons/LessonPanel.tsx';
import './lessons/layout.css';
import { buildObservation, closeLesson, openLesson } from '../store/actions.ts';
import { useApp } from '../store/index.ts';
import { useExperiments } from '../store/experiments.ts';

/** The lesson side panel, or nothing when no lesson is open. */
export function LessonSide() {
  const lesson = useApp((s) => s.lesson);
  const collapsed = useApp((s) => s.lessonCollapsed);
  // Any of these changing may change what the checks read.
  const masks = useApp((s) => s.masks);
  const full = useApp((s) => s.full);
  const preview = useApp((s) => s.preview);
  const baseline = useApp((s) => s.baseline);
  const latency = useApp((s) => s.latency);
  const curve = useApp((s) => s.curve);
  const trail = useApp((s) => s.trail);
  const layer = useApp((s) => s.selectedLayer);
  const baselinePreview = useApp((s) => s.baselinePreview);
  const view = useApp((s) => s.view);
  const version = useApp((s) => s.maskVersion + s.masksVersion * 1e6);
  // Experiment runs, the sensitivity analysis and the applied allocation.
  const runs = useExperiments((s) => s.history);
  const current = useExperiments((s) => s.current);
  const applied = useExperiments((s) => s.applied);
  const observation = useMemo(
    () => buildObservation(useApp.getState()),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [
      masks,
      full,
      preview,
      baseline,
      baselinePreview,
      latency,
      curve,
      trail,
      layer,
      view,
      version,
      runs,
      current,
      applied,
    ],
  );
  const def = lesson ? lessonById(lesson.id) : undefined;
  if (!lesson || !def) return null;
  return (
    <div className="lesson-side">
      <LessonPanel
        lesson={def}
        position={lesson.position}
        observation={observation}
        collapsed={collapsed}
        onToggle={() => useApp.setState({ lessonCollapsed: !collapsed })}
        onNavigate={(p) => void openLesson(def.id, p)}
        shortcuts
      />
      {!collapsed && (
        <button type="button" className="btn lesson-close" onClick={closeLesson}>
          Close the lesson
        </button>
      )}
    </div>
  );
}
