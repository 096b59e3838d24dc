// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render } from '@testing-library/react';
import {
  WeightHeatmap,
  describeWeight,
  type HeatmapHoverInfo,
  type WeightHeatmapProps,
} from './WeightHeatmap.tsx';
import { HeatmapLegend } from './HeatmapLegend.tsx';
import { constrainAxis, fitHeatmap, heatmapIndexAtPoint } from './HeatmapView.tsx';
import { heatmapLayout } from './heatmapLayout.ts';
import { PRUNED_RGB } from './colors.ts';

/** A recording stand-in for CanvasRenderingContext2D (jsdom has no canvas). */
function fakeContext() {
  const calls: { drawImage: unknown[][]; putImageData: ImageData[]; smoothing: boolean[] } = {
    drawImage: [],
    putImageData: [],
    smoothing: [],
  };
  const ctx = {
    setTransform: vi.fn(),
    clearRect: vi.fn(),
    save: vi.fn(),
    restore: vi.fn(),
    beginPath: vi.fn(),
    rect: vi.fn(),
    clip: vi.fn(),
    fillRect: vi.fn(),
    fillStyle: '',
    set imageSmoothingEnabled(v: boolean) {
      calls.smoothing.push(v);
    },
    drawImage: (...args: unknown[]) => calls.drawImage.push(args),
    createImageData: (w: number, h: number) => ({
      width: w,
      height: h,
      data: new Uint8ClampedArray(w * h * 4),
    }),
    putImageData: (d: ImageData) => calls.putImageData.push(d),
  };
  return { ctx, calls };
}

let fake: ReturnType<typeof fakeContext>;
beforeEach(() => {
  fake = fakeContext();
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(() => fake.ctx as never);
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const W = 600;
const H = 400;

/** A weight heatmap W x H in the light theme, with `props` on top. */
const renderMap = (
  props: Pick<WeightHeatmapProps, 'weights' | 'shape' | 'layout' | 'ariaLabel'> &
    Partial<WeightHeatmapProps>,
) => render(<WeightHeatmap theme="light" width={W} height={H} {...props} />);

describe('WeightHeatmap', () => {
  it('paints one pixel per weight with pruned cells grey and upscales without smoothing', () => {
    const shape = [3, 3, 2, 4]; // 72 weights
    const w = new Float32Array(72).map((_, i) => (i % 7) / 7 - 0.5);
    const mask = new Uint8Array(72).fill(1);
    for (let i = 0; i < 72; i++) if (i % 4 === 2) mask[i] = 0; // filter 2 pruned
    renderMap({
      weights: w,
      mask,
      shape,
      layout: 'conv2d',
      theme: 'dark',
      ariaLabel: 'conv2 kernel',
    });
    const img = fake.calls.putImageData.at(-1)!;
    expect([img.width, img.height]).toEqual([12, 6]);
    const L = heatmapLayout(shape, 'conv2d');
    const grey = parseInt(PRUNED_RGB.dark.slice(1, 3), 16);
    for (let i = 0; i < 72; i++) {
      const p = L.pixelOf[i] * 4;
      const isGrey = img.data[p] === grey && img.data[p + 1] === grey && img.data[p + 2] === grey;
      expect(isGrey).toBe(i % 4 === 2);
    }
    // filter 2 = cell columns 6..8, all grey
    for (let y = 0; y < 6; y++)
      for (let x = 6; x < 9; x++) expect(img.data[(y * 12 + x) * 4]).toBe(grey);
    expect(fake.calls.smoothing.at(-1)).toBe(false);
    const [, , , dw, dh] = fake.calls.drawImage.at(-1)! as number[];
    expect(dw / 12).toBeCloseTo(dh / 6, 6); // square cells
  });

  it('draws in main memory: both canvases (the cell image and the view) ask for willReadFrequently', () => {
    renderMap({
      weights: new Float32Array(72).fill(0.1),
      mask: new Uint8Array(72).fill(1),
      shape: [3, 3, 2, 4],
      layout: 'conv2d',
      ariaLabel: 'conv2 kernel',
    });
    const spy = vi.mocked(HTMLCanvasElement.prototype.getContext);
    const canvases = new Set(spy.mock.contexts);
    expect(canvases.size).toBe(2);
    expect(spy.mock.calls.length).toBeGreaterThan(0);
    for (const args of spy.mock.calls) expect(args).toEqual(['2d', { willReadFrequently: true }]);
  });

  it('hover at a position reports the weight under it and shows the tooltip', () => {
    const shape = [4, 3]; // dense: 4 inputs (columns), 3 outputs (rows)
    const w = new Float32Array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, -0.0123, 1.0, 1.1, 1.2]);
    const mask = new Uint8Array(12).fill(1);
    mask[8] = 0;
    const onHover = vi.fn<(i: HeatmapHoverInfo | null) => void>();
    const { getByRole, container } = renderMap({
      weights: w,
      mask,
      shape,
      layout: 'dense',
      ariaLabel: 'fc',
      onHover,
    });
    const L = heatmapLayout(shape, 'dense');
    const g = fitHeatmap(L, W, H);
    // centre of cell (x = input 2, y = output 2) → flat index 2*3 + 2 = 8
    const px = g.ox + 2.5 * g.cellW;
    const py = g.oy + 2.5 * g.cellH;
    const canvas = getByRole('img', { name: 'fc' });
    fireEvent.mouseMove(canvas, { clientX: px, clientY: py });
    expect(onHover).toHaveBeenLastCalledWith({
      index: 8,
      tensor: 'kernel',
      multiIndex: [2, 2],
      value: expect.closeTo(-0.0123, 6),
      pruned: true,
    });
    expect(container.querySelector('.pl-chart-tooltip')!.textContent).toBe(
      'w[2,2] = \u22120.0123 · pruned',
    );
    fireEvent.mouseMove(canvas, { clientX: g.ox + 0.5 * g.cellW, clientY: g.oy + 1.5 * g.cellH });
    expect(onHover.mock.lastCall![0]).toMatchObject({
      index: 1,
      multiIndex: [0, 1],
      pruned: false,
    });
    fireEvent.mouseMove(canvas, { clientX: 2, clientY: 2 }); // margin
    expect(onHover).toHaveBeenLastCalledWith(null);
    expect(container.querySelector('.pl-chart-tooltip')).toBeNull();
  });

  it('LSTM: labels the gates and both kernels; hover in the recurrent kernel names gate and unit', () => {
    const H2 = 4;
    const k = new Float32Array(3 * 16).fill(0.1);
    const r = new Float32Array(H2 * 16).fill(-0.2);
    const onHover = vi.fn<(i: HeatmapHoverInfo | null) => void>();
    const { container, getByRole } = renderMap({
      weights: k,
      shape: [3, 16],
      layout: 'lstm',
      recurrent: { weights: r, shape: [H2, 16] },
      width: 900,
      ariaLabel: 'lstm',
      onHover,
    });
    const text = container.querySelector('svg')!.textContent!;
    for (const s of [
      'input gate',
      'forget gate',
      'cell candidate',
      'output gate',
      'input kernel',
      'recurrent kernel',
    ])
      expect(text).toContain(s);
    const L = heatmapLayout([3, 16], 'lstm', { recurrentShape: [H2, 16] });
    const g = fitHeatmap(L, 900, H);
    // recurrent row 1 is cell row 3 + 1 = 4; gates are 4 columns wide, so column 9 is gate c, unit 1
    fireEvent.mouseMove(getByRole('img', { name: 'lstm' }), {
      clientX: g.ox + 9.5 * g.cellW,
      clientY: g.oy + 4.5 * g.cellH,
    });
    const info = onHover.mock.lastCall![0]!;
    expect(info).toMatchObject({
      tensor: 'recurrent',
      multiIndex: [1, 9],
      gate: 'c',
      unit: 1,
      index: 25,
    });
    expect(info.value).toBeCloseTo(-0.2, 6);
    expect(describeWeight(info)).toBe('u[1,9] (gate c, unit 1) = \u22120.2');
  });

  it('wheel zooms in (cells get bigger), then double click resets', async () => {
    const w = new Float32Array(784 * 30).map((_, i) => Math.sin(i));
    const { getByRole, queryByRole } = renderMap({
      weights: w,
      shape: [784, 30],
      layout: 'dense',
      ariaLabel: 'fc1',
    });
    const before = (fake.calls.drawImage.at(-1)! as number[])[3];
    expect(queryByRole('button', { name: /reset zoom/i })).toBeNull();
    const canvas = getByRole('img', { name: 'fc1' });
    await act(async () => {
      canvas.dispatchEvent(
        new WheelEvent('wheel', {
          deltaY: -500,
          clientX: 300,
          clientY: 100,
          bubbles: true,
          cancelable: true,
        }),
      );
      await new Promise((r) => setTimeout(r, 200));
    });
    const after = (fake.calls.drawImage.at(-1)! as number[])[3];
    expect(after).toBeGreaterThan(before * 1.5);
    expect(getByRole('button', { name: /reset zoom/i })).toBeTruthy();
    fireEvent.doubleClick(canvas);
    expect((fake.calls.drawImage.at(-1)! as number[])[3]).toBeCloseTo(before, 6);
    expect(queryByRole('button', { name: /reset zoom/i })).toBeNull();
  });
});

describe('heatmapIndexAtPoint', () => {
  it('inverts the zoom transform', () => {
    const L = heatmapLayout([10, 10], 'dense');
    const g = fitHeatmap(L, 400, 400);
    const t = { k: 2, x: -g.ox, y: -g.oy }; // zoomed ×2
    // screen point maps back to base (px − t.x) / k
    const px = (g.ox + 3.5 * g.cellW) * 2 + t.x;
    const py = (g.oy + 2.5 * g.cellH) * 2 + t.y;
    expect(heatmapIndexAtPoint(L, g, t, px, py)).toBe(L.indexAt(3, 2));
    expect(heatmapIndexAtPoint(L, g, { k: 1, x: 0, y: 0 }, px, py)).toBe(L.indexAt(7, 5));
  });
});

describe('HeatmapLegend', () => {
  it('shows −max, 0, +max and a pruned swatch in the theme grey', () => {
    const { container, getByRole } = render(
      <HeatmapLegend maxAbs={0.25} theme="light" width={400} />,
    );
    expect(getByRole('img').getAttribute('aria-label')).toContain('grey = pruned');
    const texts = [...container.querySelectorAll('text')].map((t) => t.textContent);
    expect(texts).toEqual(['\u22120.25', '0', '0.25', 'pruned']);
    expect(container.querySelector('[data-legend="pruned"] rect')!.getAttribute('fill')).toBe(
      PRUNED_RGB.light,
    );
    expect(container.querySelectorAll('stop').length).toBeGreaterThan(8);
  });
});

describe('fitHeatmap and constrainAxis', () => {
  it('keeps cells square when the layer fits the box, stretches up to 3:1 when it does not', () => {
    const square = fitHeatmap(heatmapLayout([3, 3, 2, 4], 'conv2d'), 600, 400);
    expect(square.cellW).toBeCloseTo(square.cellH, 9);
    const wide = fitHeatmap(heatmapLayout([784, 64], 'dense'), 640, 300);
    expect(wide.cellW * 784).toBeCloseTo(wide.plot.x1 - wide.plot.x0, 6); // fills the width
    expect(wide.cellH / wide.cellW).toBeGreaterThan(1.5);
    expect(wide.cellH / wide.cellW).toBeLessThanOrEqual(3);
    const huge = fitHeatmap(heatmapLayout([4000, 8], 'dense'), 600, 600);
    expect(huge.cellH / huge.cellW).toBeCloseTo(3, 9);
  });

  it('centres an image smaller than the view and keeps a larger one covering it', () => {
    // view 0..100, image 20..60 in base coordinates
    expect(constrainAxis(999, 1, 0, 100, 20, 60)).toBe(10); // centred: 50 − 40
    // zoomed ×5 the image is 200 px: translation stays within [100 − 300, 0 − 100]
    expect(constrainAxis(0, 5, 0, 100, 20, 60)).toBe(-100);
    expect(constrainAxis(-500, 5, 0, 100, 20, 60)).toBe(-200);
    expect(constrainAxis(-150, 5, 0, 100, 20, 60)).toBe(-150);
  });

  it('reads cells with the keyboard: focus puts a cursor on the first weight, arrows move it', () => {
    const w = new Float32Array([0.5, -0.25, 0.125, -1, 0.75, 0.0625]); // dense [2, 3]
    const mask = new Uint8Array([1, 0, 1, 1, 1, 1]);
    const seen: (HeatmapHoverInfo | null)[] = [];
    const { container, getByRole } = renderMap({
      weights: w,
      mask,
      shape: [2, 3],
      layout: 'dense',
      ariaLabel: 'fc2 kernel',
      onHover: (i) => seen.push(i),
    });
    const canvas = getByRole('img', { name: 'fc2 kernel' });
    const live = container.querySelector('[aria-live="polite"]')!;
    expect(canvas.getAttribute('tabindex')).toBe('0');
    expect(live.textContent).toBe('');
    act(() => canvas.focus());
    expect(container.querySelector('[data-role="cursor"]')).not.toBeNull();
    const first = seen.at(-1)!;
    expect(live.textContent).toContain('fc2 kernel, row 1, column 1');
    expect(live.textContent).toContain(first.pruned ? 'pruned' : 'kept');
    const readout = () => live.textContent;
    const before = readout();
    fireEvent.keyDown(canvas, { key: 'ArrowRight' });
    expect(readout()).toContain('row 1, column 2');
    expect(readout()).not.toBe(before);
    // Every announced value is the weight the hover info reports for that cell.
    const info = seen.at(-1)!;
    expect(readout()).toContain(`= ${describeWeight(info).split(' = ')[1].split(' ·')[0]}`);
    expect(readout()).toContain(info.pruned ? ', pruned' : ', kept');
    // Outputs are rows: three rows of two inputs.
    fireEvent.keyDown(canvas, { key: 'ArrowDown' });
    expect(readout()).toContain('row 2, column 2');
    fireEvent.keyDown(canvas, { key: 'ArrowDown' });
    fireEvent.keyDown(canvas, { key: 'ArrowDown' }); // edge: stays
    expect(readout()).toContain('row 3, column 2');
    fireEvent.keyDown(canvas, { key: 'ArrowRight' });
    expect(readout()).toContain('row 3, column 2');
    // The pruned weight (w[0,1] = -0.25) is announced as pruned wherever the layout puts it.
    const all = new Set<string>();
    for (const key of ['ArrowUp', 'ArrowUp', 'Home', 'ArrowDown', 'ArrowDown', 'End', 'ArrowUp']) {
      fireEvent.keyDown(canvas, { key });
      all.add(readout()!);
    }
    expect([...all].some((t) => t.includes('-0.25, pruned') || t.includes('−0.25, pruned'))).toBe(
      true,
    );
  });
});
