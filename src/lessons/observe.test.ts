import { describe, expect, it } from 'vitest';
import { COURSE } from './course.ts';
import { HISTORY } from './fixtures.ts';
import {
  observeRuns,
  observeSensitivity,
  observeSweepCurves,
  type MeasuredRun,
} from './observe.ts';

const SIZES = { preview: 500, full: 2000 };

function sensitivityRun(over: Partial<MeasuredRun> = {}): MeasuredRun {
  const rows = ['conv1', 'dense1'].flatMap((layer, i) =>
    [0.9, 0, 0.5].map((target) => ({
      method: 'magnitude' as const,
      variant: 'oneshot',
      layer,
      round: 0,
      target,
      sparsity: target * (i ? 0.9 : 0.01),
      accuracy: 0.97 - target * (i ? 0.02 : 0.6),
    })),
  );
  return {
    kind: 'sensitivity',
    model: 'cnn',
    dataset: 'mnist',
    status: 'done',
    subset: 'preview',
    settings: { method: 'magnitude' },
    reference: 0.97,
    rows,
    ...over,
  };
}

describe('observeRuns', () => {
  it('maps every trained arm to its kind, oldest first, with the batches it spent', () => {
    const runs = observeRuns(HISTORY, 'cnn', 'mnist', SIZES);
    expect(runs.map((r) => r.kind)).toEqual([
      'gradual',
      'oneshot',
      'finetune',
      'iterative',
      'rewound',
      'reinit',
    ]);
    const it = runs.find((r) => r.kind === 'iterative')!;
    expect(it.accuracy).toBe(0.948);
    expect(it.batches).toBe(250);
    expect(runs.find((r) => r.kind === 'oneshot')!.batches).toBe(0);
    expect(runs.find((r) => r.kind === 'rewound')!).toMatchObject({ n: 2000, reference: 0.974 });
  });

  it('keeps the model and dataset on screen and finished runs only', () => {
    expect(observeRuns(HISTORY, 'lenet-300-100', 'mnist', SIZES).map((r) => r.kind)).toEqual([
      'finetune',
    ]);
    expect(observeRuns(HISTORY, 'cnn', 'fashion', SIZES)).toEqual([]);
    const cancelled = HISTORY.map((r) => ({ ...r, status: 'cancelled' as const }));
    expect(observeRuns(cancelled, 'cnn', 'mnist', SIZES)).toEqual([]);
  });
});

describe('observeSensitivity', () => {
  it('reads each layer’s curve against its own sparsity, sorted', () => {
    const curves = observeSensitivity(sensitivityRun(), 'cnn', 'mnist', {
      conv1: 72,
      dense1: 50176,
    });
    expect(curves?.map((c) => c.layer)).toEqual(['conv1', 'dense1']);
    expect(curves?.[0].points.map((p) => p.sparsity)).toEqual([0, 0.5, 0.9]);
    expect(curves?.[0].points[2].accuracy).toBeCloseTo(0.97 - 0.54);
    expect(curves?.[1].size).toBe(50176);
  });

  it('is null for another model, an unfinished run or no run', () => {
    const sizes = { conv1: 72, dense1: 50176 };
    expect(observeSensitivity(sensitivityRun(), 'lstm', 'mnist', sizes)).toBeNull();
    expect(
      observeSensitivity(sensitivityRun({ status: 'running' }), 'cnn', 'mnist', sizes),
    ).toBeNull();
    expect(observeSensitivity(undefined, 'cnn', 'mnist', sizes)).toBeNull();
  });
});

describe('observeSweepCurves', () => {
  it('gives one curve per method from the one-shot rows only', () => {
    const run: MeasuredRun = {
      ...sensitivityRun(),
      kind: 'sweep',
      rows: [
        ['magnitude', 0.5, 0.94],
        ['random', 0.5, 0.38],
        ['magnitude', 0, 0.97],
      ].map(([method, sparsity, accuracy]) => ({
        method: method as 'magnitude' | 'random',
        variant: 'oneshot',
        layer: '',
        round: 0,
        target: sparsity as number,
        sparsity: sparsity as number,
        accuracy: accuracy as number,
      })),
    };
    const c = observeSweepCurves(run, 'cnn', 'mnist');
    expect(c.magnitude?.map((p) => p.sparsity)).toEqual([0, 0.5]);
    expect(c.random).toEqual([{ sparsity: 0.5, accuracy: 0.38 }]);
    const trained = { ...run, rows: run.rows.map((r) => ({ ...r, variant: 'finetuned' })) };
    expect(observeSweepCurves(trained, 'cnn', 'mnist')).toEqual({});
  });
});

describe('the scenes of lessons 6-8', () => {
  it('ask for small experiments that measure what their checks read', () => {
    const scenes = COURSE.flatMap((l) => l.steps.map((s) => s.scene)).filter((s) => s.experiment);
    expect(scenes.length).toBeGreaterThanOrEqual(5);
    for (const s of scenes) {
      expect(s.view).toBe('experiments');
      const x = s.experiment!;
      if (x.sensitivity) expect(x.sensitivity.grid).toContain(0.9);
      if (x.gradual) expect(x.gradual.batches).toBeLessThanOrEqual(60);
      if (x.sweep) expect(x.sweep.grid.length).toBeGreaterThan(0);
    }
  });
});
