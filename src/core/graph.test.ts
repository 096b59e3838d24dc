import { describe, expect, it } from 'vitest';
import { canRemoveLayer, removableLayers, unitGroups, type LayerUnits } from './graph.ts';
import { smallCnn, smallRnn, stackedRnn } from './fixture-graphs.ts';
import type { NetGraph } from './types.ts';

function layerOf(groups: LayerUnits[], name: string): LayerUnits {
  const g = groups.find((x) => x.layer === name);
  if (!g) throw new Error(`no group for ${name}`);
  return g;
}

function members(g: LayerUnits, key: string, j: number): number[] {
  const t = g.tensors.find((x) => x.key === key);
  if (!t) throw new Error(`no tensor ${key}`);
  return Array.from(t.indices.subarray(t.offsets[j], t.offsets[j + 1])).sort((a, b) => a - b);
}

/** Every flat index of a shape satisfying a predicate on its coordinates. */
function where(shape: number[], pred: (coords: number[]) => boolean): number[] {
  const n = shape.reduce((a, b) => a * b, 1);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const coords: number[] = [];
    let r = i;
    for (let d = shape.length - 1; d >= 0; d--) {
      coords.unshift(r % shape[d]);
      r = Math.floor(r / shape[d]);
    }
    if (pred(coords)) out.push(i);
  }
  return out;
}

describe('unitGroups on a CNN', () => {
  const graph = smallCnn();
  const groups = unitGroups(graph);
  it('covers every non-output weighted layer', () => {
    expect(groups.map((g) => [g.layer, g.consumer, g.positions])).toEqual([
      ['conv1', 'conv2', 1],
      ['conv2', 'dense1', 4],
      ['dense1', 'dense2', 1],
      ['dense2', 'out', 1],
    ]);
  });
  it('a conv filter owns its kernel slice, its bias and the next conv input channel', () => {
    const g = layerOf(groups, 'conv1');
    for (let j = 0; j < 4; j++) {
      expect(members(g, 'conv1/kernel', j)).toEqual(where([3, 3, 1, 4], (c) => c[3] === j));
      expect(members(g, 'conv1/bias', j)).toEqual([j]);
      expect(members(g, 'conv2/kernel', j)).toEqual(where([3, 3, 4, 6], (c) => c[2] === j));
    }
  });
  it('through pool and NHWC flatten, channel c feeds dense rows p*C + c', () => {
    const g = layerOf(groups, 'conv2');
    for (let c = 0; c < 6; c++) {
      expect(members(g, 'dense1/kernel', c)).toEqual(where([24, 5], (x) => x[0] % 6 === c));
    }
  });
  it('a dense neuron owns its column, its bias and the next row', () => {
    const g = layerOf(groups, 'dense1');
    for (let j = 0; j < 5; j++) {
      expect(members(g, 'dense1/kernel', j)).toEqual(where([24, 5], (x) => x[1] === j));
      expect(members(g, 'dense2/kernel', j)).toEqual(where([5, 5], (x) => x[0] === j));
    }
  });
  it('is cached per graph and per content', () => {
    expect(unitGroups(graph)).toBe(groups);
    expect(unitGroups(smallCnn())).toBe(groups);
  });
  it('marks layers whose input and output shapes match as removable', () => {
    expect(removableLayers(graph)).toEqual(['dense2']);
    expect(graph.layers.filter((l) => l.removable).map((l) => l.name)).toEqual(['dense2']);
    expect(canRemoveLayer(graph.layers[7])).toBe(false);
  });
});

describe('unitGroups on recurrent nets', () => {
  for (const kind of ['lstm', 'gru'] as const) {
    const G = kind === 'lstm' ? 4 : 3;
    it(`${kind}: a hidden unit owns all gate columns, its recurrent row and the next row`, () => {
      const H = 4;
      const g = layerOf(unitGroups(smallRnn(kind, 5, 3, H)), 'rnn');
      expect(g.gates).toBe(G);
      for (let j = 0; j < H; j++) {
        expect(members(g, 'rnn/kernel', j)).toEqual(where([3, G * H], (c) => c[1] % H === j));
        expect(members(g, 'rnn/recurrentKernel', j)).toEqual(
          where([H, G * H], (c) => c[1] % H === j || c[0] === j),
        );
        expect(members(g, 'rnn/bias', j)).toEqual(where([G * H], (c) => c[0] % H === j));
        expect(members(g, 'out/kernel', j)).toEqual(where([H, 3], (c) => c[0] === j));
      }
    });
    it(`${kind}: a sequence-returning layer feeds the next RNN's kernel rows`, () => {
      const g = layerOf(unitGroups(stackedRnn(kind)), 'rnn1');
      expect(g.consumer).toBe('rnn2');
      for (let j = 0; j < 5; j++) {
        expect(members(g, 'rnn2/kernel', j)).toEqual(where([5, G * 3], (c) => c[0] === j));
      }
    });
  }
});

describe('graph validation', () => {
  it('rejects a consumer whose inputs do not match the producer', () => {
    const graph: NetGraph = smallCnn();
    graph.layers[5] = {
      ...graph.layers[5],
      tensors: graph.layers[5].tensors.map((t) =>
        t.role === 'kernel' ? { ...t, shape: [20, 5] } : t,
      ),
    };
    expect(() => unitGroups(graph)).toThrow(expect.objectContaining({ code: 'bad-graph' }));
  });
});
