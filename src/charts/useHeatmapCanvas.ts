/**
 * The canvas side of HeatmapView: an offscreen 1-px-per-cell image, its scaled drawing (clipped to
 * the plot, separators between tiles and groups) and d3-zoom on the visible canvas.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { select } from 'd3-selection';
import { zoom, zoomIdentity, type ZoomBehavior, type ZoomTransform } from 'd3-zoom';
import type { HeatmapLayout } from './heatmapLayout.ts';
import { constrainAxis, type HeatmapGeometry } from './heatmapGeometry.ts';

/** One pixel per cell, RGBA: the pixels, or a function that paints them into a given buffer. */
export type HeatmapImage = Uint8ClampedArray | ((rgba: Uint8ClampedArray) => void);

const backgrounds = new Map<string, string>();

/**
 * The chart background (--chart-bg) for the separators. Read once per theme and presenter mode
 * (attributes of <html>): reading a computed style after a render forces a style recalculation,
 * which on every slider step cost more than the drawing.
 */
function chartBackground(el: Element): string {
  const root = el.ownerDocument.documentElement;
  const key = `${root.getAttribute('data-theme')}|${root.className}`;
  let bg = backgrounds.get(key);
  if (bg === undefined) {
    bg = getComputedStyle(el).getPropertyValue('--chart-bg').trim() || '#ffffff';
    backgrounds.set(key, bg);
  }
  return bg;
}

/**
 * The 2-D context of a heatmap canvas, kept in main memory (`willReadFrequently`) rather than on
 * the GPU. A slider step rewrites the image and redraws the canvas; on a GPU-backed canvas each step
 * is a texture upload, a scaled draw and a composite in the GPU process, which on a machine without
 * a GPU (a software GL) costs that process about 20 ms of CPU per step and, at its higher priority,
 * delays the page's main thread. Drawn in memory, the same step costs the page less than the upload.
 */
function heatmapContext(canvas: HTMLCanvasElement): CanvasRenderingContext2D | null {
  return canvas.getContext('2d', { willReadFrequently: true });
}

/** Draws `off` (1 px per cell) into `canvas` at the zoom transform, with separators. */
function draw(
  canvas: HTMLCanvasElement,
  off: HTMLCanvasElement,
  layout: HeatmapLayout,
  geo: HeatmapGeometry,
  transform: ZoomTransform,
  size: { width: number; height: number },
): void {
  const { width, height } = size;
  const dpr = typeof window !== 'undefined' ? window.devicePixelRatio || 1 : 1;
  const bw = Math.round(width * dpr);
  const bh = Math.round(height * dpr);
  if (canvas.width !== bw || canvas.height !== bh) {
    canvas.width = bw;
    canvas.height = bh;
  }
  const ctx = heatmapContext(canvas);
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
  ctx.fillStyle = chartBackground(canvas);
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
}

/** d3-zoom for a heatmap: scale 1 to a 48 px cell, the image kept in view (constrainAxis). */
function zoomBehavior(
  layout: HeatmapLayout,
  geo: HeatmapGeometry,
  onZoom: (t: ZoomTransform) => void,
): ZoomBehavior<HTMLCanvasElement, unknown> {
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
    .on('zoom', (event: { transform: ZoomTransform }) => onZoom(event.transform));
  return behavior;
}

/** Offscreen image, drawing and zoom for a heatmap canvas; returns the ref to attach. */
export function useHeatmapCanvas(
  layout: HeatmapLayout,
  image: HeatmapImage,
  geo: HeatmapGeometry,
  width: number,
  height: number,
): {
  canvasRef: RefObject<HTMLCanvasElement | null>;
  transform: ZoomTransform;
  resetZoom: () => void;
} {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const offscreenRef = useRef<HTMLCanvasElement | null>(null);
  // The pixels, kept from step to step (a painter rewrites the same cells of the same layout).
  const pixelsRef = useRef<{ layout: HeatmapLayout; data: ImageData } | null>(null);
  const zoomRef = useRef<ZoomBehavior<HTMLCanvasElement, unknown> | null>(null);
  const [transform, setTransform] = useState<ZoomTransform>(zoomIdentity);

  // Offscreen 1-px-per-cell canvas holding the painted image. Painted and drawn in layout effects:
  // the heatmap is on the canvas before the rest of a slider step's effects run.
  useLayoutEffect(() => {
    if (typeof document === 'undefined') return;
    const off = offscreenRef.current ?? document.createElement('canvas');
    offscreenRef.current = off;
    if (off.width !== layout.width || off.height !== layout.height) {
      off.width = layout.width;
      off.height = layout.height;
    }
    const ctx = heatmapContext(off);
    if (!ctx || layout.width === 0 || layout.height === 0) return;
    if (pixelsRef.current?.layout !== layout)
      pixelsRef.current = { layout, data: ctx.createImageData(layout.width, layout.height) };
    const data = pixelsRef.current.data;
    if (typeof image === 'function') image(data.data);
    else data.data.set(image);
    ctx.putImageData(data, 0, 0);
  }, [image, layout]);

  // Draw: scaled image, clipped to the plot, separators between groups and tiles.
  useLayoutEffect(() => {
    const canvas = canvasRef.current;
    const off = offscreenRef.current;
    if (!canvas || !off) return;
    draw(canvas, off, layout, geo, transform, { width, height });
  }, [image, transform, geo, width, height, layout]);

  // d3-zoom on the canvas.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const behavior = zoomBehavior(layout, geo, setTransform);
    const sel = select(canvas);
    sel.call(behavior).on('dblclick.zoom', null);
    sel.call(behavior.transform, zoomIdentity);
    zoomRef.current = behavior;
    return () => {
      sel.on('.zoom', null);
    };
  }, [geo, layout]);

  const resetZoom = useCallback(() => {
    const canvas = canvasRef.current;
    if (canvas && zoomRef.current) select(canvas).call(zoomRef.current.transform, zoomIdentity);
    else setTransform(zoomIdentity);
  }, []);
  return { canvasRef, transform, resetZoom };
}
