import { describe, expect, it } from 'vitest';
import { sampleIndices } from './sample.ts';
import type { Dataset } from './types.ts';

function dataset(trainY: number[], testY: number[]): Dataset {
  return {
    id: 'mnist',
    kind: 'image',
    exampleShape: [28, 28, 1],
    classNames: ['a', 'b', 'c'],
    trainX: new Uint8Array(trainY.length * 784),
    trainY: Uint8Array.from(trainY),
    testX: new Uint8Array(testY.length * 784),
    testY: Uint8Array.from(testY),
  };
}

describe('sampleIndices', () => {
  const labels = Array.from({ length: 90 }, (_, i) => (i * 7) % 3);
  const d = dataset(labels, [0, 1, 1, 2, 0, 1]);

  it('picks perClass examples of each class, class by class', () => {
    const idx = sampleIndices(d, 4, 1, 'train');
    expect(idx).toHaveLength(12);
    expect(idx.map((i) => d.trainY[i])).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2]);
    expect(new Set(idx).size).toBe(12);
  });

  it('is a pure function of its inputs and varies with the seed', () => {
    expect(sampleIndices(d, 4, 1, 'train')).toEqual(sampleIndices(d, 4, 1, 'train'));
    const seeds = new Set([1, 2, 3, 4, 5].map((s) => sampleIndices(d, 4, s, 'train').join()));
    expect(seeds.size).toBeGreaterThan(1);
  });

  it('uses the test split by default and returns fewer when a class is short', () => {
    const idx = sampleIndices(d, 2, 9);
    expect(idx).toHaveLength(5);
    expect(idx.slice(0, 2)).toEqual([0, 4]);
    expect(idx.slice(2, 4).every((i) => [1, 2, 5].includes(i))).toBe(true);
    expect(idx[2]).toBeLessThan(idx[3]);
    expect(idx[4]).toBe(3);
  });
});
