/**
 * LineChart: generic multi-series line chart (accuracy vs sparsity, sensitivity curves, training
 * curves, schedules) with optional reference line, "you are here" marker, legend and a hover
 * readout (vertical rule + every series' value at the nearest x).
 */
import {
  useId,
  useMemo,
  useState,
  type MouseEvent as ReactMouseEvent,
  type ReactElement,
  type Ref,
} from 'react';
import { scaleLinear, scaleLog } from 'd3-scale';
import { line } from 'd3-shape';
import { bisector, extent } from 'd3-array';
import { PlotAxes, textWidth, type Tick } from './Axis.tsx';
import { ChartSvg, TEXT_HALO } from './ChartSvg.tsx';
import { CHART_COLORS, FONT, seriesColor } from './colors.ts';
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

/** Props of LineChart. */
export interface LineChartProps {
  series: LineSeries[];
  xLabel: string;
  yLabel: string;
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
  width: number;
  height: number;
  /** Legend above the plot (default: when there is more than one series). */
  legend?: boolean;
  /** Vertical rule + values at the nearest x on hover (default true). */
  hoverReadout?: boolean;
  title?: string;
  ariaLabel: string;
  /** Ref to the <svg>, for chartToSvgString / svgToPngBlob. */
  svgRef?: Ref<SVGSVGElement>;
}

const M = { right: 28, bottom: 62, left: 74 };

interface LegendItem {
  id: string;
  label: string;
  color: string;
  dashed: boolean;
  x: number;
  row: number;
}

/** Lays legend items out in rows that fit `width`. */
function layoutLegend(
  items: { id: string; label: string; color: string; dashed: boolean }[],
  x0: number,
  width: number,
): { items: LegendItem[]; rows: number } {
  const out: LegendItem[] = [];
  let x = x0;
  let row = 0;
  for (const it of items) {
    const w = 28 + textWidth(it.label, FONT.tick) + 20;
    if (x + w > width && x > x0) {
      row++;
      x = x0;
    }
    out.push({ ...it, x, row });
    x += w;
  }
  return { items: out, rows: items.length ? row + 1 : 0 };
}

/** Powers of two inside [lo, hi], thinned to at most `max` ticks. */
export function log2Ticks(lo: number, hi: number, max: number): number[] {
  const ticks: number[] = [];
  for (let e = Math.ceil(Math.log2(lo) - 1e-9); e <= Math.floor(Math.log2(hi) + 1e-9); e++)
    ticks.push(2 ** e);
  const step = Math.max(1, Math.ceil(ticks.length / Math.max(1, max)));
  return ticks.filter((_, i) => i % step === 0);
}

/** Multi-series SVG line chart. */
export function LineChart(props: LineChartProps): ReactElement {
  const { series, width, height, referenceY, marker, title, svgRef, ariaLabel } = props;
  const log2 = props.xScale === 'log2';
  const showLegend = props.legend ?? series.length > 1;
  const hoverReadout = props.hoverReadout ?? true;
  const clipId = `c${useId().replace(/:/g, '')}`;
  const [hoverX, setHoverX] = useState<number | null>(null);

  const colored = useMemo(
    () =>
      series.map((s, i) => ({
        ...s,
        color: s.color ?? seriesColor(i),
        valid: s.points.filter(
          (p) => Number.isFinite(p.x) && Number.isFinite(p.y) && (!log2 || p.x > 0),
        ),
      })),
    [series, log2],
  );

  // Vertical layout: title, legend rows, plot.
  let top = 14;
  if (title) top += 26;
  const legend = showLegend
    ? layoutLegend(
        colored.map((s) => ({ id: s.id, label: s.label, color: s.color, dashed: !!s.dashed })),
        M.left,
        width - M.right,
      )
    : { items: [], rows: 0 };
  const legendTop = top;
  top += legend.rows * 24 + (legend.rows ? 8 : 0);
  const x0 = M.left;
  const x1 = Math.max(x0 + 20, width - M.right);
  const y0 = top;
  const y1 = Math.max(y0 + 20, height - M.bottom);

  const allX = colored.flatMap((s) => s.valid.map((p) => p.x));
  const allY = colored.flatMap((s) => s.valid.map((p) => p.y));
  if (referenceY) allY.push(referenceY.value);
  if (marker) {
    allX.push(marker.x);
    allY.push(marker.y);
  }
  let [xa, xb] = props.xDomain ?? (extent(allX) as [number, number] | [undefined, undefined]);
  if (xa === undefined || xb === undefined) [xa, xb] = log2 ? [1, 2] : [0, 1];
  if (xa === xb) [xa, xb] = log2 ? [xa / 2, xb * 2] : [xa - 1, xb + 1];
  let [ya, yb] = props.yDomain ?? (extent(allY) as [number, number] | [undefined, undefined]);
  if (ya === undefined || yb === undefined) [ya, yb] = [0, 1];
  if (ya === yb) [ya, yb] = [ya - 1, yb + 1];

  const xLin = scaleLinear().domain([xa, xb]).range([x0, x1]);
  if (!props.xDomain && !log2) xLin.nice();
  const xLog = scaleLog().base(2).domain([xa, xb]).range([x0, x1]);
  const xs = (v: number) => (log2 ? xLog(v) : xLin(v));
  const y = scaleLinear().domain([ya, yb]).range([y1, y0]);
  if (!props.yDomain) y.nice();

  const nX = Math.max(2, Math.floor((x1 - x0) / 90));
  const nY = Math.max(2, Math.floor((y1 - y0) / 48));
  const xTickValues = log2 ? log2Ticks(xa, xb, nX + 2) : xLin.ticks(nX);
  const xFmt = props.xFormat
    ? toFormatter(props.xFormat)
    : log2
      ? toFormatter(',d')
      : xLin.tickFormat(nX);
  const yFmt = props.yFormat ? toFormatter(props.yFormat) : y.tickFormat(nY);
  const xTicks: Tick[] = xTickValues.map((v) => ({ pos: xs(v), label: xFmt(v) }));
  const yTicks: Tick[] = y.ticks(nY).map((v) => ({ pos: y(v), label: yFmt(v) }));

  const path = line<LinePoint>()
    .x((p) => xs(p.x))
    .y((p) => y(p.y));

  // Hover: the nearest x (in pixels) among all series' points.
  const xsSorted = useMemo(() => {
    const set = new Set<number>();
    for (const s of colored) for (const p of s.valid) set.add(p.x);
    return [...set].sort((a, b) => a - b);
  }, [colored]);
  const sortedSeries = useMemo(
    () => colored.map((s) => [...s.valid].sort((a, b) => a.x - b.x)),
    [colored],
  );
  const byPx = bisector<number, number>((v) => v);
  const nearest = (arr: number[], px: number): number => {
    if (!arr.length) return -1;
    const i = byPx.center(arr, px);
    return Math.min(arr.length - 1, Math.max(0, i));
  };
  const onMove = (e: ReactMouseEvent<SVGRectElement>) => {
    const svg = e.currentTarget.ownerSVGElement;
    const rect = (svg ?? e.currentTarget).getBoundingClientRect();
    const px = e.clientX - rect.left;
    const pxs = xsSorted.map(xs);
    const i = nearest(pxs, px);
    setHoverX(i < 0 ? null : xsSorted[i]);
  };

  let readout: ReactElement | null = null;
  if (hoverReadout && hoverX !== null) {
    const hx = xs(hoverX);
    const rows = colored
      .map((s, si) => {
        const pts = sortedSeries[si];
        const j = nearest(
          pts.map((p) => xs(p.x)),
          hx,
        );
        return j < 0 ? null : { s, p: pts[j] };
      })
      .filter((r): r is { s: (typeof colored)[number]; p: LinePoint } => r !== null);
    const lines = [
      `${props.xLabel}: ${xFmt(hoverX)}`,
      ...rows.map((r) => `${r.s.label}: ${yFmt(r.p.y)}`),
    ];
    const boxW = Math.max(...lines.map((l) => textWidth(l, FONT.tick))) + 36;
    const boxH = lines.length * 20 + 12;
    const flip = hx + 14 + boxW > x1;
    const bx = flip ? hx - 14 - boxW : hx + 14;
    const by = y0 + 4;
    readout = (
      <g data-role="readout" pointerEvents="none">
        <line
          x1={hx}
          x2={hx}
          y1={y0}
          y2={y1}
          strokeWidth={1.5}
          style={{ stroke: CHART_COLORS.muted }}
        />
        {rows.map((r) => (
          <circle
            key={r.s.id}
            cx={xs(r.p.x)}
            cy={y(r.p.y)}
            r={6.5}
            strokeWidth={3}
            style={{ fill: CHART_COLORS.bg, stroke: r.s.color }}
          />
        ))}
        <rect
          x={bx}
          y={by}
          width={boxW}
          height={boxH}
          rx={6}
          style={{ fill: 'var(--chart-tooltip-bg)' }}
        />
        {lines.map((l, i) => (
          <g key={i} transform={`translate(${bx + 12},${by + 22 + i * 20})`}>
            {i > 0 ? (
              <rect
                x={0}
                y={-11}
                width={12}
                height={12}
                rx={2}
                style={{ fill: rows[i - 1].s.color }}
              />
            ) : null}
            <text
              x={i > 0 ? 18 : 0}
              style={{
                fontSize: FONT.tick,
                fontWeight: i === 0 ? 700 : 400,
                fill: 'var(--chart-tooltip-text)',
              }}
            >
              {l}
            </text>
          </g>
        ))}
      </g>
    );
  }

  let markerEl: ReactElement | null = null;
  if (marker && Number.isFinite(marker.x) && Number.isFinite(marker.y) && (!log2 || marker.x > 0)) {
    const mx = xs(marker.x);
    const my = y(marker.y);
    const lw = textWidth(marker.label, FONT.label) + 18;
    const right = mx + 16 + lw <= x1;
    const lx = right ? mx + 16 : mx - 16 - lw;
    const ly = Math.max(y0, Math.min(y1 - 26, my - 40));
    markerEl = (
      <g data-role="marker">
        <circle
          cx={mx}
          cy={my}
          r={12}
          fill="none"
          strokeWidth={3.5}
          style={{ stroke: CHART_COLORS.accent }}
        />
        <circle cx={mx} cy={my} r={5.5} style={{ fill: CHART_COLORS.accent }} />
        <line
          x1={mx + (right ? 9 : -9)}
          y1={my - 9}
          x2={right ? lx : lx + lw}
          y2={ly + 13}
          strokeWidth={2}
          style={{ stroke: CHART_COLORS.accent }}
        />
        <rect x={lx} y={ly} width={lw} height={26} rx={13} style={{ fill: CHART_COLORS.accent }} />
        <text
          x={lx + lw / 2}
          y={ly + 13}
          dy="0.35em"
          textAnchor="middle"
          style={{ fontSize: FONT.label, fontWeight: 700, fill: CHART_COLORS.accentInk }}
        >
          {marker.label}
        </text>
      </g>
    );
  }

  return (
    <ChartSvg
      svgRef={svgRef}
      width={width}
      height={height}
      ariaLabel={ariaLabel}
      onMouseLeave={() => setHoverX(null)}
    >
      <defs>
        <clipPath id={clipId}>
          <rect x={x0} y={y0 - 6} width={x1 - x0} height={y1 - y0 + 12} />
        </clipPath>
      </defs>
      {title ? (
        <text
          x={x0}
          y={24}
          style={{ fontSize: FONT.title, fontWeight: 700, fill: CHART_COLORS.text }}
        >
          {title}
        </text>
      ) : null}
      {legend.items.map((it) => (
        <g
          key={it.id}
          data-legend={it.id}
          transform={`translate(${it.x},${legendTop + it.row * 24 + 10})`}
        >
          <line
            x1={0}
            x2={22}
            strokeWidth={3}
            strokeDasharray={it.dashed ? '6 4' : undefined}
            style={{ stroke: it.color }}
          />
          <text x={28} dy="0.35em" style={{ fontSize: FONT.tick, fill: CHART_COLORS.text }}>
            {it.label}
          </text>
        </g>
      ))}
      <PlotAxes
        {...{ x0, x1, y0, y1, xTicks, yTicks }}
        xLabel={props.xLabel}
        yLabel={props.yLabel}
        yLabelOffset={58}
      />
      {referenceY && Number.isFinite(referenceY.value) ? (
        <g data-role="reference">
          <line
            x1={x0}
            x2={x1}
            y1={y(referenceY.value)}
            y2={y(referenceY.value)}
            strokeWidth={2}
            strokeDasharray="8 5"
            style={{ stroke: CHART_COLORS.muted }}
          />
          <text
            x={x1 - 4}
            y={y(referenceY.value) - 7}
            textAnchor="end"
            style={{ fontSize: FONT.tick, fill: CHART_COLORS.muted, ...TEXT_HALO }}
          >
            {referenceY.label}
          </text>
        </g>
      ) : null}
      <g clipPath={`url(#${clipId})`}>
        {colored.map((s) => (
          <g key={s.id} data-series-group={s.id}>
            <path
              data-series={s.id}
              d={path(s.valid) ?? ''}
              fill="none"
              strokeWidth={3}
              strokeLinejoin="round"
              strokeLinecap="round"
              strokeDasharray={s.dashed ? '8 5' : undefined}
              style={{ stroke: s.color }}
            />
            {(s.showPoints ?? s.valid.length <= 120)
              ? s.valid.map((p, i) => (
                  <circle
                    key={i}
                    data-series={s.id}
                    cx={xs(p.x)}
                    cy={y(p.y)}
                    r={4}
                    strokeWidth={1.5}
                    style={{ fill: s.color, stroke: CHART_COLORS.bg }}
                  />
                ))
              : null}
          </g>
        ))}
      </g>
      {markerEl}
      {readout}
      {hoverReadout ? (
        <rect
          data-role="hover-target"
          x={x0}
          y={y0}
          width={x1 - x0}
          height={y1 - y0}
          fill="transparent"
          onMouseMove={onMove}
        />
      ) : null}
    </ChartSvg>
  );
}
