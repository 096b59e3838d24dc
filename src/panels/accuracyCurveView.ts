/**
 * What the accuracy-vs-sparsity chart draws for the setup on screen: the current method's curve
 * and the "you are here" marker, both over the same x (the fraction of weights pruned), so the
 * marker sits on the curve for structured methods too (where a slider at 50% prunes more than
 * half of the weights).
 */
import type { NetworkMetrics } from '../core/index.ts';
import type { MethodId } from '../core/types.ts';
import type { AppState } from '../store/index.ts';
import type { AccuracyView } from '../store/selectors.ts';
import { fmtPct } from './format.ts';

/** The curve's points and the marker, in chart units (x and y both fractions 0..1). */
export interface AccuracyCurveView {
  points: { x: number; y: number }[];
  marker: { x: number; y: number; label: string } | undefined;
  reference: { value: number; label: string } | undefined;
}

/**
 * Lays out the accuracy chart: the stored curve when it belongs to `method`, the marker at the
 * current masks' weight sparsity (`metrics.total.weightSparsity`) and the current accuracy, and
 * the unpruned reference line. No marker while the setup's accuracy is being computed.
 */
export function accuracyCurveView(
  curve: AppState['curve'],
  method: MethodId,
  metrics: NetworkMetrics | null,
  view: AccuracyView,
): AccuracyCurveView {
  const current = view.state === 'current' ? view : null;
  const points = curve && curve.method === method ? curve.points.map(({ x, y }) => ({ x, y })) : [];
  const marker =
    current && metrics
      ? {
          x: metrics.total.weightSparsity,
          y: current.accuracy,
          label: `you are here: ${fmtPct(current.accuracy, 1)}`,
        }
      : undefined;
  const ref = current?.baseline ?? null;
  const reference =
    current && ref !== null
      ? {
          value: ref,
          label: `unpruned ${fmtPct(ref, 1)} (${current.subset === 'full' ? 'full test set' : 'preview'})`,
        }
      : undefined;
  return { points, marker, reference };
}
