/**
 * The experiment runner against the real engine on the cpu backend (cnn on MNIST), with small
 * budgets: a lottery sweep, gradual vs one-shot and iterative pruning record their rows, and the
 * workbench's weights are back in the engine under their own version afterwards, so a workbench
 * evaluation never measures an experiment's weights.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { emptyConfig, planSweep } from '../core/index.ts';
import { defaultGradual } from '../core/schedules.ts';
import type { LoadResult, TimeLapseFrame } from '../engine/api.ts';
import type { EngineClient } from '../engine/client.ts';
import { nodeEngineClient } from '../engine/node-client.ts';
import type { RunRecord } from './history.ts';
import { runPlan } from './planned.ts';
import { newRecord, runExperiment, type RunEnv, type RunHooks } from './runner.ts';
import { impTargets, runGradual, runImp, timelapseTarget } from './schedules.ts';

describe('experiment runner (real engine, cpu)', () => {
  let client: EngineClient;
  let loaded: LoadResult;
  let reference: number;
  const V = 7;

  beforeAll(async () => {
    ({ client } = await nodeEngineClient());
    const r = await client.call('load', ['cnn', 'mnist'], {
      priority: 'interactive',
      sets: V,
      setsModel: 'cnn',
    });
    loaded = r.value;
    reference = (await client.value('evaluate', 'interactive', {}, 'preview')).accuracy;
  }, 120_000);

  const env = (): RunEnv => ({
    client,
    model: 'cnn',
    dataset: 'mnist',
    graph: loaded.graph,
    weights: loaded.weights,
    weightsVersion: V,
    config: emptyConfig(loaded.graph),
    batchSize: 32,
    learningRate: 1e-3,
    baseline: null,
    scores: {},
  });

  function hooks(progress: number[] = []): RunHooks {
    return {
      onRecord: () => undefined,
      onProgress: (p) => progress.push(p.fraction),
      cancelled: () => false,
    };
  }

  /** After a run: the engine holds the workbench's weights under their version, unchanged. */
  async function expectRestored(): Promise<void> {
    expect(client.holds().weights).toBe(V);
    const r = await client.call('evaluate', [{}, 'preview'], { priority: 'interactive', needs: V });
    expect(r.value.accuracy).toBe(reference);
  }

  it('gradual vs one-shot: three rows, a time-lapse of conv2 once the gradual arm has trained, and the workbench weights untouched', async () => {
    const e = env();
    const form = { method: 'magnitude' as const, batches: 4, ...defaultGradual(4) };
    const rec = newRecord(e, 'gradual', 'preview', { ...form });
    // A workbench request made during the run waits for the workbench's weights.
    const during = client.call('evaluate', [{}, 'preview'], { priority: 'interactive', needs: V });
    const target = timelapseTarget(loaded.graph, ['no-such-layer', 'conv2'])!;
    expect(target.tensor).toBe('conv2/kernel');
    const lapses: { frames: TimeLapseFrame[]; backend: string | null; rows: number }[] = [];
    const h: RunHooks = { ...hooks(), onRecord: (r) => void (rows = r.rows.length) };
    let rows = 0;
    const final: RunRecord = await runExperiment(e, h, rec, (ctx) =>
      runGradual(ctx, form, {
        tensor: target.tensor,
        onFrames: (frames, backend) => void lapses.push({ frames, backend, rows }),
      }),
    );
    expect(final.status).toBe('done');
    expect(final.rows.map((r) => r.variant)).toEqual(['gradual', 'oneshot', 'finetuned']);
    // The time-lapse comes as soon as the gradual arm has trained (before any row is recorded):
    // a frame at each mask update (batches 0..3 of 4) and one after the last batch.
    expect(lapses.map((l) => [l.rows, l.backend])).toEqual([[0, 'cpu']]);
    const { frames } = lapses[0];
    expect(frames.map((f) => f.step)).toEqual([0, 1, 2, 3, 4]);
    const [kh, kw, cin, cout] = target.layer.tensors[0].shape;
    for (const f of frames) {
      expect(f.weights).toHaveLength(kh * kw * cin * cout);
      // Magnitude per layer prunes conv2 to the schedule's sparsity (up to rounding to whole weights).
      expect(f.layerSparsity).toBeCloseTo(f.sparsity, 2);
    }
    expect(frames[0].sparsity).toBe(0);
    expect(frames[4].sparsity).toBeCloseTo(0.8, 3);
    expect(frames.map((f) => f.sparsity)).toEqual([...frames.map((f) => f.sparsity)].sort());
    expect(final.reference).toBe(reference);
    expect((await during).value.accuracy).toBe(reference);
    await expectRestored();
  }, 240_000);

  it('a training that diverges ends the run with an error saying so, not as done', async () => {
    const e = { ...env(), learningRate: 1e30 };
    const form = { method: 'magnitude' as const, batches: 6, ...defaultGradual(6) };
    const rec = newRecord(e, 'gradual', 'preview', { ...form });
    const final = await runExperiment(e, hooks(), rec, (ctx) => runGradual(ctx, form));
    expect(final.status).toBe('error');
    expect(final.message).toMatch(/diverged at batch \d+/);
    expect(final.message).toMatch(/lower learning rate/);
    expect(final.rows.map((r) => r.variant)).not.toContain('gradual');
    await expectRestored();
  }, 240_000);

  it('iterative pruning: masks only grow sparser, AND-ed round to round', async () => {
    const e = env();
    const form = { rounds: 2, finalSparsity: 0.75, batchesPerRound: 2 };
    const rec = newRecord(e, 'imp', 'preview', { ...form });
    const final = await runExperiment(e, hooks(), rec, (ctx) =>
      runImp(ctx, form, impTargets(form)),
    );
    expect(final.status).toBe('done');
    const pruned = final.rows.filter((r) => r.variant === 'pruned');
    expect(pruned).toHaveLength(2);
    expect(pruned[1].sparsity).toBeGreaterThan(pruned[0].sparsity);
    await expectRestored();
  }, 240_000);

  it('a lottery sweep rewinds survivors with the core function and restores after', async () => {
    const e = env();
    const plan = planSweep(e.graph, e.config, {
      kind: 'methods',
      methods: ['magnitude'],
      grid: [0.5],
      after: 'lottery',
      finetuneBatches: 2,
    });
    const progress: number[] = [];
    const rec = newRecord(e, 'sweep', 'preview', {});
    const final = await runExperiment(e, hooks(progress), rec, (ctx) => runPlan(ctx, plan));
    expect(final.status).toBe('done');
    expect(final.rows.some((r) => r.variant === 'rewound')).toBe(true);
    expect(progress[progress.length - 1]).toBe(1);
    await expectRestored();
  }, 240_000);

  it('a cancelled run keeps its status and restores the weights', async () => {
    const e = env();
    const form = { method: 'magnitude' as const, batches: 50, ...defaultGradual(50) };
    let cancel = false;
    const h: RunHooks = {
      ...hooks(),
      onProgress: (p) => {
        if (p.fraction > 0.05 && !cancel) {
          cancel = true;
          void client.value('cancel', 'immediate');
        }
      },
      cancelled: () => cancel,
    };
    const final = await runExperiment(e, h, newRecord(e, 'gradual', 'preview', {}), (ctx) =>
      runGradual(ctx, form),
    );
    expect(final.status).toBe('cancelled');
    await expectRestored();
  }, 240_000);
});
