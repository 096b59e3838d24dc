// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render } from '@testing-library/react';
import { LineChart, log2Ticks, type LineSeries } from './LineChart.tsx';

afterEach(cleanup);

const series: LineSeries[] = [
  {
    id: 'mag',
    label: 'magnitude',
    points: [0, 0.2, 0.4, 0.6, 0.8, 0.9].map((x) => ({ x, y: 0.98 - x * x * 0.3 })),
  },
  {
    id: 'rnd',
    label: 'random',
    dashed: true,
    points: [0, 0.2, 0.4, 0.6, 0.8].map((x) => ({ x, y: 0.98 - x * 0.6 })),
  },
];

/** Number of points in an SVG path made of M/L commands. */
const pathPoints = (d: string) => (d.match(/[ML]/g) ?? []).length;

describe('LineChart', () => {
  it('draws one circle and one path vertex per data point, per series', () => {
    const { container, getByRole } = render(
      <LineChart
        series={series}
        xLabel="sparsity"
        yLabel="accuracy"
        xFormat=".0%"
        yFormat=".0%"
        width={640}
        height={360}
        ariaLabel="accuracy vs sparsity"
      />,
    );
    expect(getByRole('img', { name: 'accuracy vs sparsity' })).toBeTruthy();
    expect(container.querySelectorAll('circle[data-series="mag"]')).toHaveLength(6);
    expect(container.querySelectorAll('circle[data-series="rnd"]')).toHaveLength(5);
    expect(pathPoints(container.querySelector('path[data-series="mag"]')!.getAttribute('d')!)).toBe(
      6,
    );
    expect(pathPoints(container.querySelector('path[data-series="rnd"]')!.getAttribute('d')!)).toBe(
      5,
    );
    expect(
      container.querySelector('path[data-series="rnd"]')!.getAttribute('stroke-dasharray'),
    ).toBeTruthy();
    // legend shows both series; ticks use the given format
    expect(container.querySelectorAll('[data-legend]')).toHaveLength(2);
    expect(container.textContent).toContain('40%');
  });

  it('points line up with the scales: larger y is higher, larger x is further right', () => {
    const { container } = render(
      <LineChart
        series={[series[0]]}
        xLabel="x"
        yLabel="y"
        width={500}
        height={300}
        ariaLabel="c"
      />,
    );
    const pts = [...container.querySelectorAll('circle[data-series="mag"]')].map((c) => ({
      cx: Number(c.getAttribute('cx')),
      cy: Number(c.getAttribute('cy')),
    }));
    for (let i = 1; i < pts.length; i++) {
      expect(pts[i].cx).toBeGreaterThan(pts[i - 1].cx);
      expect(pts[i].cy).toBeGreaterThan(pts[i - 1].cy); // y decreases → lower on screen
    }
    // no legend for a single series by default
    expect(container.querySelectorAll('[data-legend]')).toHaveLength(0);
  });

  it('hover readout shows every series at the nearest x', () => {
    const { container } = render(
      <LineChart
        series={series}
        xLabel="sparsity"
        yLabel="accuracy"
        xFormat=".0%"
        yFormat=".1%"
        width={640}
        height={360}
        ariaLabel="c"
      />,
    );
    const target = container.querySelector('[data-role="hover-target"]')!;
    const circles = [...container.querySelectorAll('circle[data-series="mag"]')];
    const cx40 = Number(circles[2].getAttribute('cx')); // x = 0.4
    const cx60 = Number(circles[3].getAttribute('cx'));
    // jsdom rects are at 0,0 so clientX is the SVG x; a bit right of 0.4, closer to it than 0.6
    fireEvent.mouseMove(target, { clientX: cx40 + (cx60 - cx40) * 0.3, clientY: 100 });
    const readout = container.querySelector('[data-role="readout"]')!;
    expect(readout).toBeTruthy();
    expect(readout.textContent).toContain('sparsity: 40%');
    expect(readout.textContent).toContain('magnitude: 93.2%'); // 0.98 − 0.4² · 0.3
    expect(readout.textContent).toContain('random: 74.0%');
    expect(readout.querySelector('line')!.getAttribute('x1')).toBe(String(cx40));
    // beyond the last point of 'random', its nearest point is its last one
    const cx90 = Number(circles[5].getAttribute('cx'));
    fireEvent.mouseMove(target, { clientX: cx90, clientY: 100 });
    const r2 = container.querySelector('[data-role="readout"]')!.textContent!;
    expect(r2).toContain('sparsity: 90%');
    expect(r2).toContain('random: 50.0%');
    fireEvent.mouseLeave(container.querySelector('svg')!);
    expect(container.querySelector('[data-role="readout"]')).toBeNull();
  });

  it('draws the marker with its label and the reference line', () => {
    const { container } = render(
      <LineChart
        series={series}
        xLabel="sparsity"
        yLabel="accuracy"
        referenceY={{ value: 0.98, label: 'unpruned 98%' }}
        marker={{ x: 0.6, y: 0.87, label: 'you are here' }}
        width={640}
        height={360}
        ariaLabel="c"
      />,
    );
    const marker = container.querySelector('[data-role="marker"]')!;
    expect(marker.textContent).toBe('you are here');
    const ring = marker.querySelector('circle')!;
    const circles = [...container.querySelectorAll('circle[data-series="mag"]')];
    expect(Number(ring.getAttribute('cx'))).toBeCloseTo(Number(circles[3].getAttribute('cx')), 6);
    expect(Number(ring.getAttribute('r'))).toBeGreaterThan(
      Number(circles[3].getAttribute('r')) * 2,
    );
    expect(container.querySelector('[data-role="reference"]')!.textContent).toBe('unpruned 98%');
  });

  it('log2 x scale: ticks are powers of two and doubling x moves a constant distance', () => {
    expect(log2Ticks(1, 64, 10)).toEqual([1, 2, 4, 8, 16, 32, 64]);
    expect(log2Ticks(3, 40, 10)).toEqual([4, 8, 16, 32]);
    expect(log2Ticks(1, 1024, 4)).toEqual([1, 8, 64, 512]);
    const s: LineSeries = { id: 'a', label: 'a', points: [1, 2, 4, 8].map((x) => ({ x, y: x })) };
    const { container } = render(
      <LineChart
        series={[s]}
        xScale="log2"
        xLabel="epochs"
        yLabel="y"
        width={500}
        height={300}
        ariaLabel="c"
      />,
    );
    const cx = [...container.querySelectorAll('circle[data-series="a"]')].map((c) =>
      Number(c.getAttribute('cx')),
    );
    expect(cx[2] - cx[1]).toBeCloseTo(cx[1] - cx[0], 6);
    expect(cx[3] - cx[2]).toBeCloseTo(cx[1] - cx[0], 6);
  });

  it('skips non-finite points instead of breaking the path', () => {
    const s: LineSeries = {
      id: 'a',
      label: 'a',
      points: [
        { x: 0, y: 1 },
        { x: 1, y: NaN },
        { x: 2, y: 3 },
      ],
    };
    const { container } = render(
      <LineChart series={[s]} xLabel="x" yLabel="y" width={400} height={300} ariaLabel="c" />,
    );
    expect(container.querySelectorAll('circle[data-series="a"]')).toHaveLength(2);
    expect(container.querySelector('path[data-series="a"]')!.getAttribute('d')).not.toContain(
      'NaN',
    );
  });
});
