/**
 * The backend per job: what this machine offers, the probe's timings (cached in IndexedDB per
 * renderer and user agent), the fastest backend for each job, and a user's overrides.
 */
import { get, set } from 'idb-keyval';
import { BACKEND_NAMES, registerBackend, type BackendName } from '../model/backends.ts';
import { probeBackend, type ProbeEntry } from '../model/probe.ts';
import type { BackendJob, BackendPlan } from './api.ts';

/** IndexedDB key of the cached probe. */
export const PROBE_CACHE_KEY = 'backend-probe-v1';

interface CachedProbe {
  key: string;
  probe: ProbeEntry[];
}

const JOBS: readonly BackendJob[] = ['eval', 'train', 'scores'];

function fastest(probe: ProbeEntry[], by: 'evalMs' | 'trainMs'): BackendName | null {
  let best: ProbeEntry | null = null;
  for (const p of probe) if (!best || p[by] < best[by]) best = p;
  return best ? best.backend : null;
}

/**
 * The fastest backend per job from probe figures: eval by evalMs, train and scores (a forward and
 * backward pass) by trainMs. `fallback` when the probe is empty.
 */
export function chooseJobs(
  probe: ProbeEntry[],
  fallback: BackendName,
): Record<BackendJob, BackendName> {
  const ev = fastest(probe, 'evalMs') ?? fallback;
  const tr = fastest(probe, 'trainMs') ?? fallback;
  return { eval: ev, train: tr, scores: tr };
}

function hasIndexedDb(): boolean {
  return typeof indexedDB !== 'undefined';
}

async function readCache(key: string): Promise<ProbeEntry[] | null> {
  if (!hasIndexedDb()) return null;
  const c = (await get<CachedProbe>(PROBE_CACHE_KEY).catch(() => undefined)) ?? null;
  return c && c.key === key && c.probe.length > 0 ? c.probe : null;
}

async function writeCache(key: string, probe: ProbeEntry[]): Promise<void> {
  if (hasIndexedDb()) await set(PROBE_CACHE_KEY, { key, probe }).catch(() => undefined);
}

/**
 * Chooses backends per job. `start` is the backend the engine started on (webgl, or cpu when
 * WebGL is missing or refused); `allowed` limits the candidates (['cpu'] when the app was asked to
 * stay on the cpu); `cacheKey` identifies the machine (renderer string and user agent).
 */
export class BackendChooser {
  private probe: ProbeEntry[] | null = null;
  private pending: ProbeEntry[] = [];
  private readonly overrides: Partial<Record<BackendJob, BackendName>> = {};
  private readonly start: BackendName;
  private readonly allowed: readonly BackendName[];
  private readonly cacheKey: string;

  constructor(start: BackendName, allowed: readonly BackendName[], cacheKey: string) {
    this.start = start;
    this.allowed = allowed;
    this.cacheKey = cacheKey;
  }

  /** Reads a cached probe for this machine, if any (so jobs start on their best backend). */
  async loadCache(): Promise<void> {
    this.probe = await readCache(this.cacheKey);
  }

  /** True once probe figures (measured or cached) are known. */
  get probed(): boolean {
    return this.probe !== null;
  }

  /** The backends this environment can start, among the allowed ones (loads their packages). */
  async candidates(): Promise<BackendName[]> {
    const out: BackendName[] = [];
    for (const name of BACKEND_NAMES)
      if (this.allowed.includes(name) && (await registerBackend(name))) out.push(name);
    return out;
  }

  /** Probes one backend (it stays current) and keeps its figures for finishProbe. */
  async probeOne(name: BackendName): Promise<void> {
    const entry = await probeBackend(name, 1);
    if (entry) this.pending.push(entry);
  }

  /** Adopts the figures probed so far as the probe, and caches them. */
  async finishProbe(): Promise<void> {
    this.probe = this.pending;
    this.pending = [];
    await writeCache(this.cacheKey, this.probe);
  }

  /**
   * Probes every candidate backend (webgpu only with a real adapter; the last one stays current)
   * and caches the figures. A few hundred ms with wasm and cpu; seconds where WebGL compiles
   * shaders in software.
   */
  async runProbe(): Promise<void> {
    this.pending = [];
    for (const name of await this.candidates()) await this.probeOne(name);
    await this.finishProbe();
  }

  /** Sets (or clears, with null) the backend a job must run on. */
  override(job: BackendJob, backend: BackendName | null): void {
    if (backend === null) delete this.overrides[job];
    else this.overrides[job] = backend;
  }

  /** The backend each job runs on: the override, else the probe's fastest, else `start`. */
  jobs(): Record<BackendJob, BackendName> {
    const chosen = this.probe
      ? chooseJobs(this.probe, this.start)
      : { eval: this.start, train: this.start, scores: this.start };
    for (const j of JOBS) chosen[j] = this.overrides[j] ?? chosen[j];
    return chosen;
  }

  /** The plan as plain data (see BackendPlan). */
  plan(): BackendPlan {
    return {
      jobs: this.jobs(),
      probe: (this.probe ?? []).map((p) => ({ ...p })),
      overridden: { ...this.overrides },
      probed: this.probe !== null,
    };
  }
}
