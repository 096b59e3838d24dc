/**
 * The backend probe's figures as kept in IndexedDB, per machine. No tfjs: the engine worker's entry
 * reads it while the engine's own code (tfjs) is still loading.
 */
import { get, set } from 'idb-keyval';
import type { ProbeEntry } from '../model/probe.ts';

/** IndexedDB key of the cached probe. */
export const PROBE_CACHE_KEY = 'backend-probe-v1';

/** A probe kept in IndexedDB, with the machine it belongs to. */
export interface CachedProbe {
  key: string;
  probe: ProbeEntry[];
}

function hasIndexedDb(): boolean {
  return typeof indexedDB !== 'undefined';
}

/**
 * The cached probe as stored (`key` is "<WebGL renderer>|<user agent>"), whatever machine it was
 * measured on; null when there is none (or no IndexedDB). Lets start-up decide, before any backend
 * is started, whether the cache can hold this machine's figures.
 */
export async function readCachedProbe(): Promise<CachedProbe | null> {
  if (!hasIndexedDb()) return null;
  const c = (await get<CachedProbe>(PROBE_CACHE_KEY).catch(() => undefined)) ?? null;
  return c && typeof c.key === 'string' && Array.isArray(c.probe) && c.probe.length > 0 ? c : null;
}

/** Keeps a machine's probe (silently nothing without IndexedDB). */
export async function writeCachedProbe(key: string, probe: ProbeEntry[]): Promise<void> {
  if (hasIndexedDb()) await set(PROBE_CACHE_KEY, { key, probe }).catch(() => undefined);
}
