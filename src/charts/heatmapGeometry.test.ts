import { describe, expect, it } from 'vitest';
import { firstCell, moveCursor, type CursorGrid } from './heatmapGeometry.ts';
import { heatmapLayout } from './heatmapLayout.ts';

/** A 5 × 3 grid whose column 2 holds no weight (a gap between two tiles). */
const gapped: CursorGrid = {
  width: 5,
  height: 3,
  indexAt: (x, y) =>
    x < 0 || y < 0 || x >= 5 || y >= 3 || x === 2 ? -1 : y * 4 + (x > 2 ? x - 1 : x),
};

describe('keyboard cell cursor', () => {
  it('steps one cell per arrow key', () => {
    expect(moveCursor(gapped, { x: 0, y: 0 }, 'ArrowRight')).toEqual({ x: 1, y: 0 });
    expect(moveCursor(gapped, { x: 1, y: 1 }, 'ArrowDown')).toEqual({ x: 1, y: 2 });
    expect(moveCursor(gapped, { x: 1, y: 1 }, 'ArrowUp')).toEqual({ x: 1, y: 0 });
    expect(moveCursor(gapped, { x: 1, y: 1 }, 'ArrowLeft')).toEqual({ x: 0, y: 1 });
  });

  it('skips cells that hold no weight', () => {
    expect(moveCursor(gapped, { x: 1, y: 0 }, 'ArrowRight')).toEqual({ x: 3, y: 0 });
    expect(moveCursor(gapped, { x: 3, y: 2 }, 'ArrowLeft')).toEqual({ x: 1, y: 2 });
  });

  it('stays put at the edges', () => {
    expect(moveCursor(gapped, { x: 4, y: 0 }, 'ArrowRight')).toEqual({ x: 4, y: 0 });
    expect(moveCursor(gapped, { x: 0, y: 0 }, 'ArrowUp')).toEqual({ x: 0, y: 0 });
    expect(moveCursor(gapped, { x: 0, y: 2 }, 'ArrowDown')).toEqual({ x: 0, y: 2 });
  });

  it('Home and End go to the first and last weight of the row; other keys are not its own', () => {
    expect(moveCursor(gapped, { x: 3, y: 1 }, 'Home')).toEqual({ x: 0, y: 1 });
    expect(moveCursor(gapped, { x: 0, y: 1 }, 'End')).toEqual({ x: 4, y: 1 });
    expect(moveCursor(gapped, { x: 0, y: 1 }, 'Tab')).toBeNull();
    expect(moveCursor(gapped, { x: 0, y: 1 }, 'a')).toBeNull();
  });

  it('starts at the first cell that holds a weight, or nowhere in an empty grid', () => {
    const shifted: CursorGrid = { ...gapped, indexAt: (x, y) => (y === 0 || x < 2 ? -1 : 1) };
    expect(firstCell(gapped)).toEqual({ x: 0, y: 0 });
    expect(firstCell(shifted)).toEqual({ x: 2, y: 1 });
    expect(firstCell({ width: 0, height: 0, indexAt: () => -1 })).toBeNull();
  });

  it('walks every weight of a real conv layout exactly once, row by row', () => {
    const layout = heatmapLayout([3, 3, 2, 4], 'conv2d');
    const seen = new Set<number>();
    let row = firstCell(layout);
    while (row) {
      let cell = row;
      for (;;) {
        seen.add(layout.indexAt(cell.x, cell.y));
        const next = moveCursor(layout, cell, 'ArrowRight')!;
        if (next.x === cell.x) break;
        cell = next;
      }
      const down = moveCursor(layout, row, 'ArrowDown')!;
      row = down.y === row.y ? null : moveCursor(layout, down, 'Home');
    }
    expect(seen.size).toBe(layout.size);
  });
});
