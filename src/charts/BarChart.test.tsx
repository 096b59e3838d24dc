// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render } from '@testing-library/react';
import { BarChart, type Bar, type BarChartProps } from './BarChart.tsx';

afterEach(cleanup);

const bars: Bar[] = [
  { id: 'conv1', label: 'conv1', value: 0.4 },
  { id: 'conv2', label: 'conv2', value: 0.62, highlight: true },
  { id: 'dense1', label: 'dense1', value: 0.8 },
];

const fill = (el: Element) => el.querySelector('rect.pl-chart-bar-fill')!;

/** The three layers' bars as percentages on [0, 1], 500 x 300, with `props` on top. */
const renderBars = (props: Partial<BarChartProps> = {}) =>
  render(
    <BarChart
      bars={bars}
      valueFormat=".0%"
      yDomain={[0, 1]}
      width={500}
      height={300}
      ariaLabel="sparsity per layer"
      {...props}
    />,
  );

/** An attribute of each bar's filled rectangle, as a number, in `bars` order. */
const barAttr = (container: Element, name: string) =>
  bars.map((b) =>
    Number(fill(container.querySelector(`[data-bar="${b.id}"]`)!).getAttribute(name)),
  );

describe('BarChart', () => {
  it('vertical: bar heights proportional to values over the given domain, values formatted', () => {
    const { container, getByRole } = renderBars();
    expect(getByRole('img', { name: 'sparsity per layer' })).toBeTruthy();
    const h = barAttr(container, 'height');
    expect(h[1] / h[0]).toBeCloseTo(0.62 / 0.4, 5);
    expect(h[2] / h[0]).toBeCloseTo(0.8 / 0.4, 5);
    expect(container.querySelector('[data-bar="conv2"]')!.textContent).toContain('62%');
    // the domain's top tick 100% is on the axis
    expect(container.textContent).toContain('100%');
    expect(container.querySelectorAll('[role="button"]')).toHaveLength(0);
  });

  it('bars are buttons when selectable: click, Enter and Space select', () => {
    const onSelect = vi.fn();
    const { getByRole } = renderBars({ onSelect });
    expect(getByRole('group', { name: 'sparsity per layer' })).toBeTruthy();
    fireEvent.click(getByRole('button', { name: 'dense1: 80%' }));
    expect(onSelect).toHaveBeenLastCalledWith('dense1');
    fireEvent.keyDown(getByRole('button', { name: 'conv1: 40%' }), { key: 'Enter' });
    expect(onSelect).toHaveBeenLastCalledWith('conv1');
    fireEvent.keyDown(getByRole('button', { name: 'conv1: 40%' }), { key: ' ' });
    expect(onSelect).toHaveBeenCalledTimes(3);
    expect(getByRole('button', { name: 'conv2: 62%' }).getAttribute('aria-pressed')).toBe('true');
  });

  it('horizontal: bar widths proportional to values', () => {
    const { container } = renderBars({ orientation: 'horizontal' });
    const w = barAttr(container, 'width');
    expect(w[2] / w[0]).toBeCloseTo(2, 5);
    const y = barAttr(container, 'y');
    expect(y[0]).toBeLessThan(y[1]);
  });

  it('shows the full label and value of a hovered or focused bar in a tooltip', () => {
    const bars = [
      { id: 'a', label: 'conv1', value: 0.25 },
      { id: 'b', label: 'dense1', value: 0.75 },
    ];
    const { container } = render(
      <BarChart
        bars={bars}
        valueFormat=".0%"
        width={400}
        height={240}
        ariaLabel="s"
        onSelect={() => {}}
      />,
    );
    expect(container.querySelector('[data-role="tooltip"]')).toBeNull();
    fireEvent.mouseEnter(container.querySelector('[data-bar="b"]')!);
    expect(container.querySelector('[data-role="tooltip"]')!.textContent).toBe('dense175%');
    fireEvent.focus(container.querySelector('[data-bar="a"]')!);
    expect(container.querySelector('[data-role="tooltip"]')!.textContent).toBe('conv125%');
    fireEvent.blur(container.querySelector('[data-bar="a"]')!);
    expect(container.querySelector('[data-role="tooltip"]')).toBeNull();
  });
});
