/**
 * The backend per job: what this machine offers, the probe's timings (cached in IndexedDB per
 * renderer and user agent), the fastest backend for each job, and a user's overrides.
 */
import { registerBackend, type BackendName } from '../model/backends.ts';
import { probeBackend, type ProbeBest, type ProbeEntry } from '../model/probe.ts';
import type { BackendJob, BackendPlan } from './api.ts';
import { readCachedProbe, writeCachedProbe, type CachedProbe } from './probe-cache.ts';

const JOBS: readonly BackendJob[] = ['eval', 'train', 'scores'];

/** Order in which backends are probed (see BackendChooser.candidates). */
export const PROBE_ORDER: readonly BackendName[] = ['wasm', 'cpu', 'webgpu', 'webgl'];

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

/**
 * Chooses backends per job. `start` is the backend the engine started on (webgl, or cpu when
 * WebGL is missing or refused); `allowed` limits the candidates (['cpu'] when the app was asked to
 * stay on the cpu); `cacheKey` identifies the machine (renderer string and user agent).
 */
export class BackendChooser {
  private probe: ProbeEntry[] | null = null;
  private pending: ProbeEntry[] = [];
  private queue: BackendName[] | null = null;
  private readonly overrides: Partial<Record<BackendJob, BackendName>> = {};
  private readonly start: BackendName;
  private readonly allowed: readonly BackendName[];
  private cacheKey: string;
  private readonly provisional: Partial<Record<BackendJob, BackendName>>;

  /**
   * @param provisional backends for jobs until probe figures are known (e.g. evaluation on wasm
   *   while WebGL is a software renderer); other jobs run on `start` until then
   */
  constructor(
    start: BackendName,
    allowed: readonly BackendName[],
    cacheKey: string,
    provisional: Partial<Record<BackendJob, BackendName>> = {},
  ) {
    this.start = start;
    this.allowed = allowed;
    this.cacheKey = cacheKey;
    this.provisional = provisional;
  }

  /**
   * Takes the cached probe (`read`, or read now) when it is this machine's, so jobs start on their
   * best backend.
   */
  async loadCache(read: Promise<CachedProbe | null> = readCachedProbe()): Promise<void> {
    const c = await read;
    this.probe = c && c.key === this.cacheKey ? c.probe : null;
  }

  /**
   * Moves the chooser to another machine key (the renderer differs from the cached one): the
   * cached figures no longer hold, so they are dropped and the probe runs again.
   * @returns true when the key changed
   */
  rekey(key: string): boolean {
    if (key === this.cacheKey) return false;
    this.cacheKey = key;
    this.probe = null;
    this.pending = [];
    this.queue = null;
    return true;
  }

  /** True once probe figures (measured or cached) are known. */
  get probed(): boolean {
    return this.probe !== null;
  }

  /**
   * The backends this environment can start, among the allowed ones (loads their packages), in
   * probe order: the cheap-to-start wasm and cpu first, so that a slow GPU path (software WebGL)
   * meets a best-so-far figure and stops early.
   */
  async candidates(): Promise<BackendName[]> {
    const out: BackendName[] = [];
    for (const name of PROBE_ORDER)
      if (this.allowed.includes(name) && (await registerBackend(name))) out.push(name);
    return out;
  }

  private best(): ProbeBest | undefined {
    if (this.pending.length === 0) return undefined;
    return {
      evalMs: Math.min(...this.pending.map((p) => p.evalMs)),
      trainMs: Math.min(...this.pending.map((p) => p.trainMs)),
    };
  }

  /** Probes one backend (it stays current) and keeps its figures for finishProbe. */
  async probeOne(name: BackendName): Promise<void> {
    const entry = await probeBackend(name, 1, this.best());
    if (entry) this.pending.push(entry);
  }

  /** Adopts the figures probed so far as the probe, and caches them. */
  async finishProbe(): Promise<void> {
    this.probe = this.pending;
    this.pending = [];
    this.queue = null;
    await writeCachedProbe(this.cacheKey, this.probe);
  }

  /**
   * One step of the probe: the next candidate backend, or (once all are probed) adopting and
   * caching the figures. True when the probe is complete. Lets a caller interleave the probe with
   * more urgent work, one backend at a time.
   */
  async probeNext(): Promise<boolean> {
    if (this.probe !== null) return true;
    this.queue ??= await this.candidates();
    const next = this.queue.shift();
    if (next === undefined) {
      await this.finishProbe();
      return true;
    }
    await this.probeOne(next);
    return false;
  }

  /**
   * Probes every candidate backend (webgpu only with a real adapter; the last one stays current)
   * and caches the figures: wasm and cpu in a few hundred ms; a GPU path clearly slower than those
   * is cut short (see probeBackend).
   */
  async runProbe(): Promise<void> {
    while (!(await this.probeNext())) {
      // one backend per step
    }
  }

  /** Sets (or clears, with null) the backend a job must run on. */
  override(job: BackendJob, backend: BackendName | null): void {
    if (backend === null) delete this.overrides[job];
    else this.overrides[job] = backend;
  }

  /**
   * The backend each job runs on: the override, else the probe's fastest, else the provisional
   * choice, else `start`.
   */
  jobs(): Record<BackendJob, BackendName> {
    const p = this.provisional;
    const chosen = this.probe
      ? chooseJobs(this.probe, this.start)
      : {
          eval: p.eval ?? this.start,
          train: p.train ?? this.start,
          scores: p.scores ?? this.start,
        };
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
