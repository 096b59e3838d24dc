/**
 * The weight history in IndexedDB: fake-indexeddb is a complete IndexedDB implementation in
 * JavaScript (not a mock), one fresh database per test; and with no IndexedDB at all.
 */
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { WeightSet } from '../core/types.ts';
import {
  emptyHistory,
  pushSnapshot,
  undoTarget,
  undoTo,
  type WeightHistory,
} from './weightHistory.ts';
import { weightStore } from './weightStore.ts';

const cnn = 'cnn/mnist';
const w = (v: number): WeightSet => ({
  'conv1/kernel': Float32Array.of(v, -v, 0.5),
  'conv1/bias': Float32Array.of(v),
});

function trained(): WeightHistory {
  let h = emptyHistory();
  h = pushSnapshot(h, { kind: 'checkpoint', modelKey: cnn, weights: w(1), time: 1 }).history;
  h = pushSnapshot(h, { kind: 'before-training', modelKey: cnn, weights: w(1), time: 2 }).history;
  return pushSnapshot(h, { kind: 'interrupted', batch: 8, modelKey: cnn, weights: w(2), time: 3 })
    .history;
}

describe('weightStore on IndexedDB', () => {
  it('keeps the history across a reload (a new store on the same database) and offers the run', async () => {
    const idb = new IDBFactory();
    const h = trained();
    expect(await weightStore(idb).save(h, cnn)).toEqual({ kind: 'ok' });
    const after = weightStore(idb);
    const back = await after.load(cnn);
    expect(back.entries.map((e) => e.label)).toEqual([
      'checkpoint',
      'before training',
      'batch 8 (interrupted)',
    ]);
    expect(back.entries[2].weights).toEqual(w(2));
    expect(back.entries[2].weights['conv1/kernel']).toBeInstanceOf(Float32Array);
    expect(back.current).toBe(h.current);
    const offer = await after.latestUnsavedRun(cnn);
    expect(offer?.kind).toBe('interrupted');
    expect(offer?.weights).toEqual(w(2));
    expect(await after.latestUnsavedRun('lstm/waves')).toBeNull();
  });

  it('offers nothing after an Undo to the weights before the run, or after clear', async () => {
    const idb = new IDBFactory();
    const h = trained();
    const undone = undoTo(h, undoTarget(h, cnn)!.id, 50)!.history;
    const s = weightStore(idb);
    await s.save(undone, cnn);
    expect(await weightStore(idb).latestUnsavedRun(cnn)).toBeNull();
    await s.save(h, cnn);
    expect(await weightStore(idb).latestUnsavedRun(cnn)).not.toBeNull();
    await s.clear(cnn);
    expect((await weightStore(idb).load(cnn)).entries).toEqual([]);
  });

  it('drops stored snapshots whose weights are not finite', async () => {
    const idb = new IDBFactory();
    let h = trained();
    const bad = w(3);
    bad['conv1/bias'][0] = NaN;
    h = pushSnapshot(h, { kind: 'after-training', modelKey: cnn, weights: bad, time: 9 }).history;
    await weightStore(idb).save(h, cnn);
    const back = await weightStore(idb).load(cnn);
    expect(back.entries.map((e) => e.kind)).not.toContain('after-training');
    expect((await weightStore(idb).latestUnsavedRun(cnn))?.kind).toBe('interrupted');
  });

  it('without IndexedDB keeps nothing, says why, and never throws', async () => {
    const s = weightStore(undefined);
    const saved = await s.save(trained(), cnn);
    expect(saved).toMatchObject({ kind: 'unavailable', problem: 'missing' });
    expect(await s.status()).toEqual(saved);
    expect((await s.load(cnn)).entries).toEqual([]);
    expect(await s.latestUnsavedRun(cnn)).toBeNull();
    await expect(s.clear(cnn)).resolves.toBeUndefined();
  });
});
