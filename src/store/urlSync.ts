/**
 * Keeps the address bar in step with the pruning setup, so a link reproduces the view.
 * Reads the URL once at start (repairing it with notices) and then writes it on every change.
 */
import type { PruningConfig } from '../core/types.ts';
import { pushNotice, useApp } from './index.ts';
import {
  parseUrlState,
  serializeUrlState,
  urlFieldsChanged,
  urlStateOf,
  type UrlState,
} from './url.ts';

/** Parses the current location; shows a notice for each repair. */
export function readUrl(): UrlState {
  const { state, notices } = parseUrlState(window.location.search);
  notices.forEach((n) => pushNotice('warning', n));
  return state;
}

/** The config a parsed URL asks for. */
export function configFromUrl(u: UrlState): PruningConfig {
  return { method: u.method, globalSparsity: u.globalSparsity, layers: u.layers, seed: u.seed };
}

/** How long the address bar may lag the state, ms (a slider drag rewrites it once per pause). */
const URL_WRITE_DELAY_MS = 200;

let pendingWrite: (() => void) | null = null;

/** Writes a pending change into the address bar now (before the link is copied or shared). */
export function flushUrl(): void {
  pendingWrite?.();
}

/**
 * Writes the state into the address bar whenever it changes, at most once per
 * URL_WRITE_DELAY_MS (history.replaceState costs milliseconds; a slider drag changes the state
 * every step). Returns the unsubscribe function.
 */
export function startUrlSync(): () => void {
  let last = '';
  let timer: ReturnType<typeof setTimeout> | null = null;
  const write = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    pendingWrite = null;
    const s = useApp.getState();
    if (s.status !== 'ready') return;
    const q = serializeUrlState(urlStateOf(s));
    if (q !== last) {
      last = q;
      window.history.replaceState(null, '', `${window.location.pathname}${q}`);
    }
  };
  const unsubscribe = useApp.subscribe((s, prev) => {
    if (s.status !== 'ready') return;
    // Training progress and evaluation results change the store often; the link only needs
    // rewriting when one of the fields it carries changed (the URL table says which).
    if (s.status === prev.status && !urlFieldsChanged(s, prev)) return;
    if (timer === null) timer = setTimeout(write, URL_WRITE_DELAY_MS);
    pendingWrite = write;
  });
  window.addEventListener('pagehide', flushUrl);
  return () => {
    unsubscribe();
    window.removeEventListener('pagehide', flushUrl);
    if (timer !== null) clearTimeout(timer);
    pendingWrite = null;
  };
}
