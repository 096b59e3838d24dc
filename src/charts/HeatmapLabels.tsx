/** The SVG overlay of HeatmapView: axis titles and band labels that follow the zoom. */
import type { ReactElement, ReactNode } from 'react';
import type { HeatmapBand, HeatmapLayout } from './heatmapLayout.ts';
import type { HeatmapGeometry } from './heatmapGeometry.ts';
import { CHART_COLORS, FONT } from './colors.ts';

function labelWidth(text: string, size: number): number {
  return text.length * size * 0.6 + 6;
}

/** Screen position of cell edges at a zoom transform: sx(cellX), sy(cellY) in CSS px. */
export interface CellToScreen {
  sx: (cx: number) => number;
  sy: (cy: number) => number;
}

/** Where labels hug the image: its top edge (or the plot top) and its left edge. */
export function labelAnchors(geo: HeatmapGeometry, s: CellToScreen) {
  return { topY: Math.max(geo.plot.y0, s.sy(0)), leftX: Math.max(geo.plot.x0, s.sx(0)) };
}

/** Band labels (gates, tensors, filters, channels) that fit at the current zoom. */
function bandLabels(layout: HeatmapLayout, geo: HeatmapGeometry, s: CellToScreen): ReactElement[] {
  const { plot } = geo;
  const { sx, sy } = s;
  const { topY, leftX } = labelAnchors(geo, s);
  const labels: ReactElement[] = [];
  const pushBand = (b: HeatmapBand, i: number) => {
    const group = b.level === 'group';
    const size = group ? FONT.label : FONT.small;
    if (b.axis === 'x') {
      const a = Math.max(sx(b.start), plot.x0);
      const z = Math.min(sx(b.end), plot.x1);
      if (z - a < 4) return;
      const text = b.longLabel && z - a >= labelWidth(b.longLabel, size) ? b.longLabel : b.label;
      if (z - a < labelWidth(text, size) && !group) return;
      labels.push(
        <text
          key={`x${i}`}
          x={(a + z) / 2}
          y={topY - 8}
          textAnchor="middle"
          style={{ fontSize: size, fontWeight: group ? 700 : 400, fill: CHART_COLORS.text }}
        >
          {text}
        </text>,
      );
    } else {
      const a = Math.max(sy(b.start), plot.y0);
      const z = Math.min(sy(b.end), plot.y1);
      if (z - a < 4) return;
      if (group) {
        if (z - a < labelWidth(b.label, size) * 0.6) return;
        const cy = (a + z) / 2;
        labels.push(
          <text
            key={`y${i}`}
            transform={`translate(${leftX - 14},${cy}) rotate(-90)`}
            textAnchor="middle"
            style={{ fontSize: size, fontWeight: 700, fill: CHART_COLORS.text }}
          >
            {b.label}
          </text>,
        );
      } else {
        if (z - a < size + 1) return;
        labels.push(
          <text
            key={`y${i}`}
            x={leftX - 6}
            y={(a + z) / 2}
            dy="0.35em"
            textAnchor="end"
            style={{ fontSize: size, fill: CHART_COLORS.muted }}
          >
            {b.label}
          </text>,
        );
      }
    }
  };
  layout.bands.forEach(pushBand);
  return labels;
}

/** Axis titles and band labels, drawn over the canvas; `children` (cell outlines) on top. */
export function HeatmapLabels(props: {
  layout: HeatmapLayout;
  geo: HeatmapGeometry;
  s: CellToScreen;
  width: number;
  height: number;
  children?: ReactNode;
}): ReactElement {
  const { layout, geo, s, width, height } = props;
  const { topY, leftX } = labelAnchors(geo, s);
  return (
    <svg
      width={width}
      height={height}
      aria-hidden="true"
      style={{ position: 'absolute', left: 0, top: 0, pointerEvents: 'none' }}
    >
      {layout.xTitle ? (
        <text
          x={leftX}
          y={Math.max(16, topY - 28)}
          style={{ fontSize: FONT.label, fill: CHART_COLORS.muted }}
        >
          {layout.xTitle}
        </text>
      ) : null}
      {layout.yTitle ? (
        <text
          transform={`translate(${Math.max(14, leftX - 38)},${topY}) rotate(-90)`}
          textAnchor="end"
          style={{ fontSize: FONT.label, fill: CHART_COLORS.muted }}
        >
          {layout.yTitle}
        </text>
      ) : null}
      {bandLabels(layout, geo, s)}
      {props.children}
    </svg>
  );
}
