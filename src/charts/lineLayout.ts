/**
 * LineChart's maths as a pure function: domains, scales, ticks, legend rows, series paths and
 * point positions, and the hover lookup. Pixel units in SVG coordinates (y grows downwards).
 */
import { scaleLinear, scaleLog } from 'd3-scale';
import { line } from 'd3-shape';
import { bisector, extent } from 'd3-array';
import type { Tick } from './Axis.tsx';
import { seriesColor } from './colors.ts';
import { layoutLegend, LEGEND_ROW, type PlacedLegendEntry } from './chartPieces.ts';
import { toFormatter, type NumberFormat } from './formatters.ts';

/** One data point. */
export interface LinePoint {
  x: number;
  y: number;
}

/** One line. */
export interface LineSeries {
  id: string;
  label: string;
  points: LinePoint[];
  /** CSS colour; default seriesColor(index). */
  color?: string;
  dashed?: boolean;
  /** Draw a circle per point (default: when the series has ≤ 120 points). */
  showPoints?: boolean;
}

/** What lineLayout needs: the data and the chart's size and options. */
export interface LineLayoutInput {
  series: LineSeries[];
  width: number;
  height: number;
  /** 'log2' for sizes / epochs that double; x ≤ 0 is not drawn. */
  xScale?: 'linear' | 'log2';
  xDomain?: [number, number];
  yDomain?: [number, number];
  /** d3-format specifier (e.g. '.0%') or function. */
  xFormat?: NumberFormat;
  yFormat?: NumberFormat;
  /** Horizontal dashed reference line, e.g. unpruned accuracy. */
  referenceY?: { value: number; label: string };
  /** A large, distinct "you are here" marker. */
  marker?: { x: number; y: number; label: string };
  title?: string;
  /** Legend above the plot (default: when there is more than one series). */
  legend?: boolean;
}

/** A series after layout: its colour, valid points sorted by x, their pixels and its path. */
export interface LaidOutSeries extends LineSeries {
  color: string;
  /** Finite points (x > 0 on a log axis), sorted by x. */
  valid: LinePoint[];
  /** Pixel positions of `valid`. */
  px: { x: number; y: number }[];
  /** SVG path `d`. */
  d: string;
}

/** Everything LineChart draws, in pixels. */
export interface LineLayout {
  /** Plot box. */
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  legendTop: number;
  legend: PlacedLegendEntry[];
  xs: (v: number) => number;
  ys: (v: number) => number;
  xFmt: (v: number) => string;
  yFmt: (v: number) => string;
  xTicks: Tick[];
  yTicks: Tick[];
  series: LaidOutSeries[];
  /** Every distinct x among the series' points, ascending. */
  xValues: number[];
  log2: boolean;
}

/** Margins around the plot (top depends on title and legend). */
export const LINE_MARGIN = { right: 28, bottom: 62, left: 74 };

/** Powers of two inside [lo, hi], thinned to at most `max` ticks. */
export function log2Ticks(lo: number, hi: number, max: number): number[] {
  const ticks: number[] = [];
  for (let e = Math.ceil(Math.log2(lo) - 1e-9); e <= Math.floor(Math.log2(hi) + 1e-9); e++)
    ticks.push(2 ** e);
  const step = Math.max(1, Math.ceil(ticks.length / Math.max(1, max)));
  return ticks.filter((_, i) => i % step === 0);
}

/** [lo, hi] of `values` (or `given`), widened when empty or a single value. */
function domainOf(values: number[], given: [number, number] | undefined, log2: boolean) {
  let [a, b] = given ?? (extent(values) as [number, number] | [undefined, undefined]);
  if (a === undefined || b === undefined) [a, b] = log2 ? [1, 2] : [0, 1];
  if (a === b) [a, b] = log2 ? [a / 2, b * 2] : [a - 1, b + 1];
  return [a, b] as [number, number];
}

/** Lays out a multi-series line chart: see LineLayout. */
export function lineLayout(p: LineLayoutInput): LineLayout {
  const log2 = p.xScale === 'log2';
  const base = p.series.map((s, i) => ({
    ...s,
    color: s.color ?? seriesColor(i),
    valid: s.points
      .filter((q) => Number.isFinite(q.x) && Number.isFinite(q.y) && (!log2 || q.x > 0))
      .sort((a, b) => a.x - b.x),
  }));
  const showLegend = p.legend ?? p.series.length > 1;
  let top = 14 + (p.title ? 26 : 0);
  const x0 = LINE_MARGIN.left;
  const legend = showLegend
    ? layoutLegend(
        base.map((s) => ({
          id: s.id,
          label: s.label,
          color: s.color,
          kind: 'line' as const,
          dashed: !!s.dashed,
        })),
        x0,
        p.width - LINE_MARGIN.right,
      )
    : { entries: [], rows: 0 };
  const legendTop = top;
  top += legend.rows * LEGEND_ROW + (legend.rows ? 8 : 0);
  const x1 = Math.max(x0 + 20, p.width - LINE_MARGIN.right);
  const y0 = top;
  const y1 = Math.max(y0 + 20, p.height - LINE_MARGIN.bottom);

  const allX = base.flatMap((s) => s.valid.map((q) => q.x));
  const allY = base.flatMap((s) => s.valid.map((q) => q.y));
  if (p.referenceY) allY.push(p.referenceY.value);
  if (p.marker) {
    allX.push(p.marker.x);
    allY.push(p.marker.y);
  }
  const [xa, xb] = domainOf(allX, p.xDomain, log2);
  const [ya, yb] = domainOf(allY, p.yDomain, false);
  const xLin = scaleLinear().domain([xa, xb]).range([x0, x1]);
  if (!p.xDomain && !log2) xLin.nice();
  const xLog = scaleLog().base(2).domain([xa, xb]).range([x0, x1]);
  const xs = (v: number) => (log2 ? xLog(v) : xLin(v));
  const y = scaleLinear().domain([ya, yb]).range([y1, y0]);
  if (!p.yDomain) y.nice();

  const nX = Math.max(2, Math.floor((x1 - x0) / 90));
  const nY = Math.max(2, Math.floor((y1 - y0) / 48));
  const xFmt = p.xFormat ? toFormatter(p.xFormat) : log2 ? toFormatter(',d') : xLin.tickFormat(nX);
  const yFmt = p.yFormat ? toFormatter(p.yFormat) : y.tickFormat(nY);
  const xTickValues = log2 ? log2Ticks(xa, xb, nX + 2) : xLin.ticks(nX);
  const path = line<LinePoint>()
    .x((q) => xs(q.x))
    .y((q) => y(q.y));
  const series = base.map((s) => ({
    ...s,
    px: s.valid.map((q) => ({ x: xs(q.x), y: y(q.y) })),
    d: path(s.valid) ?? '',
  }));
  const xValues = [...new Set(allX.slice(0, allX.length - (p.marker ? 1 : 0)))].sort(
    (a, b) => a - b,
  );
  return {
    ...{ x0, x1, y0, y1, legendTop, xs, ys: (v: number) => y(v), xFmt, yFmt, series, log2 },
    legend: legend.entries,
    xTicks: xTickValues.map((v) => ({ pos: xs(v), label: xFmt(v) })),
    yTicks: y.ticks(nY).map((v) => ({ pos: y(v), label: yFmt(v) })),
    xValues,
  };
}

const byValue = bisector<number, number>((v) => v);

/** Index of the value in ascending `sorted` nearest to `v`; -1 when empty. */
export function nearestIndex(sorted: number[], v: number): number {
  if (!sorted.length) return -1;
  return Math.min(sorted.length - 1, Math.max(0, byValue.center(sorted, v)));
}

/** The x value nearest (in pixels) to pixel `px`, or null when there is no data. */
export function hoverXAt(layout: LineLayout, px: number): number | null {
  const i = nearestIndex(layout.xValues.map(layout.xs), px);
  return i < 0 ? null : layout.xValues[i];
}

/** Each series' point nearest to `x` (in pixels), for the hover readout. */
export function hoverRows(
  layout: LineLayout,
  x: number,
): { series: LaidOutSeries; point: LinePoint; px: { x: number; y: number } }[] {
  const hx = layout.xs(x);
  return layout.series.flatMap((s) => {
    const j = nearestIndex(
      s.px.map((q) => q.x),
      hx,
    );
    return j < 0 ? [] : [{ series: s, point: s.valid[j], px: s.px[j] }];
  });
}
