// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render } from '@testing-library/react';
import { WeightHistogram } from './WeightHistogram.tsx';

afterEach(cleanup);

describe('WeightHistogram', () => {
  it('stacks pruned weights only in the bins inside ±threshold and labels the threshold', () => {
    const n = 2000;
    const w = new Float32Array(n).map((_, i) => -1 + (2 * i) / (n - 1));
    const t = 0.25;
    const mask = new Uint8Array(n).map((_, i) => (Math.abs(w[i]) < t ? 0 : 1));
    const { container, getByRole } = render(
      <WeightHistogram
        weights={w}
        mask={mask}
        thresholds={[t]}
        bins={20}
        width={600}
        height={300}
        ariaLabel="conv2 weights"
      />,
    );
    expect(getByRole('img', { name: 'conv2 weights' })).toBeTruthy();
    const pruned = [...container.querySelectorAll('rect[data-part="pruned"]')].map((r) =>
      Number(r.getAttribute('data-bin')),
    );
    // bins are 0.1 wide from −1: |w| < 0.25 covers bins 7..12 (partly 7 and 12)
    expect(pruned.sort((a, b) => a - b)).toEqual([7, 8, 9, 10, 11, 12]);
    const kept = container.querySelectorAll('rect[data-part="kept"]');
    expect(kept.length).toBe(20 - 4); // bins 8..11 are fully pruned
    expect(container.querySelectorAll('[data-threshold] line')).toHaveLength(2);
    expect(container.textContent).toContain('|w| < 0.25 pruned');
  });

  it('bar heights are proportional to counts (linear) and log scale keeps single counts visible', () => {
    const w = new Float32Array([0.9, 0.9, 0.9, 0.9, -0.9]);
    const { container, rerender } = render(
      <WeightHistogram weights={w} bins={2} width={400} height={300} ariaLabel="h" />,
    );
    const heights = () =>
      [...container.querySelectorAll('rect[data-part="kept"]')].map((r) =>
        Number(r.getAttribute('height')),
      );
    const [neg, pos] = heights();
    expect(pos / neg).toBeCloseTo(4, 5);
    rerender(<WeightHistogram weights={w} bins={2} width={400} height={300} logY ariaLabel="h" />);
    const [negLog, posLog] = heights();
    expect(negLog).toBeGreaterThan(0);
    // log bars rise from a 0.7 baseline: height ∝ ln(count / 0.7)
    expect(posLog / negLog).toBeCloseTo(Math.log(4 / 0.7) / Math.log(1 / 0.7), 5);
  });

  it('shows the legend totals and, on hover, the kept and pruned counts of the bin under the pointer', () => {
    const n = 1000;
    const w = new Float32Array(n).map((_, i) => -1 + (2 * i) / (n - 1));
    const mask = new Uint8Array(n).map((_, i) => (Math.abs(w[i]) < 0.5 ? 0 : 1));
    const { container } = render(
      <WeightHistogram weights={w} mask={mask} bins={10} width={600} height={300} ariaLabel="h" />,
    );
    const legend = [...container.querySelectorAll('[data-legend]')].map((g) => g.textContent);
    expect(legend).toEqual(['kept 500', 'pruned 500 (50%)']);
    expect(container.querySelector('[data-role="tooltip"]')).toBeNull();
    const target = container.querySelector('[data-role="hover-target"]')!;
    // jsdom lays nothing out: the svg sits at 0, so clientX is the plot x. Bin 4 of 10 is -0.2..0.
    const x0 = Number(target.getAttribute('x'));
    const w10 = Number(target.getAttribute('width')) / 10;
    fireEvent.mouseMove(target, { clientX: x0 + 4.5 * w10 });
    const tip = container.querySelector('[data-role="tooltip"]')!.textContent;
    expect(tip).toContain('kept 0');
    expect(tip).toContain('pruned 100');
    fireEvent.mouseMove(target, { clientX: x0 + 0.5 * w10 });
    expect(container.querySelector('[data-role="tooltip"]')!.textContent).toContain('kept 100');
  });

  it('keeps the legend and the threshold labels above the tallest bar, wrapped or not', () => {
    // Pruned weights pile up at 0 (the tallest bin sits right under the threshold labels).
    const w = new Float32Array(3000).map((_, i) => (i < 2000 ? 0 : -1 + (2 * i - 4000) / 999));
    const mask = new Uint8Array(3000).map((_, i) => (i < 2000 ? 0 : 1));
    for (const width of [600, 300]) {
      const { container, unmount } = render(
        <WeightHistogram
          weights={w}
          mask={mask}
          thresholds={[0.05, 0.2]}
          bins={20}
          width={width}
          height={300}
          ariaLabel="h"
        />,
      );
      const rows = new Set(
        [...container.querySelectorAll('[data-legend]')].map((g) => g.getAttribute('transform')!),
      );
      const legendBottom = Math.max(
        ...[...rows].map((t) => Number(/,([\d.]+)\)/.exec(t)![1]) + 10),
      );
      const labels = [...container.querySelectorAll('[data-threshold] text')].map((t) =>
        Number(t.getAttribute('y')),
      );
      const barTop = Math.min(
        ...[...container.querySelectorAll('rect[data-part]')].map((r) =>
          Number(r.getAttribute('y')),
        ),
      );
      // At 300 px the two legend entries wrap to two rows; at 600 they share one.
      expect(new Set([...rows].map((t) => /,([\d.]+)\)/.exec(t)![1])).size).toBe(
        width === 300 ? 2 : 1,
      );
      expect(labels).toHaveLength(2);
      for (const y of labels) {
        expect(y - 8).toBeGreaterThanOrEqual(legendBottom);
        expect(y + 8).toBeLessThanOrEqual(barTop);
      }
      expect(labels[1] - labels[0]).toBeGreaterThanOrEqual(16);
      unmount();
    }
  });
});
