import { useApp } from './store/index.ts';
import { Header } from './panels/Header.tsx';
import { SummaryBar } from './panels/SummaryBar.tsx';
import { Notices } from './panels/Notices.tsx';
import { Workbench } from './panels/Workbench.tsx';
import { TrainingBar } from './panels/TrainingBar.tsx';
import { Experiments } from './panels/Experiments.tsx';
import { Lessons } from './panels/Lessons.tsx';
import { LessonSide } from './panels/LessonSide.tsx';
import { Gate, GateNote } from './panels/Gate.tsx';
import { guarded } from './panels/ErrorBoundary.tsx';
import { DropZone, ImportPanel } from './panels/OpenModel.tsx';

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
            guarded('the experiments', <Experiments />)
          ) : (
            guarded('the lessons', <Lessons />)
          )}
        </main>
        {guarded('the lesson', <LessonSide />)}
      </div>
      <Gate id="train">{guarded('the training bar', <TrainingBar />)}</Gate>
    </div>
  );
}
