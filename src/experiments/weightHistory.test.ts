import { describe, expect, it } from 'vitest';
import type { WeightSet } from '../core/types.ts';
import {
  emptyHistory,
  latestSnapshot,
  pushSnapshot,
  snapshotsOf,
  undoTarget,
  undoTo,
  unsavedRun,
  type SnapshotInput,
  type WeightHistory,
} from './weightHistory.ts';

const w = (v: number): WeightSet => ({ 'dense1/kernel': Float32Array.of(v, v) });
const push = (h: WeightHistory, input: SnapshotInput) => pushSnapshot(h, input).history;
const cnn = 'cnn/mnist';

/** checkpoint (t=1), before training (t=2), after training (t=3). */
function trained(): WeightHistory {
  let h = emptyHistory();
  h = push(h, { kind: 'checkpoint', modelKey: cnn, weights: w(1), time: 1, accuracy: 0.97 });
  h = push(h, { kind: 'before-training', modelKey: cnn, weights: w(1), time: 2 });
  return push(h, { kind: 'after-training', modelKey: cnn, weights: w(2), time: 3 });
}

describe('weight history', () => {
  it('labels snapshots and makes the pushed one current', () => {
    let h = trained();
    h = push(h, { kind: 'interrupted', batch: 12, modelKey: cnn, weights: w(3), time: 4 });
    h = push(h, { kind: 'experiment', name: 'sweep', modelKey: cnn, weights: w(4), time: 5 });
    expect(snapshotsOf(h, cnn).map((s) => s.label)).toEqual([
      'checkpoint',
      'before training',
      'after training',
      'batch 12 (interrupted)',
      'applied experiment sweep',
    ]);
    expect(h.current).toBe(latestSnapshot(h, cnn)!.id);
  });

  it('Undo of a training run targets the weights before it, and undoTo makes them current', () => {
    const h = trained();
    const target = undoTarget(h, cnn)!;
    expect(target.kind).toBe('before-training');
    const r = undoTo(h, target.id, 10)!;
    expect(r.snapshot.weights).toEqual(w(1));
    expect(r.history.current).toBe(target.id);
    // The later snapshot stays (redo by id); the next Undo goes one further back.
    expect(snapshotsOf(r.history, cnn)).toHaveLength(3);
    expect(undoTarget(r.history, cnn)!.kind).toBe('checkpoint');
    expect(undoTo(h, 'nope')).toBeNull();
  });

  it('keeps one interrupted snapshot per run: a newer one replaces the previous', () => {
    let h = trained();
    h = push(h, { kind: 'before-training', modelKey: cnn, weights: w(2), time: 4 });
    for (const batch of [4, 8, 12])
      h = push(h, {
        kind: 'interrupted',
        batch,
        modelKey: cnn,
        weights: w(batch),
        time: 4 + batch,
      });
    const list = snapshotsOf(h, cnn);
    expect(list.map((s) => s.label).slice(-2)).toEqual([
      'before training',
      'batch 12 (interrupted)',
    ]);
  });

  it('is bounded per model, dropping the oldest but keeping the newest checkpoint', () => {
    let h = emptyHistory(4);
    h = push(h, { kind: 'checkpoint', modelKey: cnn, weights: w(0), time: 0 });
    h = push(h, { kind: 'checkpoint', modelKey: 'lstm/waves', weights: w(0), time: 0 });
    for (let i = 1; i <= 6; i++)
      h = push(h, { kind: 'after-training', modelKey: cnn, weights: w(i), time: i });
    const list = snapshotsOf(h, cnn);
    expect(list.map((s) => s.time)).toEqual([0, 4, 5, 6]);
    expect(list[0].kind).toBe('checkpoint');
    expect(snapshotsOf(h, 'lstm/waves')).toHaveLength(1);
  });

  it('offers the last training snapshot newer than the checkpoint, unless undone since', () => {
    const h = trained();
    expect(unsavedRun(h, cnn)!.kind).toBe('after-training');
    expect(unsavedRun(h, 'lstm/waves')).toBeNull();
    // An interrupted run after it is offered instead.
    const h2 = push(h, { kind: 'interrupted', batch: 7, modelKey: cnn, weights: w(7), time: 9 });
    expect(unsavedRun(h2, cnn)!.label).toBe('batch 7 (interrupted)');
    // Undone deliberately: nothing to offer.
    const undone = undoTo(h, undoTarget(h, cnn)!.id, 20)!.history;
    expect(unsavedRun(undone, cnn)).toBeNull();
    // A newer checkpoint (the model reloaded and kept) supersedes it.
    const reloaded = push(h, { kind: 'checkpoint', modelKey: cnn, weights: w(1), time: 30 });
    expect(unsavedRun(reloaded, cnn)).toBeNull();
    // Only the checkpoint: nothing to offer.
    const fresh = push(emptyHistory(), { kind: 'checkpoint', modelKey: cnn, weights: w(1) });
    expect(unsavedRun(fresh, cnn)).toBeNull();
  });
});
