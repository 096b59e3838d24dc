/**
 * WeightHistogram: distribution of all weights, stacked kept (series colour) + pruned (hatched
 * neutral), with magnitude thresholds marked at ±t.
 */
import { useId, useLayoutEffect, useMemo, type ReactElement, type SVGProps } from 'react';
import { scaleLinear, scaleLog } from 'd3-scale';
import { PlotAxes, type Tick } from './Axis.tsx';
import { ChartSvg, TEXT_HALO } from './ChartSvg.tsx';
import { CHART_COLORS, FONT } from './colors.ts';
import { d3Format, formatCount, formatPercent, formatWeight } from './formatters.ts';
import { binWeights } from './histogram.ts';

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

const M = { top: 34, right: 18, bottom: 62, left: 70 };
const fmtThreshold = d3Format('.2~r');

/** Histogram of weights, kept and pruned stacked. */
export function WeightHistogram(props: WeightHistogramProps): ReactElement {
  const { weights, mask, thresholds = [], bins = 60, width, height, logY = false } = props;
  const id = useId().replace(/:/g, '');
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
  const x0 = M.left;
  const x1 = Math.max(x0 + 10, width - M.right);
  const y0 = M.top;
  const y1 = Math.max(y0 + 10, height - M.bottom);
  const x = scaleLinear().domain([data.lo, data.hi]).range([x0, x1]);
  const top = Math.max(1, data.maxCount);
  const y = logY
    ? scaleLog()
        .domain([0.7, Math.max(10, top * 1.15)])
        .range([y1, y0])
        .clamp(true)
    : scaleLinear().domain([0, top]).nice().range([y1, y0]);
  const yv = (c: number) => (c <= 0 ? y1 : y(c));

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

  const color = props.color ?? CHART_COLORS.series[0];
  const bars: ReactElement[] = [];
  const n = data.kept.length;
  const binW = (x1 - x0) / n;
  const gap = binW >= 5 ? 1 : 0;
  const keptPaint: SVGProps<SVGRectElement> = { style: { fill: color } };
  const prunedPaint: SVGProps<SVGRectElement> = {
    fill: `url(#h${id})`,
    style: { stroke: CHART_COLORS.prunedInk },
    strokeWidth: gap ? 0.75 : 0,
  };
  for (let i = 0; i < n; i++) {
    const k = data.kept[i];
    const p = data.pruned[i];
    // One segment of bin i's stacked bar, from count `from` up to count `to`.
    const segment = (
      part: 'kept' | 'pruned',
      from: number,
      to: number,
      paint: SVGProps<SVGRectElement>,
    ) => {
      const yt = yv(to);
      return (
        <rect
          key={`${part[0]}${i}`}
          data-bin={i}
          data-part={part}
          x={x(data.edges[i]) + gap / 2}
          y={yt}
          width={Math.max(0.5, binW - gap)}
          height={Math.max(0, yv(from) - yt)}
          {...paint}
        />
      );
    };
    if (k > 0) bars.push(segment('kept', 0, k, keptPaint));
    if (p > 0) bars.push(segment('pruned', k, k + p, prunedPaint));
  }

  const total = data.keptTotal + data.prunedTotal;
  // Threshold labels sit in rows at the top of the plot; their lines start below the labels.
  const validThresholds = thresholds.filter((t) => t > 0 && Number.isFinite(t));
  const lineTop = y0 + 4 + validThresholds.length * 20;
  return (
    <ChartSvg width={width} height={height} ariaLabel={props.ariaLabel}>
      <defs>
        <pattern
          id={`h${id}`}
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
      </defs>
      <PlotAxes
        {...{ x0, x1, y0, y1, xTicks, yTicks }}
        xLabel={props.xLabel ?? 'weight value'}
        yLabel={logY ? 'count (log scale)' : 'count'}
        yLabelOffset={56}
      >
        <g data-role="bars">{bars}</g>
      </PlotAxes>
      {validThresholds.map((t, i) => {
        const a = x(-t);
        const b = x(t);
        const inside = (v: number) => v >= x0 && v <= x1;
        return (
          <g key={i} data-threshold={t}>
            {[a, b].filter(inside).map((v, j) => (
              <line
                key={j}
                x1={v}
                x2={v}
                y1={lineTop}
                y2={y1}
                strokeWidth={2}
                strokeDasharray="6 4"
                style={{ stroke: CHART_COLORS.text }}
              />
            ))}
            <text
              x={Math.min(Math.max((a + b) / 2, x0 + 80), x1 - 80)}
              y={y0 + 12 + i * 20}
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
      <g data-role="legend" transform={`translate(${x1},${18})`}>
        <text textAnchor="end" style={{ fontSize: FONT.tick, fill: CHART_COLORS.text }}>
          <tspan style={{ fill: color }}>■</tspan> kept {formatCount(data.keptTotal)}
          {data.prunedTotal > 0 ? (
            <>
              {'   '}
              <tspan style={{ fill: CHART_COLORS.prunedInk }}>■</tspan> pruned{' '}
              {formatCount(data.prunedTotal)} (
              {formatPercent(total > 0 ? data.prunedTotal / total : 0)})
            </>
          ) : null}
        </text>
      </g>
    </ChartSvg>
  );
}
