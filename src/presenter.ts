/**
 * Presenter mode: the `presenter` class on <html> (large type, thick lines, high contrast), the
 * shortcut "p" to toggle it, and full screen with it when the browser allows.
 */
import { useApp } from './store/index.ts';

/** Turns presenter mode on or off; on also asks for full screen (a refusal is harmless). */
export function setPresenter(on: boolean): void {
  useApp.setState({ presenter: on });
  const doc = document;
  if (on && !doc.fullscreenElement && doc.documentElement.requestFullscreen)
    doc.documentElement.requestFullscreen().catch(() => undefined);
  if (!on && doc.fullscreenElement) void doc.exitFullscreen().catch(() => undefined);
}

function typing(target: EventTarget | null): boolean {
  const t = target as HTMLElement | null;
  return (
    !!t &&
    (t.tagName === 'INPUT' ||
      t.tagName === 'SELECT' ||
      t.tagName === 'TEXTAREA' ||
      t.isContentEditable)
  );
}

/** Keeps the class in step with the store and installs the "p" shortcut. */
export function installPresenter(): void {
  const apply = (on: boolean) => document.documentElement.classList.toggle('presenter', on);
  apply(useApp.getState().presenter);
  useApp.subscribe((s, prev) => {
    if (s.presenter !== prev.presenter) apply(s.presenter);
  });
  window.addEventListener('keydown', (e) => {
    if (typing(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === 'p' || e.key === 'P') {
      e.preventDefault();
      setPresenter(!useApp.getState().presenter);
    }
  });
  document.addEventListener('fullscreenchange', () => {
    // Leaving full screen with Escape leaves presenter mode too.
    if (!document.fullscreenElement && useApp.getState().presenter && fullscreenWasOn)
      setPresenter(false);
    fullscreenWasOn = !!document.fullscreenElement;
  });
}

let fullscreenWasOn = false;
