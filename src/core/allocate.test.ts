import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { allocateSparsity, type LayerCurve } from './allocate.ts';
import { PruningError } from './errors.ts';

const GRID = [0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99];

/** A layer that holds accuracy until `knee`, then falls to chance. */
function curve(layer: string, size: number, knee: number, base = 0.98): LayerCurve {
  return {
    layer,
    size,
    points: GRID.map((s) => ({
      sparsity: s,
      accuracy: s <= knee ? base - 0.01 * s : Math.max(0.1, base - 3 * (s - knee)),
    })),
  };
}

function weighted(curves: LayerCurve[], s: Record<string, number>): number {
  const n = curves.reduce((a, c) => a + c.size, 0);
  return curves.reduce((a, c) => a + c.size * s[c.layer], 0) / n;
}

describe('allocateSparsity', () => {
  const robust = curve('dense1', 50_000, 0.95); // big and redundant
  const fragile = curve('conv1', 80, 0.5); // small and sensitive
  const middle = curve('conv2', 1_200, 0.8);
  const curves = [fragile, middle, robust];

  it('prunes the large, robust layer hardest and spares the sensitive one', () => {
    const a = allocateSparsity(curves, 0.8, { mode: 'grid' });
    expect(a.sparsities.dense1).toBeGreaterThanOrEqual(0.8);
    expect(a.sparsities.conv1).toBe(0);
    expect(a.total).toBeGreaterThanOrEqual(0.8);
    expect(a.predictedAccuracy).toBeGreaterThan(0.96);
  });

  it('beats the same sparsity in every layer on the additive model', () => {
    const a = allocateSparsity(curves, 0.9, { mode: 'interpolate' });
    const uniformAcc = (s: number): number => {
      const at = (c: LayerCurve): number => c.points.find((p) => p.sparsity === s)!.accuracy;
      return 0.98 - curves.reduce((acc, c) => acc + (0.98 - at(c)), 0);
    };
    expect(a.total).toBeCloseTo(0.9, 9);
    expect(a.predictedAccuracy).toBeGreaterThan(uniformAcc(0.9));
  });

  it('meets the target exactly with interpolation', () => {
    const a = allocateSparsity(curves, 0.6123, { mode: 'interpolate' });
    expect(a.total).toBeCloseTo(0.6123, 9);
    expect(weighted(curves, a.sparsities)).toBeCloseTo(a.total, 12);
  });

  it('returns all zeros for a zero target', () => {
    const a = allocateSparsity(curves, 0, { mode: 'grid' });
    expect(Object.values(a.sparsities)).toEqual([0, 0, 0]);
    expect(a.predictedAccuracy).toBeCloseTo(0.98, 12);
  });

  it('skips grid points under the curve’s envelope (a dip is not worth stopping at)', () => {
    const c: LayerCurve = {
      layer: 'x',
      size: 100,
      points: [
        { sparsity: 0, accuracy: 0.9 },
        { sparsity: 0.5, accuracy: 0.5 },
        { sparsity: 0.8, accuracy: 0.85 },
      ],
    };
    const a = allocateSparsity([c], 0.4, { mode: 'grid' });
    expect(a.sparsities.x).toBe(0.8);
    expect(a.drops.x).toBeCloseTo(0.05, 12);
  });

  it('rejects unreachable targets, bad targets and empty input with a reason', () => {
    const capped = curves.map((c) => ({ ...c, maxSparsity: 0.5 }));
    expect(() => allocateSparsity(capped, 0.9, { mode: 'grid' })).toThrow(
      /cannot be reached.*50\.0%/,
    );
    expect(() => allocateSparsity(curves, 1.5, { mode: 'grid' })).toThrow(PruningError);
    expect(() => allocateSparsity([], 0.5, { mode: 'grid' })).toThrow(/sensitivity analysis/);
    expect(() =>
      allocateSparsity(
        [{ layer: 'z', size: 10, points: [{ sparsity: 0.5, accuracy: 0.5 }] }],
        0.2,
        { mode: 'grid' },
      ),
    ).toThrow(/no point at 0%/);
    expect(
      allocateSparsity(
        [{ layer: 'z', size: 10, points: [{ sparsity: 0.5, accuracy: 0.5 }] }],
        0.2,
        {
          mode: 'grid',
          baseAccuracy: 0.9,
        },
      ).sparsities.z,
    ).toBe(0.5);
  });
});

/** Random sensitivity curves on random subsets of the grid, with per-layer caps. */
const arbCurves = fc
  .array(
    fc.record({
      size: fc.integer({ min: 1, max: 100_000 }),
      accs: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), {
        minLength: GRID.length,
        maxLength: GRID.length,
      }),
      keep: fc.array(fc.boolean(), { minLength: GRID.length, maxLength: GRID.length }),
      cap: fc.constantFrom(undefined, 0.8, 0.95),
    }),
    { minLength: 1, maxLength: 6 },
  )
  .map((layers) =>
    layers.map((l, i): LayerCurve => ({
      layer: `l${i}`,
      size: l.size,
      points: GRID.filter((_, k) => k === 0 || l.keep[k]).map((s) => ({
        sparsity: s,
        accuracy: l.accs[GRID.indexOf(s)],
      })),
      maxSparsity: l.cap,
    })),
  );

function maxOf(c: LayerCurve): number {
  return Math.max(
    ...c.points.filter((p) => p.sparsity <= (c.maxSparsity ?? 1)).map((p) => p.sparsity),
  );
}

function reachable(curves: LayerCurve[]): number {
  return weighted(curves, Object.fromEntries(curves.map((c) => [c.layer, maxOf(c)])));
}

describe('allocateSparsity properties', () => {
  it('meets the target, within one grid step, never above a layer’s maximum, on a grid point', () => {
    fc.assert(
      fc.property(arbCurves, fc.double({ min: 0, max: 1, noNaN: true }), (curves, u) => {
        const target = u * reachable(curves);
        const a = allocateSparsity(curves, target, { mode: 'grid' });
        const n = curves.reduce((x, c) => x + c.size, 0);
        const maxStep = Math.max(...curves.map((c) => (c.size * maxOf(c)) / n));
        expect(a.total).toBeGreaterThanOrEqual(target - 1e-9);
        expect(a.total - target).toBeLessThanOrEqual(maxStep + 1e-9);
        for (const c of curves) {
          const s = a.sparsities[c.layer];
          expect(s).toBeLessThanOrEqual(maxOf(c) + 1e-12);
          expect(c.points.some((p) => p.sparsity === s)).toBe(true);
        }
        expect(weighted(curves, a.sparsities)).toBeCloseTo(a.total, 9);
      }),
    );
  });

  it('meets the target exactly with interpolation and stays within the caps', () => {
    fc.assert(
      fc.property(arbCurves, fc.double({ min: 0, max: 1, noNaN: true }), (curves, u) => {
        const target = u * reachable(curves);
        const a = allocateSparsity(curves, target, { mode: 'interpolate' });
        expect(a.total).toBeCloseTo(target, 9);
        for (const c of curves) expect(a.sparsities[c.layer]).toBeLessThanOrEqual(maxOf(c) + 1e-12);
      }),
    );
  });

  it('is monotone in the target: no layer gets less sparse when the target rises', () => {
    fc.assert(
      fc.property(
        arbCurves,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom('grid' as const, 'interpolate' as const),
        (curves, u, v, mode) => {
          const r = reachable(curves);
          const [lo, hi] = u <= v ? [u * r, v * r] : [v * r, u * r];
          const a = allocateSparsity(curves, lo, { mode });
          const b = allocateSparsity(curves, hi, { mode });
          for (const c of curves)
            expect(b.sparsities[c.layer]).toBeGreaterThanOrEqual(a.sparsities[c.layer] - 1e-12);
          expect(b.total).toBeGreaterThanOrEqual(a.total - 1e-12);
        },
      ),
    );
  });

  it('picks the best feasible grid point for one layer whose accuracy only falls', () => {
    fc.assert(
      fc.property(arbCurves, fc.double({ min: 0, max: 1, noNaN: true }), (curves, u) => {
        const accs = curves[0].points.map((p) => p.accuracy).sort((x, y) => y - x);
        const c: LayerCurve = {
          ...curves[0],
          points: curves[0].points.map((p, i) => ({ ...p, accuracy: accs[i] })),
        };
        const target = u * maxOf(c);
        const a = allocateSparsity([c], target, { mode: 'grid' });
        const feasible = c.points.filter(
          (p) => p.sparsity >= target && p.sparsity <= maxOf(c) + 1e-12,
        );
        const best = Math.max(...feasible.map((p) => p.accuracy));
        expect(a.predictedAccuracy).toBeGreaterThanOrEqual(best - 1e-9);
      }),
    );
  });
});
