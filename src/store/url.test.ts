import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_URL_STATE,
  MODEL_DATASETS,
  METHOD_IDS,
  MODEL_IDS,
  VIEW_IDS,
  CONTROL_IDS,
  parseUrlState,
  serializeUrlState,
  validateLayers,
  type UrlState,
} from './url.ts';
import { COURSE } from '../lessons/course.ts';

const pctArb = fc.integer({ min: 0, max: 10000 }).map((v) => v / 10000);

const stateArb: fc.Arbitrary<UrlState> = fc
  .record({
    model: fc.constantFrom(...MODEL_IDS),
    method: fc.constantFrom(...METHOD_IDS),
    globalSparsity: pctArb,
    seed: fc.integer({ min: 0, max: 999_999_999 }),
    view: fc.constantFrom(...VIEW_IDS),
    layers: fc.dictionary(
      fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/),
      fc.record({
        sparsity: pctArb,
        locked: fc.boolean(),
        method: fc.option(fc.constantFrom(...METHOD_IDS), { nil: undefined }),
      }),
      { maxKeys: 6 },
    ),
    layer: fc.option(fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/), { nil: null }),
    dsIndex: fc.nat(),
    lessonIndex: fc.nat(),
    step: fc.nat({ max: 3 }),
    hide: fc.subarray([...CONTROL_IDS]),
    lock: fc.subarray([...CONTROL_IDS]),
  })
  .map(({ dsIndex, lessonIndex, step, ...s }) => {
    const lesson = lessonIndex % 3 === 0 ? null : COURSE[lessonIndex % COURSE.length].id;
    const fits = MODEL_DATASETS[s.model];
    const layers = Object.fromEntries(
      Object.entries(s.layers).map(([k, l]) => [
        k,
        l.method === undefined ? { sparsity: l.sparsity, locked: l.locked } : l,
      ]),
    );
    return { ...s, layers, dataset: fits[dsIndex % fits.length], lesson, step: lesson ? step : 0 };
  });

/** Drops layer entries that carry nothing, as serialisation does. */
function meaningful(s: UrlState): UrlState {
  return {
    ...s,
    layers: Object.fromEntries(
      Object.entries(s.layers).filter(
        ([, l]) => l.sparsity !== s.globalSparsity || l.locked || l.method,
      ),
    ),
  };
}

describe('URL state', () => {
  it('round-trips every valid state', () => {
    fc.assert(
      fc.property(stateArb, (s) => {
        const { state, notices } = parseUrlState(serializeUrlState(s));
        expect(notices).toEqual([]);
        expect(state).toEqual(meaningful(s));
      }),
    );
  });

  it('opens the defaults on an empty link', () => {
    expect(parseUrlState('')).toEqual({ state: DEFAULT_URL_STATE, notices: [] });
  });

  it('repairs hostile values with a notice and never throws', () => {
    const { state, notices } = parseUrlState(
      '?model=<script>alert(1)</script>&data=imagenet&g=250&seed=-4&method=magic&view=%00&layers=conv1:40,../etc:10,conv2:abc,conv3:20@evil',
    );
    expect(state.model).toBe('cnn');
    expect(state.dataset).toBe('mnist');
    expect(state.globalSparsity).toBe(0);
    expect(state.seed).toBe(1);
    expect(state.method).toBe('magnitude');
    expect(state.view).toBe('workbench');
    expect(state.layers).toEqual({ conv1: { sparsity: 0.4, locked: false } });
    expect(notices.length).toBe(7);
    expect(notices.join(' ')).toContain('Unknown model');
    expect(notices.join(' ')).toContain('3 layer settings');
  });

  it('never throws on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        const { state } = parseUrlState(s);
        expect(MODEL_DATASETS[state.model]).toContain(state.dataset);
        expect(state.globalSparsity).toBeGreaterThanOrEqual(0);
        expect(state.globalSparsity).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('replaces a dataset the model does not fit', () => {
    const { state, notices } = parseUrlState('?model=cnn&data=waves');
    expect(state.dataset).toBe('mnist');
    expect(notices[0]).toContain('does not fit');
  });

  it('ignores an overlong link', () => {
    const { state, notices } = parseUrlState(`?model=gru&x=${'a'.repeat(5000)}`);
    expect(state.model).toBe('cnn');
    expect(notices[0]).toContain('too long');
  });

  it('drops settings for layers the model lacks and refuses removing a non-removable layer', () => {
    const { layers, notices } = validateLayers(
      {
        conv1: { sparsity: 0.5, locked: false },
        conv3: { sparsity: 0, locked: false, removed: true },
        conv1x: { sparsity: 0.2, locked: true },
        dense1: { sparsity: 0, locked: false, removed: true },
      },
      ['conv1', 'conv3', 'dense1'],
      ['conv3'],
    );
    expect(Object.keys(layers).sort()).toEqual(['conv1', 'conv3', 'dense1']);
    expect(layers.conv3.removed).toBe(true);
    expect(layers.dense1.removed).toBe(false);
    expect(notices).toHaveLength(2);
  });
});

describe('URL table', () => {
  it('reports a key given twice and keeps the first value', () => {
    const { state, notices } = parseUrlState('?model=gru&model=cnn&g=40');
    expect(state.model).toBe('gru');
    expect(state.globalSparsity).toBe(0.4);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain('model 2 times');
  });

  it('does not accept a method the app does not offer (movement)', () => {
    const { state, notices } = parseUrlState('?method=movement&layers=conv1:20@movement');
    expect(state.method).toBe('magnitude');
    expect(state.layers).toEqual({});
    expect(notices).toHaveLength(2);
    expect(notices[0]).toContain('Unknown method');
  });

  it('offers exactly the registry methods that are offered', () => {
    expect(METHOD_IDS).not.toContain('movement');
    expect(METHOD_IDS).toContain('snip');
  });
});

describe('lesson and teacher links', () => {
  it('opens step 3 of lesson 2 and hides the named controls', () => {
    const id = COURSE[1].id;
    const { state, notices } = parseUrlState(`?lesson=${id}&step=3&hide=method,layers,train`);
    expect(notices).toEqual([]);
    expect(state.lesson).toBe(id);
    expect(state.step).toBe(2);
    expect(state.hide).toEqual(['method', 'layers', 'train']);
    expect(serializeUrlState(state)).toContain(`lesson=${id}&step=3&hide=method,layers,train`);
  });

  it('repairs an unknown lesson, a step out of range and an unknown control with notices', () => {
    const { state, notices } = parseUrlState(`?lesson=nope&step=2&lock=global,bogus`);
    expect(state.lesson).toBeNull();
    expect(state.step).toBe(0);
    expect(state.lock).toEqual(['global']);
    expect(notices).toHaveLength(2);
    const r = parseUrlState(`?lesson=${COURSE[0].id}&step=99`);
    expect(r.state.step).toBe(0);
    expect(r.notices[0]).toMatch(/not between 1 and/);
  });
});

describe('a link made with an imported model', () => {
  it('says the model is imported, and opening it explains and opens the default model', () => {
    const q = serializeUrlState({
      ...DEFAULT_URL_STATE,
      model: 'imported:my_net',
      dataset: 'fashion',
    });
    expect(q).toContain('model=imported:my_net');
    const { state, notices } = parseUrlState(`${q}&layers=conv2d_1:50`);
    expect(state.model).toBe('cnn');
    expect(state.dataset).toBe('fashion');
    expect(state.layers).toEqual({});
    expect(notices.join(' ')).toMatch(/imported model \("my_net"\).*Open model/);
  });
});
