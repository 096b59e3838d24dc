/** Sparkline: a tiny inline line (e.g. the training bar's loss curve) with the last value dotted. */
import type { ReactElement } from 'react';
import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import { extent } from 'd3-array';
import { ChartSvg } from './ChartSvg.tsx';
import { CHART_COLORS } from './colors.ts';

/** Props of Sparkline. */
export interface SparklineProps {
  values: ArrayLike<number>;
  width: number;
  height: number;
  /** CSS colour; default series colour 1. */
  color?: string;
  /** Value domain; default the data extent. */
  yDomain?: [number, number];
  ariaLabel: string;
}

/** Path `d` of a sparkline (exported for tests): one point per finite value. */
export function sparklinePath(
  values: ArrayLike<number>,
  width: number,
  height: number,
  yDomain?: [number, number],
): { d: string; last: { x: number; y: number } | null } {
  const pad = 3;
  const pts: [number, number][] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) pts.push([i, values[i]]);
  if (pts.length === 0) return { d: '', last: null };
  const [lo, hi] = yDomain ?? (extent(pts, (p) => p[1]) as [number, number]);
  const x = scaleLinear()
    .domain([0, Math.max(1, values.length - 1)])
    .range([pad, width - pad]);
  const y = scaleLinear()
    .domain(lo === hi ? [lo - 1, hi + 1] : [lo, hi])
    .range([height - pad, pad]);
  const d =
    line<[number, number]>()
      .x((p) => x(p[0]))
      .y((p) => y(p[1]))(pts) ?? '';
  const l = pts[pts.length - 1];
  return { d, last: { x: x(l[0]), y: y(l[1]) } };
}

/** Tiny inline SVG line. */
export function Sparkline(props: SparklineProps): ReactElement {
  const { values, width, height } = props;
  const color = props.color ?? CHART_COLORS.series[0];
  const { d, last } = sparklinePath(values, width, height, props.yDomain);
  return (
    <ChartSvg
      width={width}
      height={height}
      ariaLabel={props.ariaLabel}
      style={{ display: 'inline-block', verticalAlign: 'middle', overflow: 'visible' }}
    >
      <path d={d} fill="none" strokeWidth={2} strokeLinejoin="round" style={{ stroke: color }} />
      {last ? <circle cx={last.x} cy={last.y} r={2.5} style={{ fill: color }} /> : null}
    </ChartSvg>
  );
}
