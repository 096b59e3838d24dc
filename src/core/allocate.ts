/**
 * Per-layer sparsity allocation from a sensitivity analysis: given each layer's accuracy at the
 * grid sparsities (the others unpruned) and its size, choose per-layer sparsities whose weighted
 * total meets a global target while keeping the predicted accuracy highest.
 *
 * Model: accuracy drops add up across layers (predicted = base − Σ drop_i(s_i)), the usual
 * assumption behind sensitivity-based allocation (Distiller, NNI). Each layer's curve is replaced by
 * its upper concave envelope over weights removed, so its steps cost ever more accuracy per weight;
 * greedy then takes, at every step, the layer whose next step loses the least accuracy per weight
 * removed — optimal for the additive model when the last step may be taken in part (interpolation).
 * On the grid, the step that meets the target may stop at a grid point it would skip over (under the
 * envelope) when that point meets the target with more accuracy. The order of steps does not depend
 * on the target, so the allocation is monotone in it.
 */
import { PruningError } from './errors.ts';

/** One layer's sensitivity curve. */
export interface LayerCurve {
  layer: string;
  /** Prunable weights in the layer (the elements its sparsity applies to), > 0. */
  size: number;
  /** Accuracy (0..1) at each sparsity, the other layers unpruned. */
  points: { sparsity: number; accuracy: number }[];
  /** Highest sparsity this layer may get (default: its highest grid point). */
  maxSparsity?: number;
}

/** How to reach the target. */
export interface AllocateOptions {
  /**
   * 'grid': every layer sits on one of its grid points, the total meets the target and exceeds it by
   * less than one step; 'interpolate': the last step is taken in part (linear between grid points)
   * so the total equals the target.
   */
  mode: 'grid' | 'interpolate';
  /** Accuracy of the unpruned model, for layers whose curve has no point at 0 (default: their own 0 point, else the others'). */
  baseAccuracy?: number;
}

/** The chosen sparsities. */
export interface Allocation {
  /** Per-layer sparsity, in [0, maxSparsity]. */
  sparsities: Record<string, number>;
  /** Weighted total Σ size·s / Σ size. */
  total: number;
  /** The target asked for. */
  target: number;
  /** Accuracy of the unpruned model the drops are measured from. */
  baseAccuracy: number;
  /** Predicted accuracy drop per layer (negative = the layer's pruning helped). */
  drops: Record<string, number>;
  /** base − Σ drops. */
  predictedAccuracy: number;
}

interface HullPoint {
  s: number;
  removed: number;
  acc: number;
}

interface Step {
  layer: number;
  from: HullPoint;
  to: HullPoint;
  /** Accuracy lost per weight removed. */
  rate: number;
  order: number;
}

/** Upper concave envelope of (removed, accuracy), from the 0 point to the highest. */
function upperHull(points: HullPoint[]): HullPoint[] {
  const hull: HullPoint[] = [];
  for (const p of points) {
    while (hull.length >= 2) {
      const a = hull[hull.length - 2];
      const b = hull[hull.length - 1];
      // Remove b when it lies under the chord a→p (collinear points stay: in grid mode they are stops).
      const u = (b.removed - a.removed) * (p.acc - a.acc);
      const v = (b.acc - a.acc) * (p.removed - a.removed);
      // Relative tolerance, so rounding does not drop collinear points.
      if (u - v > 1e-9 * (Math.abs(u) + Math.abs(v))) hull.pop();
      else break;
    }
    hull.push(p);
  }
  return hull;
}

function fail(message: string): never {
  throw new PruningError('bad-sparsity', message);
}

/** The unpruned accuracy: the option, else the mean of the curves' 0% points (NaN when none). */
function baseAccuracyOf(curves: LayerCurve[], options: AllocateOptions): number {
  const zeroAcc = curves.flatMap((c) =>
    c.points.filter((p) => p.sparsity === 0).map((p) => p.accuracy),
  );
  return (
    options.baseAccuracy ??
    (zeroAcc.length ? zeroAcc.reduce((a, b) => a + b, 0) / zeroAcc.length : NaN)
  );
}

/**
 * A layer's curve as points over weights removed: checked, capped at its maxSparsity, sorted,
 * deduplicated, starting at 0% (the base accuracy when the curve has no 0% point).
 */
function layerPoints(c: LayerCurve, base: number): HullPoint[] {
  if (!(c.size > 0) || !Number.isFinite(c.size)) fail(`Layer ${c.layer} has no weights to prune.`);
  for (const p of c.points) {
    if (!(p.sparsity >= 0 && p.sparsity <= 1) || !Number.isFinite(p.accuracy)) {
      fail(
        `Layer ${c.layer} has a bad point (sparsity ${String(p.sparsity)}, accuracy ${String(p.accuracy)}).`,
      );
    }
  }
  const max = c.maxSparsity ?? 1;
  const pts = [...c.points]
    .filter((p) => p.sparsity <= max + 1e-12)
    .sort((a, b) => a.sparsity - b.sparsity);
  if (pts.length === 0 || pts[0].sparsity > 0) {
    const acc0 = pts.length && pts[0].sparsity === 0 ? pts[0].accuracy : base;
    if (!Number.isFinite(acc0))
      fail(`Layer ${c.layer} has no point at 0% and no unpruned accuracy was given.`);
    pts.unshift({ sparsity: 0, accuracy: acc0 });
  }
  const dedup = pts.filter((p, i) => i === 0 || p.sparsity > pts[i - 1].sparsity);
  return dedup.map((p) => ({ s: p.sparsity, removed: p.sparsity * c.size, acc: p.accuracy }));
}

/** Per layer, the steps along its envelope, in order. */
function envelopeSteps(hulls: HullPoint[][]): Step[][] {
  return hulls.map((h, layer) => {
    const out: Step[] = [];
    for (let k = 0; k + 1 < h.length; k++) {
      const from = h[k];
      const to = h[k + 1];
      out.push({
        layer,
        from,
        to,
        rate: (from.acc - to.acc) / (to.removed - from.removed),
        order: k,
      });
    }
    return out;
  });
}

/**
 * On the grid, where the step that meets the target stops: any grid point of the layer it skips
 * over that still meets the target may hold more accuracy than the envelope's corner (a dip under
 * the envelope comes later).
 * @param points the layer's grid points (before the envelope)
 * @param removed weights removed before this step
 */
function gridStop(
  points: HullPoint[],
  st: Step,
  removed: number,
  need: number,
  eps: number,
): HullPoint {
  let best = st.to;
  for (const p of points) {
    if (p.s <= st.from.s || p.s > st.to.s) continue;
    if (removed + (p.removed - st.from.removed) < need - eps) continue;
    if (p.acc > best.acc || (p.acc === best.acc && p.s < best.s)) best = p;
  }
  return best;
}

/**
 * Greedy: the layer whose next step loses least accuracy per weight removed (ties: earlier layer)
 * until `need` weights are removed. The sequence of steps does not depend on the target, so
 * allocations are monotone in it.
 * @returns per layer (in curve order) the sparsity reached and the predicted accuracy drop
 */
function greedy(
  points: HullPoint[][],
  steps: Step[][],
  need: number,
  eps: number,
  mode: AllocateOptions['mode'],
): { s: number[]; drop: number[] } {
  const s = points.map(() => 0);
  const drop = points.map(() => 0);
  const next = points.map(() => 0);
  let removed = 0;
  // On the grid a float shortfall below eps counts as met; interpolation meets the target exactly.
  while (removed < need - (mode === 'grid' ? eps : 0)) {
    let st: Step | null = null;
    for (let l = 0; l < steps.length; l++) {
      const cand = steps[l][next[l]];
      if (cand && (st === null || cand.rate < st.rate)) st = cand;
    }
    if (!st) break;
    next[st.layer]++;
    const dx = st.to.removed - st.from.removed;
    if (mode === 'interpolate' && removed + dx > need) {
      const f = (need - removed) / dx;
      s[st.layer] = st.from.s + f * (st.to.s - st.from.s);
      drop[st.layer] += f * (st.from.acc - st.to.acc);
      break;
    }
    const meets = mode === 'grid' && removed + dx >= need - eps;
    const stop = meets ? gridStop(points[st.layer], st, removed, need, eps) : st.to;
    s[st.layer] = stop.s;
    drop[st.layer] += st.from.acc - stop.acc;
    if (meets) break;
    removed += dx;
  }
  return { s, drop };
}

/**
 * Chooses per-layer sparsities meeting `target` (fraction of all the layers' weights) with the
 * highest predicted accuracy (see the module comment).
 * @throws PruningError 'bad-sparsity' when the target is outside [0, 1] or above what the layers'
 *   maxima allow, or a curve is empty or has a bad point
 */
export function allocateSparsity(
  curves: LayerCurve[],
  target: number,
  options: AllocateOptions,
): Allocation {
  if (typeof target !== 'number' || !Number.isFinite(target) || target < 0 || target > 1) {
    fail(`The target sparsity must be a fraction between 0 and 1, got ${String(target)}.`);
  }
  if (curves.length === 0)
    fail('There are no sensitivity curves to allocate from; run the sensitivity analysis first.');
  const base = baseAccuracyOf(curves, options);
  const totalSize = curves.reduce((a, c) => a + c.size, 0);
  const points = curves.map((c) => layerPoints(c, base));
  const hulls = points.map(upperHull);

  const reachable = hulls.reduce((a, h) => a + h[h.length - 1].removed, 0) / totalSize;
  if (target > reachable + 1e-12) {
    fail(
      `A total of ${(target * 100).toFixed(1)}% cannot be reached: the layers' highest allowed sparsities give ` +
        `${(reachable * 100).toFixed(1)}% at most. Lower the target or add higher sparsities to the grid.`,
    );
  }
  const { s, drop } = greedy(
    points,
    envelopeSteps(hulls),
    target * totalSize,
    1e-12 * totalSize,
    options.mode,
  );

  const sparsities: Record<string, number> = {};
  const drops: Record<string, number> = {};
  curves.forEach((c, i) => {
    sparsities[c.layer] = s[i];
    drops[c.layer] = drop[i];
  });
  const total = curves.reduce((a, c, i) => a + c.size * s[i], 0) / totalSize;
  const baseAccuracy = Number.isFinite(base) ? base : hulls[0][0].acc;
  return {
    sparsities,
    total,
    target,
    baseAccuracy,
    drops,
    predictedAccuracy: baseAccuracy - drop.reduce((a, b) => a + b, 0),
  };
}
