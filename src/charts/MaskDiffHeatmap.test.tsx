// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render } from '@testing-library/react';
import { MaskDiffHeatmap, type MaskDiffHoverInfo } from './MaskDiffHeatmap.tsx';
import { fitHeatmap } from './HeatmapView.tsx';
import { heatmapLayout } from './heatmapLayout.ts';

beforeEach(() => {
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(() => null);
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('MaskDiffHeatmap', () => {
  it('counts the four categories in the legend and reports the category on hover', () => {
    // dense [2 in, 3 out]
    const a = new Uint8Array([1, 0, 0, 1, 1, 0]);
    const b = new Uint8Array([1, 0, 1, 0, 1, 1]);
    const onHover = vi.fn<(i: MaskDiffHoverInfo | null) => void>();
    const { container, getByRole } = render(
      <MaskDiffHeatmap
        maskA={a}
        maskB={b}
        labelA="magnitude"
        labelB="SNIP"
        shape={[2, 3]}
        layout="dense"
        theme="light"
        width={500}
        height={300}
        ariaLabel="diff"
        onHover={onHover}
      />,
    );
    const count = (cat: string) => container.querySelector(`[data-category="${cat}"]`)!.textContent;
    expect(count('bothKept')).toBe('kept by both 2');
    expect(count('bothPruned')).toBe('pruned by both 1');
    expect(count('onlyA')).toBe('pruned only by magnitude 2');
    expect(count('onlyB')).toBe('pruned only by SNIP 1');
    const L = heatmapLayout([2, 3], 'dense');
    const g = fitHeatmap(L, 500, 300 - 36);
    // flat 2 = w[0, 2] → column 0, row 2: pruned by A only
    fireEvent.mouseMove(getByRole('img', { name: 'diff' }), {
      clientX: g.ox + 0.5 * g.cellW,
      clientY: g.oy + 2.5 * g.cellH,
    });
    expect(onHover).toHaveBeenLastCalledWith({
      index: 2,
      tensor: 'kernel',
      multiIndex: [0, 2],
      category: 'onlyA',
    });
    expect(container.querySelector('.pl-chart-tooltip')!.textContent).toBe(
      'w[0,2] · pruned only by magnitude',
    );
  });
});
