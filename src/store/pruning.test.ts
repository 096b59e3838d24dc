import { describe, expect, it } from 'vitest';
import type { PruningConfig } from '../core/types.ts';
import { record, redo, undo, type History, type Setup } from './pruning.ts';

const cfg = (g: number): PruningConfig => ({
  method: 'magnitude',
  globalSparsity: g,
  layers: {},
  seed: 1,
});
const setup = (model: Setup['modelId'], g: number): Setup => ({
  modelId: model,
  datasetId: model === 'lstm' ? 'waves' : 'mnist',
  config: cfg(g),
});

describe('setup history', () => {
  it('records one step per change, none for an identical setup', () => {
    let h: History = { past: [], future: [] };
    h = record(h, setup('cnn', 0), setup('cnn', 0));
    expect(h.past).toHaveLength(0);
    h = record(h, setup('cnn', 0), setup('lstm', 0.5));
    expect(h.past).toEqual([setup('cnn', 0)]);
  });

  it('undo and redo walk back and forth across a model switch', () => {
    const h: History = { past: [setup('cnn', 0.2)], future: [] };
    const u = undo(h, setup('lstm', 0.5));
    expect(u?.setup).toEqual(setup('cnn', 0.2));
    const r = u && redo(u.history, u.setup);
    expect(r?.setup).toEqual(setup('lstm', 0.5));
    expect(r?.history.past).toEqual([setup('cnn', 0.2)]);
    expect(undo({ past: [], future: [] }, setup('cnn', 0))).toBeNull();
  });

  it('a new step clears the redo branch', () => {
    const h = record({ past: [], future: [setup('gru', 0.1)] }, setup('cnn', 0), setup('cnn', 0.4));
    expect(h.future).toEqual([]);
  });
});
