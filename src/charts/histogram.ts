/** Single-pass weight binning for WeightHistogram (kept and pruned counted separately). */

/** Histogram of weights over equal-width bins. */
export interface WeightBins {
  /** Bin edges, length bins + 1, from lo to hi. */
  edges: Float64Array;
  /** Kept (mask 1 or no mask) weights per bin. */
  kept: Uint32Array;
  /** Pruned (mask 0) weights per bin. */
  pruned: Uint32Array;
  lo: number;
  hi: number;
  /** Largest kept + pruned count of a bin. */
  maxCount: number;
  keptTotal: number;
  prunedTotal: number;
}

/**
 * Bins weights into `bins` equal bins over [lo, hi] (default symmetric [−max|w|, +max|w|]) in one
 * pass; values outside go to the end bins, NaN is skipped. 100k weights bin in well under 1 ms.
 */
export function binWeights(
  weights: Float32Array,
  mask: Uint8Array | undefined,
  bins = 60,
  domain?: [number, number],
): WeightBins {
  const n = weights.length;
  let lo: number;
  let hi: number;
  if (domain) {
    [lo, hi] = domain;
  } else {
    let m = 0;
    for (let i = 0; i < n; i++) {
      const a = Math.abs(weights[i]);
      if (a > m) m = a;
    }
    if (!(m > 0)) m = 1;
    lo = -m;
    hi = m;
  }
  if (!(hi > lo)) hi = lo + 1;
  const b = Math.max(1, Math.floor(bins));
  const kept = new Uint32Array(b);
  const pruned = new Uint32Array(b);
  const scale = b / (hi - lo);
  const last = b - 1;
  for (let i = 0; i < n; i++) {
    const w = weights[i];
    if (w !== w) continue;
    let k = Math.floor((w - lo) * scale);
    k = k < 0 ? 0 : k > last ? last : k;
    if (mask !== undefined && mask[i] === 0) pruned[k]++;
    else kept[k]++;
  }
  const edges = new Float64Array(b + 1);
  for (let i = 0; i <= b; i++) edges[i] = lo + (i * (hi - lo)) / b;
  let maxCount = 0;
  let keptTotal = 0;
  let prunedTotal = 0;
  for (let i = 0; i < b; i++) {
    const t = kept[i] + pruned[i];
    if (t > maxCount) maxCount = t;
    keptTotal += kept[i];
    prunedTotal += pruned[i];
  }
  return { edges, kept, pruned, lo, hi, maxCount, keptTotal, prunedTotal };
}

/** Height of one threshold label row above a histogram's plot, px. */
export const THRESHOLD_ROW = 20;

/**
 * The bands above a histogram's plot, top down: `legendRows` legend rows of `legendRow` px, then
 * one label row per threshold. The plot (and so its tallest bar) starts below both, so neither
 * the legend nor a threshold label ever covers a bar. Returns the middle y of each threshold
 * label and the plot's top.
 */
export function histogramBands(
  legendRows: number,
  thresholds: number,
  legendRow: number,
): { thresholdY: number[]; plotTop: number } {
  const below = Math.max(1, legendRows) * legendRow;
  const thresholdY = Array.from(
    { length: thresholds },
    (_, i) => below + THRESHOLD_ROW * i + THRESHOLD_ROW / 2,
  );
  return { thresholdY, plotTop: below + THRESHOLD_ROW * thresholds + 10 };
}
