/** React-rendered axes: d3 computes the ticks, React draws them. */
import type { ReactElement, ReactNode } from 'react';
import { CHART_COLORS, FONT } from './colors.ts';

/** One tick: position in px along the axis, and its text. */
export interface Tick {
  pos: number;
  label: string;
}

/** Props of AxisBottom / AxisLeft. */
export interface AxisProps {
  ticks: Tick[];
  /** Axis line from `start` to `end` px along the axis. */
  start: number;
  end: number;
  /** Position of the axis line across the axis (y for bottom, x for left). */
  at: number;
  /** Axis title. */
  label?: string;
  /** Grid lines drawn across the plot up to this coordinate (y for bottom, x for left). */
  gridTo?: number;
}

/** What differs between a bottom and a left axis; everything else is shared. */
const ORIENT = {
  bottom: {
    className: 'pl-axis pl-axis-x',
    tickMark: { y2: 6 },
    tickText: { y: 9, dy: '0.8em', textAnchor: 'middle' },
  },
  left: {
    className: 'pl-axis pl-axis-y',
    tickMark: { x2: -6 },
    tickText: { x: -9, dy: '0.35em', textAnchor: 'end' },
  },
} as const;

/**
 * One axis: optional grid, axis line, tick marks with labels and a title. Positions are given
 * along the axis (`pos`, `start`, `end`) and across it (`at`, `gridTo`); `xy` maps them to SVG.
 */
function Axis({
  orient,
  ticks,
  start,
  end,
  at,
  label,
  gridTo,
  labelOffset,
}: AxisProps & { orient: 'bottom' | 'left'; labelOffset: number }): ReactElement {
  const o = ORIENT[orient];
  const bottom = orient === 'bottom';
  const xy = (along: number, across: number): [number, number] =>
    bottom ? [along, across] : [across, along];
  const line = (a: [number, number], b: [number, number], stroke: string, key?: string) => (
    <line key={key} x1={a[0]} x2={b[0]} y1={a[1]} y2={b[1]} style={{ stroke }} />
  );
  return (
    <g className={o.className} aria-hidden="true">
      {gridTo !== undefined
        ? ticks.map((t, i) =>
            // Grid lines run from the far edge to the axis (bottom) or from the axis out (left).
            bottom
              ? line(xy(t.pos, gridTo), xy(t.pos, at), CHART_COLORS.grid, `g${i}`)
              : line(xy(t.pos, at), xy(t.pos, gridTo), CHART_COLORS.grid, `g${i}`),
          )
        : null}
      {line(xy(start, at), xy(end, at), CHART_COLORS.axis)}
      {ticks.map((t, i) => (
        <g key={i} transform={`translate(${xy(t.pos, at).join(',')})`}>
          <line {...o.tickMark} style={{ stroke: CHART_COLORS.axis }} />
          <text {...o.tickText} style={{ fontSize: FONT.tick, fill: CHART_COLORS.text }}>
            {t.label}
          </text>
        </g>
      ))}
      {label ? (
        <text
          {...(bottom
            ? { x: (start + end) / 2, y: at + labelOffset }
            : {
                transform: `translate(${at - labelOffset},${(start + end) / 2}) rotate(-90)`,
              })}
          textAnchor="middle"
          style={{ fontSize: FONT.label, fill: CHART_COLORS.muted }}
        >
          {label}
        </text>
      ) : null}
    </g>
  );
}

/** Bottom axis with tick marks, tick labels (≥ 13 px), optional grid and title. */
export function AxisBottom(props: AxisProps): ReactElement {
  return <Axis {...props} orient="bottom" labelOffset={46} />;
}

/** Left axis; `labelOffset` is the distance of the rotated title from the axis line. */
export function AxisLeft({
  labelOffset = 52,
  ...props
}: AxisProps & { labelOffset?: number }): ReactElement {
  return <Axis {...props} orient="left" labelOffset={labelOffset} />;
}

/** Props of PlotAxes: the plot rectangle, both axes' ticks and titles. */
export interface PlotAxesProps {
  /** Plot area: x from x0 to x1, y from y0 (top) to y1 (bottom). */
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  xTicks: Tick[];
  yTicks: Tick[];
  xLabel?: string;
  yLabel?: string;
  /** Distance of the y title from the axis line. */
  yLabelOffset?: number;
  /** Drawn over the horizontal grid and under the bottom axis line (e.g. bars). */
  children?: ReactNode;
}

/** The axes of a rectangular plot: left axis with horizontal grid lines, then the bottom axis. */
export function PlotAxes(props: PlotAxesProps): ReactElement {
  const { x0, x1, y0, y1 } = props;
  return (
    <>
      <AxisLeft
        ticks={props.yTicks}
        start={y0}
        end={y1}
        at={x0}
        gridTo={x1}
        label={props.yLabel}
        labelOffset={props.yLabelOffset}
      />
      {props.children}
      <AxisBottom ticks={props.xTicks} start={x0} end={x1} at={y1} label={props.xLabel} />
    </>
  );
}

/** Rough text width in px for layout decisions (no DOM measuring). */
export function textWidth(text: string, fontSize: number): number {
  return text.length * fontSize * 0.58;
}
