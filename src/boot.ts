/**
 * Start-up: read the link, load the pretrained model it names, keep the URL and theme in sync,
 * and install the global shortcuts (Ctrl+Z / Ctrl+Shift+Z).
 */
import { useApp } from './store/index.ts';
import {
  applySetup,
  buildObservation,
  openLesson,
  recoverEngine,
  redo,
  setClient,
  startLessonRecorder,
  undo,
} from './store/actions.ts';
import { installPresenter } from './presenter.ts';
import { createWorkerClient } from './engine/client.ts';
import { configFromUrl, readUrl, startUrlSync } from './store/urlSync.ts';

export function boot(): void {
  const client = createWorkerClient();
  setClient(client);
  const u = readUrl();
  useApp.setState({
    view: u.view,
    selectedLayer: u.layer,
    hidden: u.hide,
    locked: u.lock,
    lesson: u.lesson ? { id: u.lesson, position: u.step } : null,
  });
  startLessonRecorder();
  installPresenter();
  const applyTheme = (t: 'light' | 'dark') =>
    document.documentElement.setAttribute('data-theme', t);
  applyTheme(useApp.getState().theme);
  useApp.subscribe((s, prev) => {
    if (s.theme !== prev.theme) applyTheme(s.theme);
  });
  startUrlSync();
  // A lost context or a crash restarts the engine; a restart the client made itself needs no more.
  client.onEvent((e) => {
    if (e.type !== 'restarted') void recoverEngine(e.message, { crashed: e.type === 'crashed' });
  });
  // Leaving the page while a run trains loses the batches since its last snapshot: ask first.
  window.addEventListener('beforeunload', (e) => {
    if (useApp.getState().trainStatus === 'idle') return;
    e.preventDefault();
    e.returnValue = '';
  });
  window.addEventListener('keydown', (e) => {
    const target = e.target as HTMLElement | null;
    if (
      target &&
      (target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.isContentEditable)
    )
      return;
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z') {
      e.preventDefault();
      if (e.shiftKey) void redo();
      else void undo();
    }
  });
  // Hooks for end-to-end tests and the curious: lose the WebGL context on purpose, count tensors,
  // the backend each job last ran on.
  Object.assign(window, {
    pruningLab: {
      loseContext: () => client.value('loseContext', 'immediate'),
      numTensors: () => client.value('numTensors', 'immediate'),
      jobBackends: () => client.value('jobBackends', 'immediate'),
      state: () => useApp.getState(),
      observation: () => buildObservation(useApp.getState()),
    },
  });
  // A hand-written lesson link (no model in it) opens the step's own scene.
  const sceneFromLesson =
    u.lesson !== null && !new URLSearchParams(window.location.search).has('model');
  if (sceneFromLesson && u.lesson) void openLesson(u.lesson, u.step);
  else
    void applySetup(
      { modelId: u.model, datasetId: u.dataset, config: configFromUrl(u) },
      { reload: true },
    );
}
