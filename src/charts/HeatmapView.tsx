/**
 * Shared canvas view for heatmaps (WeightHeatmap, MaskDiffHeatmap): draws a pre-painted
 * 1-pixel-per-cell image scaled to fit the box, crisp (nearest neighbour) when enlarged; d3-zoom
 * wheel / pinch zoom and drag pan; double click or the "Reset zoom" button resets; hover reports
 * the cell and shows a tooltip; band labels (gates, tensors, filter and channel indices) are an SVG
 * overlay that follows the zoom and stays crisp.
 */
import {
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type MouseEvent as ReactMouseEvent,
  type ReactElement,
} from 'react';
import { select } from 'd3-selection';
import { zoom, zoomIdentity, type ZoomBehavior, type ZoomTransform } from 'd3-zoom';
import type { HeatmapBand, HeatmapLayout } from './heatmapLayout.ts';
import { CHART_COLORS, FONT } from './colors.ts';

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

/** Props of the internal HeatmapView. */
export interface HeatmapViewProps {
  layout: HeatmapLayout;
  /** RGBA pixels, layout.width × layout.height, one per cell. */
  image: Uint8ClampedArray;
  width: number;
  height: number;
  ariaLabel: string;
  /** Tooltip text for a global index. */
  describe: (index: number) => string;
  /** Called with the hovered global index, or −1 when the pointer leaves the image. */
  onCell?: (index: number) => void;
}

const readVar = (el: Element, name: string, fallback: string): string =>
  getComputedStyle(el).getPropertyValue(name).trim() || fallback;

function labelWidth(text: string, size: number): number {
  return text.length * size * 0.6 + 6;
}

/** Canvas heatmap with zoom, hover tooltip and label overlay. */
export function HeatmapView(props: HeatmapViewProps): ReactElement {
  const { layout, image, width, height, ariaLabel, describe, onCell } = props;
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const offscreenRef = useRef<HTMLCanvasElement | null>(null);
  const zoomRef = useRef<ZoomBehavior<HTMLCanvasElement, unknown> | null>(null);
  const [transform, setTransform] = useState<ZoomTransform>(zoomIdentity);
  const [hover, setHover] = useState<{ index: number; px: number; py: number } | null>(null);
  const geo = useMemo(() => fitHeatmap(layout, width, height), [layout, width, height]);

  // Offscreen 1-px-per-cell canvas holding the painted image.
  useEffect(() => {
    if (typeof document === 'undefined') return;
    const off = offscreenRef.current ?? document.createElement('canvas');
    offscreenRef.current = off;
    if (off.width !== layout.width || off.height !== layout.height) {
      off.width = layout.width;
      off.height = layout.height;
    }
    const ctx = off.getContext('2d');
    if (!ctx || layout.width === 0 || layout.height === 0) return;
    const data = ctx.createImageData(layout.width, layout.height);
    data.data.set(image);
    ctx.putImageData(data, 0, 0);
  }, [image, layout.width, layout.height]);

  // Draw: scaled image, clipped to the plot, separators between groups and tiles.
  useEffect(() => {
    const canvas = canvasRef.current;
    const off = offscreenRef.current;
    if (!canvas || !off) return;
    const dpr = typeof window !== 'undefined' ? window.devicePixelRatio || 1 : 1;
    const bw = Math.round(width * dpr);
    const bh = Math.round(height * dpr);
    if (canvas.width !== bw || canvas.height !== bh) {
      canvas.width = bw;
      canvas.height = bh;
    }
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const { plot, cellW, cellH, ox, oy } = geo;
    ctx.save();
    ctx.beginPath();
    ctx.rect(plot.x0, plot.y0, plot.x1 - plot.x0, plot.y1 - plot.y0);
    ctx.clip();
    const k = transform.k;
    const sw = cellW * k;
    const sh = cellH * k;
    const x0 = ox * k + transform.x;
    const y0 = oy * k + transform.y;
    // Crisp when enlarged; smooth when a cell is under a device pixel, so no row is dropped.
    ctx.imageSmoothingEnabled = Math.min(sw, sh) * dpr < 1;
    ctx.drawImage(off, x0, y0, layout.width * sw, layout.height * sh);
    const bg = readVar(canvas, '--chart-bg', '#ffffff');
    ctx.fillStyle = bg;
    const iw = layout.width * sw;
    const ih = layout.height * sh;
    if (layout.tile && layout.tile.w * sw >= 6 && layout.tile.h * sh >= 6) {
      for (let cx = layout.tile.w; cx < layout.width; cx += layout.tile.w)
        ctx.fillRect(x0 + cx * sw - 0.5, y0, 1, ih);
      for (let cy = layout.tile.h; cy < layout.height; cy += layout.tile.h)
        ctx.fillRect(x0, y0 + cy * sh - 0.5, iw, 1);
    }
    for (const b of layout.bands) {
      if (b.level !== 'group' || b.start === 0) continue;
      if (b.axis === 'x') ctx.fillRect(x0 + b.start * sw - 1.5, y0, 3, ih);
      else ctx.fillRect(x0, y0 + b.start * sh - 1.5, iw, 3);
    }
    ctx.restore();
    performance.mark('pl:heatmap-painted');
  }, [image, transform, geo, width, height, layout]);

  // d3-zoom on the canvas.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const { plot, cellW, cellH, ox, oy } = geo;
    const maxK = Math.max(4, 48 / Math.min(cellW, cellH));
    const ix1 = ox + layout.width * cellW;
    const iy1 = oy + layout.height * cellH;
    const behavior = zoom<HTMLCanvasElement, unknown>()
      .extent([
        [plot.x0, plot.y0],
        [plot.x1, plot.y1],
      ])
      .translateExtent([
        [plot.x0, plot.y0],
        [plot.x1, plot.y1],
      ])
      .scaleExtent([1, maxK])
      .constrain((t) =>
        zoomIdentity
          .translate(
            constrainAxis(t.x, t.k, plot.x0, plot.x1, ox, ix1),
            constrainAxis(t.y, t.k, plot.y0, plot.y1, oy, iy1),
          )
          .scale(t.k),
      )
      .on('zoom', (event: { transform: ZoomTransform }) => setTransform(event.transform));
    const sel = select(canvas);
    sel.call(behavior).on('dblclick.zoom', null);
    sel.call(behavior.transform, zoomIdentity);
    zoomRef.current = behavior;
    return () => {
      sel.on('.zoom', null);
    };
  }, [geo, layout.width, layout.height]);

  const resetZoom = useCallback(() => {
    const canvas = canvasRef.current;
    if (canvas && zoomRef.current) select(canvas).call(zoomRef.current.transform, zoomIdentity);
    else setTransform(zoomIdentity);
  }, []);

  const onMouseMove = (e: ReactMouseEvent<HTMLCanvasElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    const px = e.clientX - rect.left;
    const py = e.clientY - rect.top;
    const index = heatmapIndexAtPoint(layout, geo, transform, px, py);
    if (index < 0) {
      if (hover) {
        setHover(null);
        onCell?.(-1);
      }
      return;
    }
    if (!hover || hover.index !== index || hover.px !== px || hover.py !== py) {
      setHover({ index, px, py });
      if (!hover || hover.index !== index) onCell?.(index);
    }
  };
  const onMouseLeave = () => {
    if (hover) onCell?.(-1);
    setHover(null);
  };

  const { plot } = geo;
  const k = transform.k;
  const sx = (cx: number) => (geo.ox + cx * geo.cellW) * k + transform.x;
  const sy = (cy: number) => (geo.oy + cy * geo.cellH) * k + transform.y;
  // Labels hug the image: column labels just above its top edge (or the plot top once the image
  // is scrolled past it), row labels just left of its left edge.
  const topY = Math.max(plot.y0, sy(0));
  const leftX = Math.max(plot.x0, sx(0));
  const zoomed = k !== 1 || transform.x !== 0 || transform.y !== 0;

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

  let highlight: ReactElement | null = null;
  let tooltip: ReactElement | null = null;
  if (hover) {
    const { x, y } = layout.cellOf(hover.index);
    highlight = (
      <rect
        x={sx(x) - 1}
        y={sy(y) - 1}
        width={Math.max(geo.cellW * k, 1) + 2}
        height={Math.max(geo.cellH * k, 1) + 2}
        fill="none"
        style={{ stroke: CHART_COLORS.text }}
        strokeWidth={2}
      />
    );
    const flip = hover.px > width - 240;
    tooltip = (
      <div
        className="pl-chart-tooltip"
        role="status"
        style={{
          left: flip ? undefined : hover.px + 14,
          right: flip ? width - hover.px + 14 : undefined,
          top: Math.min(hover.py + 14, Math.max(0, height - 40)),
        }}
      >
        {describe(hover.index)}
      </div>
    );
  }

  return (
    <div className="pl-chart" style={{ width, height }}>
      <canvas
        ref={canvasRef}
        role="img"
        aria-label={ariaLabel}
        style={{ width, height, cursor: zoomed ? 'grab' : 'crosshair' }}
        onMouseMove={onMouseMove}
        onMouseLeave={onMouseLeave}
        onDoubleClick={resetZoom}
      />
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
        {labels}
        {highlight}
      </svg>
      {zoomed ? (
        <button
          type="button"
          className="pl-chart-button"
          style={{ right: HEATMAP_MARGIN.right + 4, top: 4 }}
          onClick={resetZoom}
        >
          Reset zoom
        </button>
      ) : null}
      {tooltip}
    </div>
  );
}
