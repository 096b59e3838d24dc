/** Hover and keyboard-cursor state of HeatmapView. */
import { useState, type KeyboardEvent, type MouseEvent } from 'react';
import type { HeatmapLayout } from './heatmapLayout.ts';
import {
  firstCell,
  heatmapIndexAtPoint,
  moveCursor,
  type HeatmapCell,
  type HeatmapGeometry,
} from './heatmapGeometry.ts';

/**
 * Pointer hover for HeatmapView: the cell under the pointer (global index and CSS px), reported
 * through `onCell` when it changes (−1 when the pointer leaves the image).
 */
export function useHeatmapHover(
  layout: HeatmapLayout,
  geo: HeatmapGeometry,
  transform: { x: number; y: number; k: number },
  onCell: ((index: number) => void) | undefined,
) {
  const [hover, setHover] = useState<{ index: number; px: number; py: number } | null>(null);
  const onMouseMove = (e: MouseEvent<HTMLCanvasElement>) => {
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
  return { hover, onMouseMove, onMouseLeave };
}

/**
 * The keyboard cell cursor for HeatmapView: focus puts it on the first weight, arrow keys and
 * Home / End move it (moveCursor), each move reported through `onCell`.
 */
export function useCellCursor(
  layout: HeatmapLayout,
  onCell: ((index: number) => void) | undefined,
) {
  const [cursor, setCursor] = useState<HeatmapCell | null>(null);
  // A cursor left over from a larger layout falls back to the first cell.
  const cur = cursor && layout.indexAt(cursor.x, cursor.y) >= 0 ? cursor : null;
  const cursorIndex = cur ? layout.indexAt(cur.x, cur.y) : -1;
  const place = (cell: HeatmapCell | null) => {
    setCursor(cell);
    if (cell) onCell?.(layout.indexAt(cell.x, cell.y));
  };
  const onKeyDown = (e: KeyboardEvent<HTMLCanvasElement>) => {
    const next = moveCursor(layout, cur ?? firstCell(layout) ?? { x: 0, y: 0 }, e.key);
    if (!next) return;
    e.preventDefault();
    place(cur ? next : firstCell(layout));
  };

  const onFocus = () => (cur ? undefined : place(firstCell(layout)));
  return { cur, cursorIndex, onKeyDown, onFocus };
}
