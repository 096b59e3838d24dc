/**
 * Shared canvas view for heatmaps (WeightHeatmap, MaskDiffHeatmap): draws a pre-painted
 * 1-pixel-per-cell image scaled to fit the box, crisp (nearest neighbour) when enlarged; d3-zoom
 * wheel / pinch zoom and drag pan; double click or the "Reset zoom" button resets; hover reports
 * the cell and shows a tooltip; band labels (gates, tensors, filter and channel indices) are an SVG
 * overlay that follows the zoom and stays crisp. With the keyboard, the canvas takes focus and the
 * arrow keys (Home / End) move a cell cursor whose value is announced through a live region.
 */
import { useId, useMemo, type ReactElement } from 'react';
import type { HeatmapLayout } from './heatmapLayout.ts';
import { CHART_COLORS } from './colors.ts';
import { HEATMAP_MARGIN, fitHeatmap, type HeatmapCell } from './heatmapGeometry.ts';
import { HeatmapLabels, type CellToScreen } from './HeatmapLabels.tsx';
import { useHeatmapCanvas, type HeatmapImage } from './useHeatmapCanvas.ts';
import { useCellCursor, useHeatmapHover } from './useHeatmapPointer.ts';

export {
  HEATMAP_MARGIN,
  MAX_CELL_ASPECT,
  constrainAxis,
  fitHeatmap,
  heatmapIndexAtPoint,
  type HeatmapGeometry,
} from './heatmapGeometry.ts';

/** Props of the internal HeatmapView. */
export interface HeatmapViewProps {
  layout: HeatmapLayout;
  /** RGBA pixels, layout.width × layout.height, one per cell (or a painter of them). */
  image: HeatmapImage;
  width: number;
  height: number;
  ariaLabel: string;
  /** Tooltip text for a global index. */
  describe: (index: number) => string;
  /** What the live region reads for the keyboard cursor's cell (default: describe). */
  announce?: (index: number) => string;
  /** Called with the hovered global index, or −1 when the pointer leaves the image. */
  onCell?: (index: number) => void;
}

/** Outline of one cell at the current zoom. */
function CellOutline(props: {
  cell: HeatmapCell;
  s: CellToScreen;
  w: number;
  h: number;
  role: 'hover' | 'cursor';
}): ReactElement {
  const { cell, s, w, h } = props;
  const cursor = props.role === 'cursor';
  return (
    <rect
      data-role={props.role}
      x={s.sx(cell.x) - (cursor ? 2 : 1)}
      y={s.sy(cell.y) - (cursor ? 2 : 1)}
      width={Math.max(w, 1) + (cursor ? 4 : 2)}
      height={Math.max(h, 1) + (cursor ? 4 : 2)}
      fill="none"
      style={{ stroke: cursor ? CHART_COLORS.accent : CHART_COLORS.text }}
      strokeWidth={cursor ? 3 : 2}
    />
  );
}

/** Canvas heatmap with zoom, hover tooltip, keyboard cursor and label overlay. */
export function HeatmapView(props: HeatmapViewProps): ReactElement {
  const { layout, image, width, height, ariaLabel, describe, onCell } = props;
  const hintId = `hm${useId().replace(/:/g, '')}`;
  const geo = useMemo(() => fitHeatmap(layout, width, height), [layout, width, height]);
  const { canvasRef, transform, resetZoom } = useHeatmapCanvas(layout, image, geo, width, height);
  const k = transform.k;
  const s: CellToScreen = {
    sx: (cx) => (geo.ox + cx * geo.cellW) * k + transform.x,
    sy: (cy) => (geo.oy + cy * geo.cellH) * k + transform.y,
  };
  const zoomed = k !== 1 || transform.x !== 0 || transform.y !== 0;
  const { hover, onMouseMove, onMouseLeave } = useHeatmapHover(layout, geo, transform, onCell);
  const { cur, cursorIndex, onKeyDown, onFocus } = useCellCursor(layout, onCell);

  const flip = hover ? hover.px > width - 240 : false;
  const cw = geo.cellW * k;
  const ch = geo.cellH * k;
  return (
    <div className="pl-chart" style={{ width, height }}>
      <canvas
        ref={canvasRef}
        role="img"
        tabIndex={0}
        aria-label={ariaLabel}
        aria-describedby={`${hintId}`}
        className="pl-heatmap-canvas"
        style={{ width, height, cursor: zoomed ? 'grab' : 'crosshair' }}
        onMouseMove={onMouseMove}
        onMouseLeave={onMouseLeave}
        onDoubleClick={resetZoom}
        onKeyDown={onKeyDown}
        onFocus={onFocus}
        onBlur={() => onCell?.(-1)}
      />
      <HeatmapLabels layout={layout} geo={geo} s={s} width={width} height={height}>
        {hover ? (
          <CellOutline cell={layout.cellOf(hover.index)} s={s} w={cw} h={ch} role="hover" />
        ) : null}
        {cur ? <CellOutline cell={cur} s={s} w={cw} h={ch} role="cursor" /> : null}
      </HeatmapLabels>
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
      {hover ? (
        <div
          className="pl-chart-tooltip"
          style={{
            left: flip ? undefined : hover.px + 14,
            right: flip ? width - hover.px + 14 : undefined,
            top: Math.min(hover.py + 14, Math.max(0, height - 40)),
          }}
        >
          {describe(hover.index)}
        </div>
      ) : null}
      <span id={hintId} className="visually-hidden">
        Arrow keys move a cell cursor and read its weight; Home and End go to the ends of a row.
      </span>
      <div className="visually-hidden" aria-live="polite" data-role="cell-readout">
        {cursorIndex >= 0
          ? `${ariaLabel}, row ${cur!.y + 1}, column ${cur!.x + 1}: ${(props.announce ?? describe)(cursorIndex)}`
          : ''}
      </div>
    </div>
  );
}
