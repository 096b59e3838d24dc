// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render } from '@testing-library/react';
import {
  CAPTION_HEIGHT,
  chartCaption,
  chartToSvgString,
  downloadBlob,
  resolveCssVars,
} from './exportChart.ts';
import { LineChart, type LineSeries } from './LineChart.tsx';

afterEach(() => {
  cleanup();
  document.documentElement.removeAttribute('style');
});

/** A 400 x 300 line chart of `series`, as a page shows it. */
const renderLines = (series: LineSeries[]) =>
  render(
    <LineChart series={series} xLabel="x" yLabel="y" width={400} height={300} ariaLabel="c" />,
  );

describe('chartToSvgString', () => {
  it('resolves nested CSS variables and fallbacks', () => {
    document.documentElement.style.setProperty('--a', '#112233');
    document.documentElement.style.setProperty('--b', 'var(--a)');
    expect(resolveCssVars('var(--b)', document.body)).toBe('#112233');
    expect(resolveCssVars('var(--missing, #abcdef)', document.body)).toBe('#abcdef');
  });

  it('inlines the theme colours so the SVG stands alone, without hover parts', () => {
    const root = document.documentElement.style;
    root.setProperty('--chart-series-1', '#0072b2');
    root.setProperty('--chart-text', '#1d2125');
    root.setProperty('--chart-bg', '#ffffff');
    const points = [
      { x: 0, y: 1 },
      { x: 1, y: 2 },
    ];
    const { container } = renderLines([{ id: 'a', label: 'a', points }]);
    const out = chartToSvgString(container.querySelector('svg')!);
    expect(out).not.toContain('var(');
    expect(out).toMatch(/#0072b2|rgb\(0, 114, 178\)/); // as a fill attribute
    expect(out).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(out).toContain('<rect width="100%" height="100%" fill="#ffffff"');
    expect(out).not.toContain('hover-target');
    const doc = new DOMParser().parseFromString(out, 'image/svg+xml');
    expect(doc.querySelectorAll('circle[data-series="a"]')).toHaveLength(2);
    const path = doc.querySelector('path[data-series="a"]')!;
    // Inline styles become presentation attributes (a page's CSP refuses inline style in images).
    expect(path.getAttribute('style')).toBeNull();
    expect(path.getAttribute('stroke')).toMatch(/#0072b2|rgb\(0, 114, 178\)/);
    expect(path.getAttribute('fill')).toBe('none');
    expect(doc.querySelectorAll('[style]')).toHaveLength(0);
    expect(doc.querySelector('text')?.textContent).toBeTruthy();
  });

  it('adds a caption line under the chart, growing the picture by its height', () => {
    document.documentElement.style.setProperty('--chart-text-muted', '#5c636b');
    const { container } = renderLines([{ id: 'a', label: 'a', points: [{ x: 0, y: 1 }] }]);
    const svg = container.querySelector('svg')!;
    const caption = chartCaption({
      model: 'CNN',
      data: 'MNIST',
      method: 'Magnitude',
      sparsity: 0.5,
    });
    expect(caption).toBe('CNN · MNIST · Magnitude · 50% sparsity');
    const doc = new DOMParser().parseFromString(chartToSvgString(svg, caption), 'image/svg+xml');
    const root = doc.documentElement;
    expect(root.getAttribute('height')).toBe(String(300 + CAPTION_HEIGHT));
    expect(root.getAttribute('viewBox')).toBe(`0 0 400 ${300 + CAPTION_HEIGHT}`);
    const text = doc.querySelector('text[data-role="caption"]')!;
    expect(text.textContent).toBe(caption);
    expect(Number(text.getAttribute('y'))).toBeGreaterThan(300);
    expect(text.getAttribute('fill')).toBe('#5c636b');
    const plain = new DOMParser().parseFromString(chartToSvgString(svg), 'image/svg+xml');
    expect(plain.documentElement.getAttribute('height')).toBe('300');
    expect(plain.querySelector('[data-role="caption"]')).toBeNull();
    expect(chartCaption({ model: 'm', data: 'd', method: 'x', sparsity: 0.925 })).toContain(
      '92.5%',
    );
  });
});

describe('downloadBlob', () => {
  it('clicks a temporary <a download> at an object URL, removes it and revokes the URL', async () => {
    // jsdom has no object URLs: give it a minimal pair that records what happens.
    const live = new Set<string>();
    URL.createObjectURL = (b: Blob | MediaSource) => {
      const url = `blob:test/${live.size}-${(b as Blob).size}`;
      live.add(url);
      return url;
    };
    URL.revokeObjectURL = (url: string) => void live.delete(url);
    const clicked: { href: string; download: string; attached: boolean }[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicked.push({ href: this.href, download: this.download, attached: this.isConnected });
    });
    downloadBlob(new Blob(['a,b\n1,2\n']), 'run.csv');
    expect(clicked).toEqual([{ href: 'blob:test/0-8', download: 'run.csv', attached: true }]);
    expect(document.querySelectorAll('a[download]')).toHaveLength(0);
    expect(live.size).toBe(1);
    await new Promise((r) => setTimeout(r, 0));
    expect(live.size).toBe(0);
    click.mockRestore();
  });
});
