/**
 * The backend probe on the real cpu backend: it times evaluation and training, and a backend
 * clearly slower than the best so far is cut short (no training step timed).
 */
import { describe, expect, it } from 'vitest';
import { CLEARLY_SLOWER, probeBackend } from './probe.ts';

describe('probeBackend', () => {
  it('times evaluation and a training step on the cpu', async () => {
    const e = await probeBackend('cpu', 1);
    expect(e?.backend).toBe('cpu');
    expect(e!.evalMs).toBeGreaterThan(0);
    expect(Number.isFinite(e!.trainMs)).toBe(true);
  });

  it('skips the training step when evaluation is already clearly slower than the best', async () => {
    const first = (await probeBackend('cpu', 1))!;
    const best = { evalMs: first.evalMs / (CLEARLY_SLOWER * 20), trainMs: first.trainMs };
    const e = await probeBackend('cpu', 1, best);
    expect(e!.evalMs).toBeGreaterThan(best.evalMs * CLEARLY_SLOWER);
    expect(e!.trainMs).toBe(Infinity);
  });
});
