/**
 * Heatmap screen geometry (fit into a box, zoom constraint, point to cell) and the keyboard cell
 * cursor, as pure functions. CSS px; cells are a layout's (x, y) grid (heatmapLayout.ts).
 */
import type { HeatmapLayout } from './heatmapLayout.ts';

/** Margins around the image: room for band labels and axis titles. */
export const HEATMAP_MARGIN = { top: 44, right: 8, bottom: 8, left: 52 } as const;

/** Screen geometry of a heatmap at zoom identity. */
export interface HeatmapGeometry {
  /** Cell size in CSS px; square unless the image and box shapes differ a lot (≤ 3:1). */
  cellW: number;
  cellH: number;
  /** Top-left of the image in CSS px. */
  ox: number;
  oy: number;
  /** Plot area (where the image may be drawn). */
  plot: { x0: number; y0: number; x1: number; y1: number };
}

/** Largest cell aspect ratio used to fill the box when the layer's shape does not fit it. */
export const MAX_CELL_ASPECT = 3;

/**
 * Fits a layout into a width × height box, centred. Cells are square when the square fit fills
 * at least half of the box along the other axis; otherwise they are stretched along that axis
 * (up to MAX_CELL_ASPECT : 1) so a 784 × 64 layer does not shrink to a thin strip.
 */
export function fitHeatmap(layout: HeatmapLayout, width: number, height: number): HeatmapGeometry {
  const m = HEATMAP_MARGIN;
  const pw = Math.max(1, width - m.left - m.right);
  const ph = Math.max(1, height - m.top - m.bottom);
  const fx = pw / Math.max(1, layout.width);
  const fy = ph / Math.max(1, layout.height);
  const s = Math.max(1e-3, Math.min(fx, fy));
  const stretch = (room: number) => s * Math.min(MAX_CELL_ASPECT, Math.max(1, room / s / 2));
  const cellW = fx > fy ? Math.min(fx, stretch(fx)) : s;
  const cellH = fy > fx ? Math.min(fy, stretch(fy)) : s;
  const iw = layout.width * cellW;
  const ih = layout.height * cellH;
  return {
    cellW,
    cellH,
    ox: m.left + (pw - iw) / 2,
    oy: m.top + (ph - ih) / 2,
    plot: { x0: m.left, y0: m.top, x1: m.left + pw, y1: m.top + ph },
  };
}

/**
 * Zoom constraint along one axis: an image smaller than the view (on screen) stays centred;
 * a larger one always covers the view, so panning never shows empty space.
 * @returns the constrained translation.
 */
export function constrainAxis(
  t: number,
  k: number,
  view0: number,
  view1: number,
  img0: number,
  img1: number,
): number {
  if ((img1 - img0) * k <= view1 - view0) return (view0 + view1) / 2 - ((img0 + img1) / 2) * k;
  return Math.min(view0 - img0 * k, Math.max(view1 - img1 * k, t));
}

/**
 * Global weight index under a point (CSS px relative to the canvas), given the zoom transform;
 * −1 outside the image or outside the plot area.
 */
export function heatmapIndexAtPoint(
  layout: HeatmapLayout,
  geo: HeatmapGeometry,
  t: { x: number; y: number; k: number },
  px: number,
  py: number,
): number {
  const { plot } = geo;
  if (px < plot.x0 || px >= plot.x1 || py < plot.y0 || py >= plot.y1) return -1;
  const bx = (px - t.x) / t.k;
  const by = (py - t.y) / t.k;
  return layout.indexAt((bx - geo.ox) / geo.cellW, (by - geo.oy) / geo.cellH);
}

/** A cell of the layout's grid, where the keyboard cursor stands. */
export interface HeatmapCell {
  x: number;
  y: number;
}

/** The layout's cell grid and its weight lookup: what the cursor needs. */
export type CursorGrid = Pick<HeatmapLayout, 'width' | 'height' | 'indexAt'>;

/** The first cell holding a weight, row by row from the top left; null when there is none. */
export function firstCell(grid: CursorGrid): HeatmapCell | null {
  for (let y = 0; y < grid.height; y++)
    for (let x = 0; x < grid.width; x++) if (grid.indexAt(x, y) >= 0) return { x, y };
  return null;
}

const STEPS: Record<string, [number, number]> = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
};

/**
 * Where the cursor goes for a key: arrows step one cell, skipping cells that hold no weight (the
 * gaps between tiles and gates), and stay put at the edge; Home / End go to the first / last
 * weight of the row. Returns null for any other key (the key is not the cursor's).
 */
export function moveCursor(grid: CursorGrid, from: HeatmapCell, key: string): HeatmapCell | null {
  if (key === 'Home' || key === 'End') {
    const dir = key === 'Home' ? 1 : -1;
    for (let x = dir > 0 ? 0 : grid.width - 1; x >= 0 && x < grid.width; x += dir)
      if (grid.indexAt(x, from.y) >= 0) return { x, y: from.y };
    return from;
  }
  const step = STEPS[key];
  if (!step) return null;
  let { x, y } = from;
  for (;;) {
    x += step[0];
    y += step[1];
    if (x < 0 || y < 0 || x >= grid.width || y >= grid.height) return from;
    if (grid.indexAt(x, y) >= 0) return { x, y };
  }
}
