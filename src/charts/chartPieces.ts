/**
 * Pure placement maths shared by the SVG charts: legend rows, the "you are here" marker's label,
 * and the hover tooltip box. Pixel units, SVG coordinates (y grows downwards).
 */
import { textWidth } from './Axis.tsx';
import { FONT } from './colors.ts';

/** One legend entry: a line sample (dashed or solid) or a filled swatch, and its text. */
export interface LegendEntry {
  id: string;
  label: string;
  color: string;
  kind: 'line' | 'swatch';
  dashed?: boolean;
}

/** A legend entry placed at `x` in row `row` (rows are LEGEND_ROW px apart). */
export interface PlacedLegendEntry extends LegendEntry {
  x: number;
  row: number;
}

/** Height of one legend row, px. */
export const LEGEND_ROW = 24;

/** Width of one legend entry: sample (22 px), gap, text, trailing space. */
export function legendEntryWidth(label: string): number {
  return 28 + textWidth(label, FONT.tick) + 20;
}

/** Lays legend entries out left to right from `x0`, wrapping to a new row past `xMax`. */
export function layoutLegend(
  entries: LegendEntry[],
  x0: number,
  xMax: number,
): { entries: PlacedLegendEntry[]; rows: number } {
  const out: PlacedLegendEntry[] = [];
  let x = x0;
  let row = 0;
  for (const e of entries) {
    const w = legendEntryWidth(e.label);
    if (x + w > xMax && x > x0) {
      row++;
      x = x0;
    }
    out.push({ ...e, x, row });
    x += w;
  }
  return { entries: out, rows: entries.length ? row + 1 : 0 };
}

/** Where a marker's pill label goes: beside the point, flipped left when it would pass `x1`. */
export interface MarkerPlacement {
  /** Pill box: left, top, width (height 26). */
  lx: number;
  ly: number;
  lw: number;
  /** True when the label sits right of the point. */
  right: boolean;
}

/** Places the label of a marker at (mx, my) inside the plot box [x1 right edge, y0..y1]. */
export function placeMarker(
  mx: number,
  my: number,
  label: string,
  box: { x1: number; y0: number; y1: number },
): MarkerPlacement {
  const lw = textWidth(label, FONT.label) + 18;
  const right = mx + 16 + lw <= box.x1;
  return {
    lx: right ? mx + 16 : mx - 16 - lw,
    ly: Math.max(box.y0, Math.min(box.y1 - 26, my - 40)),
    lw,
    right,
  };
}

/** A tooltip box: left, top, width, height (px) for `lines` of text next to x = `hx`. */
export interface TooltipBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Places a tooltip of `lines` beside `hx`, flipping left when it would pass `xMax`. */
export function placeTooltip(lines: string[], hx: number, top: number, xMax: number): TooltipBox {
  const width = Math.max(0, ...lines.map((l) => textWidth(l, FONT.tick))) + 36;
  const height = lines.length * 20 + 12;
  const flip = hx + 14 + width > xMax;
  return { x: flip ? hx - 14 - width : hx + 14, y: top, width, height };
}
