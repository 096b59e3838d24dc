import { readFile } from 'node:fs/promises';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { LabPage } from './app.ts';

/** Opens a chart's Download menu and saves one format; returns the file's bytes and name. */
async function download(
  page: Page,
  title: string,
  kind: 'SVG' | 'PNG',
): Promise<{ bytes: Buffer; name: string }> {
  await page.getByLabel(`Download the ${title}`, { exact: true }).click();
  const wait = page.waitForEvent('download');
  await page.getByRole('button', { name: `Download the ${title} as ${kind}` }).click();
  const d = await wait;
  const path = await d.path();
  return { bytes: await readFile(path), name: d.suggestedFilename() };
}

/** Width and height of a PNG from its IHDR chunk. */
function pngSize(b: Buffer): { w: number; h: number } {
  expect(b.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { w: b.readUInt32BE(16), h: b.readUInt32BE(20) };
}

async function cssSize(el: Locator): Promise<{ w: number; h: number }> {
  const box = await el.boundingBox();
  if (!box) throw new Error('no box');
  return { w: Math.round(box.width), h: Math.round(box.height) };
}

test.describe('chart downloads', () => {
  test('the accuracy curve downloads as SVG with its caption, the heatmap as PNG at 2x with the caption line', async ({
    page,
  }) => {
    const lab = new LabPage(page);
    await lab.open();
    await expect(lab.backend).toHaveAttribute('data-start', 'webgl');
    await lab.setSlider('Global sparsity', 50);
    await lab.waitFullAccuracy();
    const caption = /Small CNN · MNIST[^<]* · Magnitude[^<]* · \d+(\.\d)?% sparsity/;

    const svg = await download(page, 'accuracy curve', 'SVG');
    expect(svg.name).toBe('pruning-lab-accuracy-curve-cnn-mnist.svg');
    const text = svg.bytes.toString('utf8');
    expect(text).toMatch(/^<\?xml/);
    expect(text).toMatch(new RegExp(`data-role="caption"[^>]*>${caption.source}</text>`));
    expect(text).not.toContain('var(--');
    expect(text).not.toContain(' style=');

    const heat = await download(page, 'weight heatmap', 'PNG');
    expect(heat.name).toBe('pruning-lab-heatmap-conv1-cnn-mnist.png');
    const canvas = page.getByRole('img', { name: 'Weight heatmap of conv1' });
    const size = await cssSize(canvas);
    expect(pngSize(heat.bytes)).toEqual({ w: size.w * 2, h: (size.h + 24) * 2 });

    const heatSvg = (await download(page, 'weight heatmap', 'SVG')).bytes.toString('utf8');
    expect(heatSvg).toContain('data-role="underlay"');
    expect(heatSvg).toContain('href="data:image/png;base64,');
    expect(heatSvg).toMatch(/· layer conv1<\/text>/);
    await page.screenshot({ path: 'test-results/chart-download.png' });
    expect(heatSvg).not.toContain(' style=');
    // The export builds its copy without style attributes: the page's CSP (style-src 'self')
    // reports none, and no other console error is logged.
    expect(lab.errors).toEqual([]);
  });
});
