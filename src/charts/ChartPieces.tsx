/**
 * SVG pieces shared by LineChart, BarChart and WeightHistogram: the legend, the "you are here"
 * marker and the hover tooltip. Placement maths lives in chartPieces.ts.
 */
import type { ReactElement } from 'react';
import { CHART_COLORS, FONT } from './colors.ts';
import { LEGEND_ROW, placeMarker, placeTooltip, type PlacedLegendEntry } from './chartPieces.ts';

/** Legend entries as laid out by layoutLegend, drawn from y = `top`. */
export function ChartLegend({
  entries,
  top,
}: {
  entries: PlacedLegendEntry[];
  top: number;
}): ReactElement {
  return (
    <g data-role="legend">
      {entries.map((it) => (
        <g
          key={it.id}
          data-legend={it.id}
          transform={`translate(${it.x},${top + it.row * LEGEND_ROW + 10})`}
        >
          {it.kind === 'line' ? (
            <line
              x1={0}
              x2={22}
              strokeWidth={3}
              strokeDasharray={it.dashed ? '6 4' : undefined}
              style={{ stroke: it.color }}
            />
          ) : (
            <rect x={4} y={-7} width={14} height={14} rx={2} style={{ fill: it.color }} />
          )}
          <text x={28} dy="0.35em" style={{ fontSize: FONT.tick, fill: CHART_COLORS.text }}>
            {it.label}
          </text>
        </g>
      ))}
    </g>
  );
}

/** A large, distinct "you are here" marker at (mx, my) with a pill label. */
export function YouAreHere(props: {
  mx: number;
  my: number;
  label: string;
  box: { x1: number; y0: number; y1: number };
}): ReactElement {
  const { mx, my, label } = props;
  const { lx, ly, lw, right } = placeMarker(mx, my, label, props.box);
  return (
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
        {label}
      </text>
    </g>
  );
}

/** One tooltip row: its text and, for all but a heading, a colour swatch. */
export interface TooltipLine {
  text: string;
  color?: string;
}

/** Hover tooltip: a heading line (bold) and rows with swatches, placed beside x = `hx`. */
export function HoverTooltip(props: {
  hx: number;
  top: number;
  xMax: number;
  lines: TooltipLine[];
}): ReactElement {
  const { lines } = props;
  const box = placeTooltip(
    lines.map((l) => l.text),
    props.hx,
    props.top,
    props.xMax,
  );
  return (
    <g data-role="tooltip" pointerEvents="none">
      <rect
        x={box.x}
        y={box.y}
        width={box.width}
        height={box.height}
        rx={6}
        style={{ fill: 'var(--chart-tooltip-bg)' }}
      />
      {lines.map((l, i) => (
        <g key={i} transform={`translate(${box.x + 12},${box.y + 22 + i * 20})`}>
          {l.color ? (
            <rect x={0} y={-11} width={12} height={12} rx={2} style={{ fill: l.color }} />
          ) : null}
          <text
            x={l.color ? 18 : 0}
            style={{
              fontSize: FONT.tick,
              fontWeight: i === 0 ? 700 : 400,
              fill: 'var(--chart-tooltip-text)',
            }}
          >
            {l.text}
          </text>
        </g>
      ))}
    </g>
  );
}
