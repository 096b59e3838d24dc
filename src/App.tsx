import { useApp } from './store/index.ts';
import { Header } from './panels/Header.tsx';
import { SummaryBar } from './panels/SummaryBar.tsx';
import { Notices } from './panels/Notices.tsx';
import { Workbench } from './panels/Workbench.tsx';
import { TrainingBar } from './panels/TrainingBar.tsx';
import { lazy, Suspense, type ReactNode } from 'react';
import { Gate, GateNote } from './panels/Gate.tsx';
import { guarded } from './panels/ErrorBoundary.tsx';
import { DropZone, ImportPanel } from './panels/OpenModel.tsx';

// Views not on the first screen load on first use, so the first screen's bundle stays small.
const Experiments = lazy(() =>
  import('./panels/Experiments.tsx').then((m) => ({ default: m.Experiments })),
);
const Lessons = lazy(() => import('./panels/Lessons.tsx').then((m) => ({ default: m.Lessons })));
const LessonSide = lazy(() =>
  import('./panels/LessonSide.tsx').then((m) => ({ default: m.LessonSide })),
);

/** A lazily loaded view, with a status line while its code arrives. */
function later(name: string, node: ReactNode): ReactNode {
  return guarded(
    name,
    <Suspense
      fallback={
        <div className="center-msg" role="status">
          Opening {name}…
        </div>
      }
    >
      {node}
    </Suspense>,
  );
}

/** The page: header, summary, notices, the active view beside the open lesson, the training bar. */
export function App() {
  const view = useApp((s) => s.view);
  const status = useApp((s) => s.status);
  const error = useApp((s) => s.error);
  const lessonOpen = useApp((s) => s.lesson !== null);
  return (
    <div className="app">
      {guarded('the header', <Header />)}
      <GateNote />
      {guarded('the summary', <SummaryBar />)}
      {guarded('the notices', <Notices />)}
      {guarded('the imported model', <ImportPanel />)}
      <DropZone />
      <div className={`workspace${lessonOpen ? ' with-lesson' : ''}`}>
        <main>
          {status === 'error' ? (
            <div className="error-box" role="alert">
              <h2>The model could not be opened</h2>
              <p>{error}</p>
              <p className="muted">
                Your settings are kept in the link. Pick another model or dataset, or reload the
                page.
              </p>
            </div>
          ) : status !== 'ready' ? (
            <div className="center-msg" role="status">
              Loading the pretrained model…
            </div>
          ) : view === 'workbench' ? (
            guarded('the workbench', <Workbench />)
          ) : view === 'experiments' ? (
            later('the experiments', <Experiments />)
          ) : (
            later('the lessons', <Lessons />)
          )}
        </main>
        {lessonOpen && later('the lesson', <LessonSide />)}
      </div>
      <Gate id="train">{guarded('the training bar', <TrainingBar />)}</Gate>
    </div>
  );
}
