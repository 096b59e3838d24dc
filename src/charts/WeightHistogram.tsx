/**
 * WeightHistogram: distribution of all weights, stacked kept (series colour) + pruned (hatched
 * neutral), with magnitude thresholds marked at ±t, a legend and a per-bin hover readout.
 */
import {
  useId,
  useLayoutEffect,
  useMemo,
  useState,
  type MouseEvent as ReactMouseEvent,
  type ReactElement,
  type SVGProps,
} from 'react';
import { scaleLinear, scaleLog } from 'd3-scale';
import { PlotAxes, type Tick } from './Axis.tsx';
import { ChartSvg, TEXT_HALO } from './ChartSvg.tsx';
import { CHART_COLORS, FONT } from './colors.ts';
import { d3Format, formatCount, formatPercent, formatWeight } from './formatters.ts';
import { binWeights, histogramBands, type WeightBins } from './histogram.ts';
import { ChartLegend, HoverTooltip } from './ChartPieces.tsx';
import { LEGEND_ROW, layoutLegend, type LegendEntry } from './chartPieces.ts';

/** Props of WeightHistogram. */
export interface WeightHistogramProps {
  weights: Float32Array;
  /** 1 = kept, 0 = pruned. */
  mask?: Uint8Array;
  /** Magnitude thresholds, each drawn as a pair of lines at ±t. */
  thresholds?: number[];
  /** Number of bins (default 60). */
  bins?: number;
  /** x domain (default symmetric ±max|w|). */
  domain?: [number, number];
  width: number;
  height: number;
  logY?: boolean;
  /** Colour of kept weights (default series colour 1). */
  color?: string;
  xLabel?: string;
  ariaLabel: string;
}

const M = { right: 18, bottom: 62, left: 70 };
const fmtThreshold = d3Format('.2~r');

interface Plot {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  x: (v: number) => number;
  yv: (count: number) => number;
}

/** The stacked bars: kept from 0, pruned on top, one pair per bin. */
function Bars(props: { data: WeightBins; p: Plot; color: string; hatch: string }): ReactElement {
  const { data, p } = props;
  const n = data.kept.length;
  const binW = (p.x1 - p.x0) / n;
  const gap = binW >= 5 ? 1 : 0;
  const keptPaint: SVGProps<SVGRectElement> = { style: { fill: props.color } };
  const prunedPaint: SVGProps<SVGRectElement> = {
    fill: `url(#${props.hatch})`,
    style: { stroke: CHART_COLORS.prunedInk },
    strokeWidth: gap ? 0.75 : 0,
  };
  const bars: ReactElement[] = [];
  // One segment of bin i's stacked bar, from count `from` up to count `to`.
  const segment = (i: number, part: 'kept' | 'pruned', from: number, to: number) => (
    <rect
      key={`${part[0]}${i}`}
      data-bin={i}
      data-part={part}
      x={p.x(data.edges[i]) + gap / 2}
      y={p.yv(to)}
      width={Math.max(0.5, binW - gap)}
      height={Math.max(0, p.yv(from) - p.yv(to))}
      {...(part === 'kept' ? keptPaint : prunedPaint)}
    />
  );
  for (let i = 0; i < n; i++) {
    const k = data.kept[i];
    const q = data.pruned[i];
    if (k > 0) bars.push(segment(i, 'kept', 0, k));
    if (q > 0) bars.push(segment(i, 'pruned', k, k + q));
  }
  return <g data-role="bars">{bars}</g>;
}

/** Dashed lines at ±t for each threshold, each labelled in its row (at `labelY`) above the plot. */
function Thresholds(props: { thresholds: number[]; labelY: number[]; p: Plot }): ReactElement {
  const { thresholds, p } = props;
  const inside = (v: number) => v >= p.x0 && v <= p.x1;
  return (
    <>
      {thresholds.map((t, i) => {
        const a = p.x(-t);
        const b = p.x(t);
        return (
          <g key={i} data-threshold={t}>
            {[a, b].filter(inside).map((v, j) => (
              <line
                key={j}
                x1={v}
                x2={v}
                y1={p.y0}
                y2={p.y1}
                strokeWidth={2}
                strokeDasharray="6 4"
                style={{ stroke: CHART_COLORS.text }}
              />
            ))}
            <text
              x={Math.min(Math.max((a + b) / 2, p.x0 + 80), p.x1 - 80)}
              y={props.labelY[i]}
              dy="0.35em"
              textAnchor="middle"
              style={{
                fontSize: FONT.tick,
                fontWeight: 600,
                fill: CHART_COLORS.text,
                ...TEXT_HALO,
              }}
            >
              {`|w| < ${fmtThreshold(t)} pruned`}
            </text>
          </g>
        );
      })}
    </>
  );
}

/** The diagonal hatch that marks pruned weights. */
function Hatch({ id }: { id: string }): ReactElement {
  return (
    <pattern
      id={id}
      width={6}
      height={6}
      patternUnits="userSpaceOnUse"
      patternTransform="rotate(45)"
    >
      <rect width={6} height={6} style={{ fill: CHART_COLORS.pruned }} />
      <line
        x1={0}
        x2={0}
        y1={0}
        y2={6}
        strokeWidth={2.5}
        style={{ stroke: CHART_COLORS.prunedInk }}
      />
    </pattern>
  );
}

/** Axes' scales and ticks for the binned data. */
function scales(data: WeightBins, width: number, height: number, logY: boolean, plotTop: number) {
  const x0 = M.left;
  const x1 = Math.max(x0 + 10, width - M.right);
  const y0 = plotTop;
  const y1 = Math.max(y0 + 10, height - M.bottom);
  const x = scaleLinear().domain([data.lo, data.hi]).range([x0, x1]);
  const top = Math.max(1, data.maxCount);
  const y = logY
    ? scaleLog()
        .domain([0.7, Math.max(10, top * 1.15)])
        .range([y1, y0])
        .clamp(true)
    : scaleLinear().domain([0, top]).nice().range([y1, y0]);
  const xTicks: Tick[] = x
    .ticks(Math.max(3, Math.floor((x1 - x0) / 90)))
    .map((v) => ({ pos: x(v), label: formatWeight(v) }));
  let yTickValues = y.ticks(Math.max(2, Math.floor((y1 - y0) / 50)));
  if (logY) {
    yTickValues = yTickValues.filter((v) => v >= 1 && Number.isInteger(v));
    const pow10 = yTickValues.filter((v) => Math.log10(v) % 1 === 0);
    if (yTickValues.length > 6) yTickValues = pow10;
  }
  const yTicks: Tick[] = yTickValues.map((v) => ({ pos: y(v), label: formatCount(v) }));
  const p: Plot = { x0, x1, y0, y1, x: (v) => x(v), yv: (c) => (c <= 0 ? y1 : y(c)) };
  return { p, xTicks, yTicks };
}

/** Legend entries: kept count, and pruned count with its share when any weight is pruned. */
function legendEntries(data: WeightBins, color: string): LegendEntry[] {
  const total = data.keptTotal + data.prunedTotal;
  const kept: LegendEntry = {
    id: 'kept',
    label: `kept ${formatCount(data.keptTotal)}`,
    color,
    kind: 'swatch',
  };
  if (data.prunedTotal <= 0) return [kept];
  const share = formatPercent(data.prunedTotal / total);
  return [
    kept,
    {
      id: 'pruned',
      label: `pruned ${formatCount(data.prunedTotal)} (${share})`,
      color: CHART_COLORS.prunedInk,
      kind: 'swatch',
    },
  ];
}

/** Histogram of weights, kept and pruned stacked. */
export function WeightHistogram(props: WeightHistogramProps): ReactElement {
  const { weights, mask, thresholds = [], bins = 60, width, height, logY = false } = props;
  const id = useId().replace(/:/g, '');
  const [hoverBin, setHoverBin] = useState<number | null>(null);
  const domainKey = props.domain ? `${props.domain[0]},${props.domain[1]}` : '';
  const data = useMemo(
    () => binWeights(weights, mask, bins, props.domain),
    // domainKey stands for props.domain by value.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [weights, mask, bins, domainKey],
  );
  useLayoutEffect(() => {
    performance.mark('pl:histogram-rendered');
  });
  const color = props.color ?? CHART_COLORS.series[0];
  const legend = layoutLegend(legendEntries(data, color), M.left, width - M.right);
  const shownThresholds = thresholds.filter((t) => t > 0 && Number.isFinite(t));
  const bands = histogramBands(legend.rows, shownThresholds.length, LEGEND_ROW);
  const { p, xTicks, yTicks } = scales(data, width, height, logY, bands.plotTop);
  const n = data.kept.length;
  const onMove = (e: ReactMouseEvent<SVGRectElement>) => {
    const rect = (e.currentTarget.ownerSVGElement ?? e.currentTarget).getBoundingClientRect();
    const i = Math.floor(((e.clientX - rect.left - p.x0) / (p.x1 - p.x0)) * n);
    setHoverBin(i >= 0 && i < n ? i : null);
  };
  const hb = hoverBin !== null && hoverBin < n ? hoverBin : null;
  return (
    <ChartSvg
      width={width}
      height={height}
      ariaLabel={props.ariaLabel}
      onMouseLeave={() => setHoverBin(null)}
    >
      <defs>
        <Hatch id={`h${id}`} />
      </defs>
      <PlotAxes
        {...{ x0: p.x0, x1: p.x1, y0: p.y0, y1: p.y1, xTicks, yTicks }}
        xLabel={props.xLabel ?? 'weight value'}
        yLabel={logY ? 'count (log scale)' : 'count'}
        yLabelOffset={56}
      >
        <Bars data={data} p={p} color={color} hatch={`h${id}`} />
      </PlotAxes>
      <Thresholds thresholds={shownThresholds} labelY={bands.thresholdY} p={p} />
      <ChartLegend entries={legend.entries} top={0} />
      {hb !== null ? (
        <HoverTooltip
          hx={p.x((data.edges[hb] + data.edges[hb + 1]) / 2)}
          top={p.y0 + 4}
          xMax={p.x1}
          lines={[
            { text: `${formatWeight(data.edges[hb])} to ${formatWeight(data.edges[hb + 1])}` },
            { text: `kept ${formatCount(data.kept[hb])}`, color },
            { text: `pruned ${formatCount(data.pruned[hb])}`, color: CHART_COLORS.prunedInk },
          ]}
        />
      ) : null}
      <rect
        data-role="hover-target"
        x={p.x0}
        y={p.y0}
        width={p.x1 - p.x0}
        height={p.y1 - p.y0}
        fill="transparent"
        onMouseMove={onMove}
      />
    </ChartSvg>
  );
}
