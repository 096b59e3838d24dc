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

/** Writes the state into the address bar whenever it changes. Returns the unsubscribe function. */
export function startUrlSync(): () => void {
  let last = '';
  return useApp.subscribe((s, prev) => {
    if (s.status !== 'ready') return;
    // Training progress and evaluation results change the store often; the link only needs
    // rewriting when one of the fields it carries changed (the URL table says which).
    if (s.status === prev.status && !urlFieldsChanged(s, prev)) return;
    const q = serializeUrlState(urlStateOf(s));
    if (q !== last) {
      last = q;
      window.history.replaceState(null, '', `${window.location.pathname}${q}`);
    }
  });
}
