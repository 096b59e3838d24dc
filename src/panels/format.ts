/** Number formats for the panels: the chart library's formatters, named for the panels' use. */
import {
  formatBytes,
  formatCount,
  formatFlops,
  formatPercent,
  formatRatio,
} from '../charts/index.ts';

/** 0.9789 → "97.9%" (digits = decimals). */
export const fmtPct = (v: number, digits: 0 | 1 = 1): string => formatPercent(v, digits);
export {
  formatBytes as fmtBytes,
  formatCount as fmtCount,
  formatFlops as fmtFlops,
  formatRatio as fmtRatio,
};
