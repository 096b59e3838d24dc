import { expect, test } from '@playwright/test';
import type { BackendsBenchApi } from '../bench/backends-types.ts';
import type { BackendName } from '../src/model/backends.ts';

// The app's engine on bench/backends.html (the Vite dev server with the benchmarks' config, on
// E2E_PORT + 2): the same masked cnn evaluated on every backend this Chromium offers (webgl through
// SwiftShader, wasm, cpu) gives the same accuracy, and each result names the backend that ran it.
test('the same masked model gets the same accuracy on every backend', async ({ page }) => {
  test.setTimeout(600_000);
  process.env.BENCH_PORT = String(Number(process.env.E2E_PORT ?? 4173) + 1);
  const { startDev } = await import('../bench/lib.ts');
  const server = await startDev();
  try {
    await page.goto(`${server.url}/bench/backends.html`);
    await expect(page.getByText('ready')).toBeVisible({ timeout: 120_000 });
    const plan = await page.evaluate(() =>
      (window as unknown as { backendsBench: BackendsBenchApi }).backendsBench.plan(),
    );
    const names = plan.probe.map((p) => p.backend);
    expect(names).toEqual(expect.arrayContaining(['webgl', 'wasm', 'cpu']));
    const webgl = plan.probe.find((p) => p.backend === 'webgl')!;
    expect(webgl.renderer).toMatch(/SwiftShader/);
    expect(webgl.software).toBe(true);
    const results = [];
    for (const b of names) {
      const r = await page.evaluate(
        ([backend]) =>
          (window as unknown as { backendsBench: BackendsBenchApi }).backendsBench.evaluateOn(
            backend,
            0.5,
          ),
        [b as BackendName] as const,
      );
      expect(r.backend).toBe(b);
      expect(r.n).toBe(2000);
      results.push(r);
    }
    for (const r of results) {
      // Float noise may flip an example whose top two classes tie to within 1e-6: at most one.
      expect(Math.abs(r.accuracy - results[0].accuracy)).toBeLessThanOrEqual(1 / 2000);
      expect(Math.abs(r.loss - results[0].loss)).toBeLessThan(1e-3);
    }
    expect(results[0].accuracy).toBeGreaterThan(0.5);
  } finally {
    server.stop();
  }
});
