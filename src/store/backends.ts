/**
 * The backend each job runs on (evaluation, training, gradient scores), as the header shows it,
 * and a visitor's overrides: kept in localStorage and re-applied to the engine after every start
 * (the engine itself forgets them when its worker is restarted).
 */
import type { BackendJob, BackendPlan } from '../engine/api.ts';
import type { BackendName } from '../model/backends.ts';
import { markProbeCached } from '../engine/warm.ts';
import { localStore } from '../localStore.ts';
import { engineClient } from './engine.ts';
import { useApp } from './index.ts';

/** localStorage key of the overrides: JSON `Partial<Record<BackendJob, BackendName>>`. */
export const OVERRIDES_KEY = 'pruning-lab:backend-overrides';

const JOBS: readonly BackendJob[] = ['eval', 'train', 'scores'];
const NAMES: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** Overrides per job. */
export type BackendOverrides = Partial<Record<BackendJob, BackendName>>;

/** The overrides kept in this browser (entries that are not a job and a backend are dropped). */
export function readOverrides(): BackendOverrides {
  let raw: unknown;
  try {
    raw = JSON.parse(localStore()?.getItem(OVERRIDES_KEY) ?? 'null');
  } catch {
    raw = null;
  }
  const out: BackendOverrides = {};
  if (raw && typeof raw === 'object')
    for (const [job, name] of Object.entries(raw as Record<string, unknown>))
      if (JOBS.includes(job as BackendJob) && NAMES.includes(name as BackendName))
        out[job as BackendJob] = name as BackendName;
  return out;
}

function writeOverrides(o: BackendOverrides): void {
  try {
    const s = localStore();
    if (!s) return;
    if (Object.keys(o).length === 0) s.removeItem(OVERRIDES_KEY);
    else s.setItem(OVERRIDES_KEY, JSON.stringify(o));
  } catch {
    // storage full or refused: the override still holds for this visit
  }
}

/**
 * Asks the engine for its plan and puts it in the store. When no probe figures are known, the
 * engine probes first, one backend per request at the lowest priority, so a preview waits for
 * one backend's timing at most.
 */
export async function refreshBackendPlan(): Promise<BackendPlan | null> {
  try {
    const client = engineClient();
    while (!(await client.value('probeStep', 'latency'))) {
      // next backend
    }
    const plan = await client.value('backendPlan', 'latency');
    if (plan.probed) markProbeCached();
    // The probe may have corrected what the engine started on (a renderer unlike the cached one).
    const backend = await client.value('init', 'latency');
    useApp.setState({ backendPlan: plan, backend });
    return plan;
  } catch {
    return null;
  }
}

/** Re-applies the stored overrides to a freshly started engine (called after every init). */
export async function applyStoredOverrides(): Promise<void> {
  const o = readOverrides();
  const client = engineClient();
  let plan: BackendPlan | null = null;
  try {
    for (const job of JOBS) {
      const name = o[job];
      if (name) plan = await client.value('setBackendOverride', 'interactive', job, name);
    }
  } catch {
    // an engine that refuses an override keeps its own choice; the header shows what it runs
  }
  useApp.setState({ backendOverrides: o, ...(plan ? { backendPlan: plan } : {}) });
}

/**
 * Pins `job` to `backend` (null: back to the probe's choice), remembers it in this browser and
 * tells the engine; the next request of that job runs there.
 */
export async function setJobBackend(job: BackendJob, backend: BackendName | null): Promise<void> {
  const o = { ...readOverrides() };
  if (backend === null) delete o[job];
  else o[job] = backend;
  writeOverrides(o);
  useApp.setState({ backendOverrides: o });
  const plan = await engineClient().value('setBackendOverride', 'interactive', job, backend);
  useApp.setState({ backendPlan: plan });
}
