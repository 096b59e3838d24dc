/**
 * Presenter shortcuts on the whole window: ArrowRight / PageDown go to the next step, ArrowLeft /
 * PageUp back (what a presentation clicker sends). Keys typed into a form field are left alone.
 */
import { useEffect } from 'react';

/** True when a key event belongs to a field (typing, or arrows moving between radio buttons). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}

/** Registers the shortcuts while `enabled`. */
export function usePresenterKeys(enabled: boolean, onNext: () => void, onBack: () => void): void {
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || isTypingTarget(e.target))
        return;
      if (e.key === 'ArrowRight' || e.key === 'PageDown') {
        e.preventDefault();
        onNext();
      } else if (e.key === 'ArrowLeft' || e.key === 'PageUp') {
        e.preventDefault();
        onBack();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled, onNext, onBack]);
}
