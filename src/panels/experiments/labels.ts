/** Small text helpers for the experiment tabs. */
import type { LineChartProps } from '../../charts/index.ts';
import { fmtPct } from '../format.ts';

/** Label of the unpruned-accuracy reference line. */
export function refLabel(accuracy: number): string {
  return `unpruned ${fmtPct(accuracy, 1)}`;
}

/** The dashed unpruned-accuracy line of a run's chart; none when the run has no reference. */
export function referenceLine(
  reference: number | null | undefined,
): LineChartProps['referenceY'] | undefined {
  return reference != null ? { value: reference, label: refLabel(reference) } : undefined;
}

/** Tick labels on whole numbers only (rounds). */
export function integerTicks(v: number): string {
  return Number.isInteger(v) ? String(v) : '';
}
