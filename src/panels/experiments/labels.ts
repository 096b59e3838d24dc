/** Small text helpers for the experiment tabs. */
import { fmtPct } from '../format.ts';

/** Label of the unpruned-accuracy reference line. */
export function refLabel(accuracy: number): string {
  return `unpruned ${fmtPct(accuracy, 1)}`;
}
