import { describe, expect, it } from 'vitest';
import type { BackendPlan } from '../engine/api.ts';
import { backendSummary, shortRenderer, webglLabel } from './backendLabels.ts';

const SWIFT =
  'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)';

function plan(jobs: BackendPlan['jobs']): BackendPlan {
  return {
    jobs,
    probe: [
      { backend: 'webgl', renderer: SWIFT, software: true, evalMs: 900, trainMs: 400 },
      { backend: 'wasm', renderer: 'wasm simd', software: false, evalMs: 40, trainMs: 60 },
    ],
    overridden: {},
    probed: true,
  };
}

describe('backend labels', () => {
  it('names each job, and no renderer when no job runs on WebGL', () => {
    const p = plan({ eval: 'wasm', train: 'wasm', scores: 'wasm' });
    expect(backendSummary(p, null)).toBe('eval: wasm · train: wasm · scores: wasm');
    expect(webglLabel(p, null)).toBeNull();
  });

  it('adds the WebGL renderer, marked software, when a job uses it', () => {
    const p = plan({ eval: 'wasm', train: 'webgl', scores: 'wasm' });
    expect(backendSummary(p, null)).toBe(
      'eval: wasm · train: webgl · scores: wasm · SwiftShader (software)',
    );
  });

  it('shows the start-up backend until the plan is known', () => {
    const start = { backend: 'webgl', renderer: SWIFT } as const;
    expect(backendSummary(null, start)).toBe('webgl · SwiftShader (software)');
    expect(backendSummary(null, null)).toBe('starting…');
  });

  it('shortens a hardware renderer without marking it software', () => {
    const r = 'ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 (0x00002503) Direct3D11 vs_5_0 ps_5_0)';
    expect(shortRenderer(r)).toBe('NVIDIA GeForce RTX 3060');
    expect(webglLabel(null, { backend: 'webgl', renderer: r })).toBe('NVIDIA GeForce RTX 3060');
  });
});
