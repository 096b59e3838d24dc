/** React-rendered axes: d3 computes the ticks, React draws them. */
import type { ReactElement } from 'react';
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

/** Bottom axis with tick marks, tick labels (≥ 13 px), optional grid and title. */
export function AxisBottom({ ticks, start, end, at, label, gridTo }: AxisProps): ReactElement {
  return (
    <g className="pl-axis pl-axis-x" aria-hidden="true">
      {gridTo !== undefined
        ? ticks.map((t, i) => (
            <line
              key={`g${i}`}
              x1={t.pos}
              x2={t.pos}
              y1={gridTo}
              y2={at}
              style={{ stroke: CHART_COLORS.grid }}
            />
          ))
        : null}
      <line x1={start} x2={end} y1={at} y2={at} style={{ stroke: CHART_COLORS.axis }} />
      {ticks.map((t, i) => (
        <g key={i} transform={`translate(${t.pos},${at})`}>
          <line y2={6} style={{ stroke: CHART_COLORS.axis }} />
          <text
            y={9}
            dy="0.8em"
            textAnchor="middle"
            style={{ fontSize: FONT.tick, fill: CHART_COLORS.text }}
          >
            {t.label}
          </text>
        </g>
      ))}
      {label ? (
        <text
          x={(start + end) / 2}
          y={at + 46}
          textAnchor="middle"
          style={{ fontSize: FONT.label, fill: CHART_COLORS.muted }}
        >
          {label}
        </text>
      ) : null}
    </g>
  );
}

/** Left axis; `labelOffset` is the distance of the rotated title from the axis line. */
export function AxisLeft({
  ticks,
  start,
  end,
  at,
  label,
  gridTo,
  labelOffset = 52,
}: AxisProps & { labelOffset?: number }): ReactElement {
  return (
    <g className="pl-axis pl-axis-y" aria-hidden="true">
      {gridTo !== undefined
        ? ticks.map((t, i) => (
            <line
              key={`g${i}`}
              x1={at}
              x2={gridTo}
              y1={t.pos}
              y2={t.pos}
              style={{ stroke: CHART_COLORS.grid }}
            />
          ))
        : null}
      <line x1={at} x2={at} y1={start} y2={end} style={{ stroke: CHART_COLORS.axis }} />
      {ticks.map((t, i) => (
        <g key={i} transform={`translate(${at},${t.pos})`}>
          <line x2={-6} style={{ stroke: CHART_COLORS.axis }} />
          <text
            x={-9}
            dy="0.35em"
            textAnchor="end"
            style={{ fontSize: FONT.tick, fill: CHART_COLORS.text }}
          >
            {t.label}
          </text>
        </g>
      ))}
      {label ? (
        <text
          transform={`translate(${at - labelOffset},${(start + end) / 2}) rotate(-90)`}
          textAnchor="middle"
          style={{ fontSize: FONT.label, fill: CHART_COLORS.muted }}
        >
          {label}
        </text>
      ) : null}
    </g>
  );
}

/** Rough text width in px for layout decisions (no DOM measuring). */
export function textWidth(text: string, fontSize: number): number {
  return text.length * fontSize * 0.58;
}
