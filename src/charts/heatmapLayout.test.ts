import { describe, expect, it } from 'vitest';
import { heatmapLayout, maxAbsOf, paintHeatmap, paintMaskDiff } from './heatmapLayout.ts';
import { diffLUT, heatmapLUT, LUT_PRUNED, PRUNED_RGB, parseColor } from './colors.ts';

function pixel(rgba: Uint8ClampedArray, layout: { width: number }, x: number, y: number) {
  const p = (y * layout.width + x) * 4;
  return [rgba[p], rgba[p + 1], rgba[p + 2], rgba[p + 3]];
}

describe('heatmapLayout', () => {
  it('dense: one row per output neuron, one column per input', () => {
    const L = heatmapLayout([5, 3], 'dense');
    expect([L.width, L.height]).toEqual([5, 3]);
    // w[in=4, out=2] is flat 4*3+2 = 14 → column 4, row 2
    expect(L.cellOf(14)).toEqual({ x: 4, y: 2 });
    expect(L.indexAt(4, 2)).toBe(14);
    expect(L.indexAt(5, 0)).toBe(-1);
    expect(L.indexAt(-1, 0)).toBe(-1);
    expect(L.locate(14).multiIndex).toEqual([4, 2]);
    const T = heatmapLayout([5, 3], 'dense', { denseOutputs: 'columns' });
    expect([T.width, T.height]).toEqual([3, 5]);
    expect(T.cellOf(14)).toEqual({ x: 2, y: 4 });
  });

  it('dense: every cell is used exactly once (bijection)', () => {
    const L = heatmapLayout([7, 4], 'dense');
    const seen = new Set<number>();
    for (let i = 0; i < L.size; i++) {
      const { x, y } = L.cellOf(i);
      expect(L.indexAt(x, y)).toBe(i);
      seen.add(y * L.width + x);
    }
    expect(seen.size).toBe(28);
  });

  it('conv2d: tiles of kh×kw, tile column = filter, tile row = input channel', () => {
    const shape = [3, 2, 4, 5]; // kh=3, kw=2, in=4, out=5
    const L = heatmapLayout(shape, 'conv2d');
    expect([L.width, L.height]).toEqual([5 * 2, 4 * 3]);
    expect(L.tile).toEqual({ w: 2, h: 3 });
    // w[a=1, b=1, c=2, d=3] → x = 3*2+1 = 7, y = 2*3+1 = 7
    const flat = ((1 * 2 + 1) * 4 + 2) * 5 + 3;
    expect(L.cellOf(flat)).toEqual({ x: 7, y: 7 });
    expect(L.locate(L.indexAt(7, 7)).multiIndex).toEqual([1, 1, 2, 3]);
    // all weights of filter 3 land in columns 6..7, every row
    const cols = new Set<number>();
    const rows = new Set<number>();
    for (let i = 0; i < L.size; i++) {
      if (i % 5 !== 3) continue;
      const { x, y } = L.cellOf(i);
      cols.add(x);
      rows.add(y);
    }
    expect([...cols].sort()).toEqual([6, 7]);
    expect(rows.size).toBe(12);
    expect(L.bands.filter((b) => b.axis === 'x')).toHaveLength(5);
  });

  it('lstm: 4 gate bands and the recurrent kernel below the input kernel', () => {
    const H = 3;
    const L = heatmapLayout([2, 4 * H], 'lstm', { recurrentShape: [H, 4 * H] });
    expect([L.width, L.height]).toEqual([12, 5]);
    expect(L.size).toBe(2 * 12 + 3 * 12);
    const gates = L.bands.filter((b) => b.axis === 'x').map((b) => [b.label, b.start, b.end]);
    expect(gates).toEqual([
      ['i', 0, 3],
      ['f', 3, 6],
      ['c', 6, 9],
      ['o', 9, 12],
    ]);
    expect(L.bands.filter((b) => b.axis === 'y').map((b) => b.label)).toEqual([
      'input kernel',
      'recurrent kernel',
    ]);
    // recurrent u[1, 7] → global 24 + 1*12 + 7, cell (7, 2 + 1)
    const g = 24 + 12 + 7;
    expect(L.cellOf(g)).toEqual({ x: 7, y: 3 });
    expect(L.locate(g)).toMatchObject({
      tensor: 'recurrent',
      flatIndex: 19,
      multiIndex: [1, 7],
      gate: 'c',
      unit: 1,
    });
  });

  it('gru: 3 gates z, r, h; rejects a kernel that is not 3·H wide', () => {
    const L = heatmapLayout([4, 6], 'gru');
    expect(L.bands.filter((b) => b.axis === 'x').map((b) => b.label)).toEqual(['z', 'r', 'h']);
    expect(() => heatmapLayout([4, 7], 'gru')).toThrow();
    expect(() => heatmapLayout([4, 6], 'gru', { recurrentShape: [2, 8] })).toThrow();
  });
});

describe('paintHeatmap', () => {
  it('pruned cells get the neutral colour; kept ones the diverging scale', () => {
    const L = heatmapLayout([2, 2], 'dense');
    const w = new Float32Array([-1, 0, 1, 0.5]);
    const mask = new Uint8Array([1, 1, 1, 0]);
    const rgba = new Uint8ClampedArray(L.width * L.height * 4);
    const lut = heatmapLUT('light');
    paintHeatmap(rgba, w, mask, L, lut, { maxAbs: 1 });
    const grey = [...parseColor(PRUNED_RGB.light), 255];
    // flat 3 = w[in 1, out 1] → x 1, y 1
    expect(pixel(rgba, L, 1, 1)).toEqual(grey);
    // −1 → LUT entry 0 (blue end), +1 → entry 255 (red end)
    expect(pixel(rgba, L, 0, 0)).toEqual([...lut.table.slice(0, 4)]);
    expect(pixel(rgba, L, 1, 0)).toEqual([...lut.table.slice(255 * 4, 256 * 4)]);
    const [r, , b] = pixel(rgba, L, 0, 0);
    expect(b).toBeGreaterThan(r); // negative is blue
    // zero is near white and far from the pruned grey
    const zero = pixel(rgba, L, 0, 1);
    expect(Math.min(zero[0], zero[1], zero[2])).toBeGreaterThan(230);
  });

  it('dark theme: pruned grey is lighter than the near-zero colour and achromatic', () => {
    const lut = heatmapLUT('dark');
    const zero = [...lut.table.slice(127 * 4, 127 * 4 + 3)];
    const pruned = [...lut.table.slice(LUT_PRUNED * 4, LUT_PRUNED * 4 + 3)];
    const lum = (c: number[]) => 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    expect(lum(pruned) - lum(zero)).toBeGreaterThan(40);
    expect(pruned[0]).toBe(pruned[2]);
  });

  it('clamps values beyond maxAbs and paints each segment at its own cells', () => {
    const L = heatmapLayout([1, 4], 'lstm', { recurrentShape: [1, 4] });
    const rgba = new Uint8ClampedArray(L.width * L.height * 4);
    const lut = heatmapLUT('light');
    paintHeatmap(rgba, new Float32Array([5, 0, 0, 0]), undefined, L, lut, { maxAbs: 1 });
    paintHeatmap(rgba, new Float32Array([0, 0, 0, -5]), new Uint8Array([1, 1, 1, 1]), L, lut, {
      maxAbs: 1,
      segment: 1,
    });
    expect(pixel(rgba, L, 0, 0)).toEqual([...lut.table.slice(255 * 4, 256 * 4)]);
    expect(pixel(rgba, L, 3, 1)).toEqual([...lut.table.slice(0, 4)]);
    expect(() =>
      paintHeatmap(rgba, new Float32Array(3), undefined, L, lut, { maxAbs: 1 }),
    ).toThrow();
  });
});

describe('paintMaskDiff', () => {
  it('classifies cells into the four categories and counts them', () => {
    const L = heatmapLayout([2, 2], 'dense');
    const rgba = new Uint8ClampedArray(16);
    const lut = diffLUT('light');
    const a = new Uint8Array([1, 0, 0, 1]);
    const b = new Uint8Array([1, 0, 1, 0]);
    const counts = paintMaskDiff(rgba, a, b, L, lut);
    expect(counts).toEqual([1, 1, 1, 1]);
    const px32 = new Uint32Array(rgba.buffer);
    // flat 0 both kept (cell 0,0), 1 both pruned (cell 0,1), 2 only A pruned (1,0), 3 only B (1,1)
    expect(px32[L.pixelOf[0]]).toBe(lut[0]);
    expect(px32[L.pixelOf[1]]).toBe(lut[1]);
    expect(px32[L.pixelOf[2]]).toBe(lut[2]);
    expect(px32[L.pixelOf[3]]).toBe(lut[3]);
  });
});

describe('maxAbsOf', () => {
  it('takes the largest magnitude over all arrays', () => {
    expect(maxAbsOf(new Float32Array([0.1, -0.7]), undefined, new Float32Array([0.3]))).toBeCloseTo(
      0.7,
    );
  });
});
