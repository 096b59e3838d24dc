import { describe, expect, it } from 'vitest';
import {
  hoverRows,
  hoverXAt,
  lineLayout,
  log2Ticks,
  nearestIndex,
  LINE_MARGIN,
} from './lineLayout.ts';
import { layoutLegend, legendEntryWidth, placeMarker, placeTooltip } from './chartPieces.ts';

const a = { id: 'a', label: 'magnitude', points: [0.4, 0, 0.8, 0.2].map((x) => ({ x, y: 1 - x })) };
const b = {
  id: 'b',
  label: 'random',
  points: [
    { x: 0.1, y: 0.5 },
    { x: NaN, y: 1 },
    { x: 0.9, y: 0.2 },
  ],
};

describe('lineLayout', () => {
  it('maps larger x to the right and larger y upwards, inside the plot box', () => {
    const l = lineLayout({ series: [a], width: 600, height: 300 });
    expect(l.x0).toBe(LINE_MARGIN.left);
    expect(l.x1).toBe(600 - LINE_MARGIN.right);
    expect(l.y1).toBe(300 - LINE_MARGIN.bottom);
    const px = l.series[0].px;
    for (let i = 1; i < px.length; i++) {
      expect(px[i].x).toBeGreaterThan(px[i - 1].x);
      expect(px[i].y).toBeGreaterThan(px[i - 1].y); // y falls as x grows: lower on screen
    }
    for (const q of px) {
      expect(q.x).toBeGreaterThanOrEqual(l.x0);
      expect(q.x).toBeLessThanOrEqual(l.x1);
      expect(q.y).toBeGreaterThanOrEqual(l.y0);
      expect(q.y).toBeLessThanOrEqual(l.y1);
    }
    expect(l.series[0].d.match(/[ML]/g)).toHaveLength(4);
  });

  it('sorts points by x and drops non-finite ones and x <= 0 on a log axis', () => {
    const l = lineLayout({ series: [a, b], width: 600, height: 300 });
    expect(l.series[0].valid.map((p) => p.x)).toEqual([0, 0.2, 0.4, 0.8]);
    expect(l.series[1].valid).toHaveLength(2);
    const log = lineLayout({ series: [a], width: 600, height: 300, xScale: 'log2' });
    expect(log.series[0].valid.map((p) => p.x)).toEqual([0.2, 0.4, 0.8]);
  });

  it('keeps the marker and reference line inside the y domain', () => {
    const l = lineLayout({
      series: [a],
      width: 600,
      height: 300,
      referenceY: { value: 1.5, label: 'unpruned' },
      marker: { x: 0.5, y: -0.5, label: 'you' },
    });
    expect(l.ys(1.5)).toBeGreaterThanOrEqual(l.y0);
    expect(l.ys(-0.5)).toBeLessThanOrEqual(l.y1);
    // The marker's x does not become a hover stop.
    expect(l.xValues).toEqual([0, 0.2, 0.4, 0.8]);
  });

  it('makes room for a title and a wrapped legend above the plot', () => {
    const one = lineLayout({ series: [a], width: 600, height: 300 });
    const two = lineLayout({ series: [a, b], width: 600, height: 300, title: 'T' });
    expect(one.legend).toEqual([]);
    expect(two.legend.map((e) => e.id)).toEqual(['a', 'b']);
    expect(two.y0).toBeGreaterThan(one.y0);
    const narrow = lineLayout({ series: [a, b], width: 220, height: 300 });
    expect(narrow.legend[1].row).toBe(1);
  });

  it('uses the given formats and powers of two on a log axis', () => {
    const l = lineLayout({ series: [a], width: 600, height: 300, xFormat: '.0%' });
    expect(l.xTicks.map((t) => t.label)).toContain('40%');
    const log = lineLayout({
      series: [{ id: 'e', label: 'e', points: [1, 2, 4, 8, 16].map((x) => ({ x, y: x })) }],
      width: 600,
      height: 300,
      xScale: 'log2',
    });
    expect(log.xTicks.map((t) => t.label)).toEqual(['1', '2', '4', '8', '16']);
  });

  it('widens an empty or single-valued domain instead of dividing by zero', () => {
    const l = lineLayout({
      series: [{ id: 'c', label: 'c', points: [{ x: 3, y: 3 }] }],
      width: 400,
      height: 200,
    });
    expect(Number.isFinite(l.series[0].px[0].x)).toBe(true);
    expect(Number.isFinite(l.series[0].px[0].y)).toBe(true);
    const empty = lineLayout({ series: [], width: 400, height: 200 });
    expect(empty.xTicks.length).toBeGreaterThan(1);
  });
});

describe('hover', () => {
  it('finds the nearest x in pixels and each series value there', () => {
    const l = lineLayout({ series: [a, b], width: 600, height: 300 });
    expect(hoverXAt(l, l.xs(0.38))).toBe(0.4);
    expect(hoverXAt(l, -100)).toBe(0);
    const rows = hoverRows(l, 0.8);
    expect(rows.map((r) => [r.series.id, r.point.x])).toEqual([
      ['a', 0.8],
      ['b', 0.9],
    ]);
    expect(hoverXAt(lineLayout({ series: [], width: 400, height: 200 }), 10)).toBeNull();
  });

  it('nearestIndex picks the closest value, -1 when empty', () => {
    expect(nearestIndex([0, 10, 20], 14)).toBe(1);
    expect(nearestIndex([0, 10, 20], 16)).toBe(2);
    expect(nearestIndex([], 1)).toBe(-1);
  });

  it('log2Ticks thins powers of two to at most max', () => {
    expect(log2Ticks(1, 1024, 20)).toHaveLength(11);
    expect(log2Ticks(1, 1024, 4).length).toBeLessThanOrEqual(4);
  });
});

describe('chart pieces', () => {
  it('wraps legend entries to a new row past the right edge', () => {
    const e = (id: string) => ({ id, label: 'a long label', color: '#000', kind: 'line' as const });
    const xMax = 10 + 2 * legendEntryWidth('a long label') + 1;
    const { entries, rows } = layoutLegend([e('1'), e('2'), e('3')], 10, xMax);
    expect(rows).toBe(2);
    expect(entries.map((x) => x.row)).toEqual([0, 0, 1]);
    expect(entries[2].x).toBe(10);
  });

  it('flips the marker label and tooltip to the left near the right edge', () => {
    const box = { x1: 500, y0: 20, y1: 300 };
    expect(placeMarker(100, 150, 'you are here', box).right).toBe(true);
    const flipped = placeMarker(490, 150, 'you are here', box);
    expect(flipped.right).toBe(false);
    expect(flipped.lx + flipped.lw).toBeLessThanOrEqual(490);
    expect(placeMarker(100, 10, 'x', box).ly).toBe(20);
    const t = placeTooltip(['a', 'bb'], 480, 30, 500);
    expect(t.x + t.width).toBeLessThanOrEqual(480);
    expect(t.height).toBe(52);
  });
});
