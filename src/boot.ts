/**
 * Start-up: read the link, load the pretrained model it names, keep the URL and theme in sync,
 * and install the global shortcuts (Ctrl+Z / Ctrl+Shift+Z).
 */
import { useApp } from './store/index.ts';
import { loadModel, recoverEngine, redo, undo } from './store/actions.ts';
import { getEngine, onEngineEvent } from './engine/client.ts';
import { configFromUrl, readUrl, startUrlSync } from './store/urlSync.ts';

export function boot(): void {
  const u = readUrl();
  useApp.setState({ view: u.view, selectedLayer: u.layer });
  const applyTheme = (t: 'light' | 'dark') =>
    document.documentElement.setAttribute('data-theme', t);
  applyTheme(useApp.getState().theme);
  useApp.subscribe((s, prev) => {
    if (s.theme !== prev.theme) applyTheme(s.theme);
  });
  startUrlSync();
  onEngineEvent((e) => void recoverEngine(e.message));
  window.addEventListener('keydown', (e) => {
    const target = e.target as HTMLElement | null;
    if (
      target &&
      (target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.isContentEditable)
    )
      return;
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z') {
      e.preventDefault();
      if (e.shiftKey) redo();
      else undo();
    }
  });
  // Hooks for end-to-end tests and the curious: lose the WebGL context on purpose, count tensors.
  Object.assign(window, {
    pruningLab: {
      loseContext: () => getEngine().loseContext(),
      numTensors: () => getEngine().numTensors(),
      state: () => useApp.getState(),
    },
  });
  void loadModel(u.model, u.dataset, { pending: configFromUrl(u) });
}
