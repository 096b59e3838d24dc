import { describe, expect, it } from 'vitest';
import { computeMasks, networkMetrics } from '../core/index.ts';
import { layerConfig, randomWeights, smallCnn } from '../core/fixture-graphs.ts';
import type { MethodId } from '../core/types.ts';
import { curvePoint } from '../store/curve.ts';
import type { CurrentAccuracy } from '../store/selectors.ts';
import { accuracyCurveView } from './accuracyCurveView.ts';

const graph = smallCnn();
const weights = randomWeights(graph, 3);
const masksAt = (method: MethodId, sparsity: number) =>
  computeMasks(graph, weights, layerConfig(graph, method, sparsity));
const current = (accuracy: number): CurrentAccuracy => ({
  state: 'current',
  version: 1,
  accuracy,
  subset: 'preview',
  n: 500,
  baseline: 0.9,
  delta: accuracy - 0.9,
  refining: false,
});

describe('accuracyCurveView', () => {
  it.each<MethodId>(['l1-structured', 'magnitude'])(
    'puts the marker on the curve point measured with the same masks (%s at 50%%)',
    (method) => {
      const masks = masksAt(method, 0.5);
      const points = [0, 0.5, 0.9].map((s, i) =>
        curvePoint(graph, masksAt(method, s), s, 0.9 - i * 0.2),
      );
      const v = accuracyCurveView(
        { method, points, version: 1 },
        method,
        networkMetrics(graph, masks),
        current(0.7),
      );
      expect(v.marker?.x).toBeCloseTo(v.points[1]!.x, 12);
      expect(v.marker?.y).toBe(0.7);
      expect(v.points.map((p) => p.x)).toEqual([...v.points.map((p) => p.x)].sort((a, b) => a - b));
    },
  );

  it('places a structured setup past its slider value: removed units take their inputs along', () => {
    const v = accuracyCurveView(
      null,
      'l1-structured',
      networkMetrics(graph, masksAt('l1-structured', 0.5)),
      current(0.7),
    );
    expect(v.marker?.x).toBeGreaterThan(0.55);
    expect(v.points).toEqual([]);
  });

  it('draws no marker while the setup is being computed, and no other method’s curve', () => {
    const masks = masksAt('magnitude', 0.5);
    const v = accuracyCurveView(
      { method: 'random', points: [curvePoint(graph, masks, 0.5, 0.8)], version: 1 },
      'magnitude',
      networkMetrics(graph, masks),
      { state: 'computing', version: 2, what: 'evaluating', previous: 0.8, recorded: null },
    );
    expect(v.marker).toBeUndefined();
    expect(v.reference).toBeUndefined();
    expect(v.points).toEqual([]);
  });
});
