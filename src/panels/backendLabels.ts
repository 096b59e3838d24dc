/**
 * What the header says about backends: each job's backend in one line, and the WebGL renderer
 * (marked software for SwiftShader, llvmpipe and the like) when a job runs on WebGL.
 */
import type { BackendInfo, BackendJob, BackendPlan } from '../engine/api.ts';

/** Jobs in the order the header names them. */
export const JOB_LABELS: { job: BackendJob; label: string; long: string }[] = [
  { job: 'eval', label: 'eval', long: 'Evaluation' },
  { job: 'train', label: 'train', long: 'Training' },
  { job: 'scores', label: 'scores', long: 'Gradient scores' },
];

/** Short renderer name: "SwiftShader" out of ANGLE's long string. */
export function shortRenderer(r: string): string {
  if (/swiftshader/i.test(r)) return 'SwiftShader';
  const m = /ANGLE \([^,]*, ([^(,]+)/.exec(r);
  return (m ? m[1] : r).trim().slice(0, 40);
}

/** The renderer a WebGL job runs on, e.g. "SwiftShader (software)"; null when none does. */
export function webglLabel(plan: BackendPlan | null, start: BackendInfo | null): string | null {
  const usesWebgl = plan ? Object.values(plan.jobs).includes('webgl') : start?.backend === 'webgl';
  if (!usesWebgl) return null;
  const probed = plan?.probe.find((p) => p.backend === 'webgl');
  const renderer = probed?.renderer ?? (start?.backend === 'webgl' ? start.renderer : null);
  if (!renderer) return 'WebGL';
  const software = probed?.software ?? /swiftshader|llvmpipe|softpipe|software/i.test(renderer);
  return `${shortRenderer(renderer)}${software ? ' (software)' : ''}`;
}

/**
 * One line for the header: "eval: wasm · train: wasm · scores: wasm", plus the WebGL renderer
 * when a job uses it; the start-up backend alone until the plan is known.
 */
export function backendSummary(plan: BackendPlan | null, start: BackendInfo | null): string {
  if (!plan && !start) return 'starting…';
  const parts = plan
    ? JOB_LABELS.map(({ job, label }) => `${label}: ${plan.jobs[job]}`)
    : [start!.backend];
  const gl = webglLabel(plan, start);
  return [...parts, ...(gl ? [gl] : [])].join(' · ');
}
