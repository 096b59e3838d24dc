/**
 * The slower panels of a slider step (histogram, sparsity bars, accuracy curve) render after the
 * slider and the heatmap: React renders them with the new value when it has time, in slices that
 * the next key press interrupts, so a step is never one long task. While a panel lags it says so
 * (`aria-busy`, and `data-lagging`, which dims it when the lag lasts long enough to see).
 */
import { useDeferredValue } from 'react';

/** `value` as the slower panels show it, and whether that is still an older one. */
export function useLagging<T>(value: T): [lagged: T, lagging: boolean] {
  const lagged = useDeferredValue(value);
  return [lagged, !Object.is(lagged, value)];
}

/** Attributes of a panel that shows a lagged value. */
export function laggingProps(lagging: boolean): { 'aria-busy': boolean; 'data-lagging': boolean } {
  return { 'aria-busy': lagging, 'data-lagging': lagging };
}
