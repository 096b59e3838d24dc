import { expect, test, type Locator, type Page } from '@playwright/test';
import { LabPage } from './app.ts';

/** Draws a "7" on the pad with the mouse: a top bar and a diagonal down to the bottom left. */
async function drawSeven(page: Page, pad: Locator): Promise<void> {
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  if (!box) throw new Error('the drawing pad has no box');
  const at = (fx: number, fy: number) => [box.x + fx * box.width, box.y + fy * box.height] as const;
  const stroke = async (points: (readonly [number, number])[]) => {
    await page.mouse.move(...points[0]);
    await page.mouse.down();
    for (const p of points.slice(1)) await page.mouse.move(...p, { steps: 8 });
    await page.mouse.up();
  };
  await stroke([at(0.25, 0.2), at(0.75, 0.2), at(0.45, 0.85)]);
}

/** Both columns' probabilities as text, e.g. "unpruned:7|..." for comparing two answers. */
async function bars(result: Locator): Promise<{ unpruned: string; pruned: string }> {
  const col = (id: string) =>
    result.locator(`g[data-model="${id}"]`).evaluate((g) => g.textContent ?? '');
  return { unpruned: await col('unpruned'), pruned: await col('pruned') };
}

test.describe('draw a digit', () => {
  test('both models classify a drawing, the pruned one follows the sliders, and the broken test images show', async ({
    page,
  }) => {
    const lab = new LabPage(page);
    await lab.open();
    await expect(lab.backend).toHaveAttribute('data-start', 'webgl');
    // Drawn once the page has settled (the full test set's panels change the layout as they land).
    await lab.waitFullAccuracy();
    const result = page.getByTestId('draw-result');
    await expect(result).toHaveAttribute('data-state', 'empty');
    const pad = page.getByRole('img', { name: /Drawing pad/ });
    await drawSeven(page, pad);
    await expect(result).toHaveAttribute('data-state', 'current', { timeout: 120_000 });
    // Evaluation runs on wasm while WebGL is software and unprobed, then on the probe's pick.
    await expect(result).toHaveAttribute('data-backend', /^(webgl|wasm)$/);
    const unprunedCol = result.locator('g[data-model="unpruned"]');
    const prunedCol = result.locator('g[data-model="pruned"]');
    await expect(unprunedCol).toHaveAttribute('data-predicted', /^\d$/);
    await expect(prunedCol).toHaveAttribute('data-predicted', /^\d$/);
    // Nothing pruned yet: both models give the same answer.
    const before = await bars(result);
    expect(before.pruned.replace(/^Pruned/, '')).toBe(before.unpruned.replace(/^Unpruned/, ''));
    const v0 = Number(await result.getAttribute('data-version'));

    await lab.setSlider('Global sparsity', 98);
    await expect
      .poll(async () => Number(await result.getAttribute('data-version')), { timeout: 120_000 })
      .toBeGreaterThan(v0);
    await expect(result).toHaveAttribute('data-state', 'current', { timeout: 120_000 });
    await expect(result).toHaveAttribute('data-backend', /^(webgl|wasm)$/);
    const after = await bars(result);
    // The unpruned column keeps its answer; the pruned one changed with the masks.
    expect(after.unpruned).toBe(before.unpruned);
    expect(after.pruned).not.toBe(before.pruned);
    await page.getByRole('region', { name: 'Draw a digit' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/draw.png' });

    // The full test set at 98%: flipped predictions beside the accuracy, and the broken images.
    await lab.waitFullAccuracy(v0);
    const noise = page.getByTestId('accuracy-noise');
    await expect(noise).toHaveAttribute('data-subset', 'full');
    await expect(noise).toContainText(/predictions? flipped/);
    const broken = Number(await noise.getAttribute('data-broken'));
    expect(broken).toBeGreaterThan(0);
    const count = page.getByTestId('broken-count');
    await expect(count).toHaveAttribute('data-total', String(broken));
    const gallery = page.getByRole('region', { name: 'Images pruning broke' });
    await expect(gallery.getByRole('img')).toHaveCount(Math.min(24, broken));
    await expect(gallery.getByRole('img').first()).toHaveAccessibleName(
      /^Test image \d+: a \d, now read as \d$/,
    );
    await gallery.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/gallery.png' });
    expect(lab.errors).toEqual([]);
  });
});
