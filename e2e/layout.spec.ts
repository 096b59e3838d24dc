/**
 * With a lesson open, at 1280x800 and 1920x1080, in normal and presenter mode: the accuracy
 * readout, the accuracy-vs-sparsity curve and the selected layer's heatmap are all on screen
 * without scrolling (inside the viewport, none under the training bar).
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { LabPage } from './app.ts';

/** Presenter mode on, as a teacher turns it on: the P key with the page focused. */
async function presenterOn(page: Page): Promise<void> {
  await page.locator('body').click({ position: { x: 1, y: 1 } });
  await page.keyboard.press('p');
  await expect(page.locator('html')).toHaveClass(/presenter/);
}

/** The element's box lies inside the viewport and above the training bar (when it is shown), once
 * the layout has settled (polled: readouts grow a line when the full test-set figures arrive, and the
 * charts take their size from a resize observer a frame later). */
async function expectOnScreen(page: Page, what: string, el: Locator): Promise<void> {
  await expect(el, what).toBeVisible();
  const view = page.viewportSize();
  if (!view) throw new Error('no viewport');
  const bar = page.getByRole('contentinfo', { name: 'Training' });
  const overflow = async (): Promise<number> => {
    const box = await el.boundingBox();
    if (!box) return Infinity;
    const barTop = (await bar.isVisible())
      ? ((await bar.boundingBox())?.y ?? view.height)
      : view.height;
    return Math.max(-box.x, -box.y, box.x + box.width - view.width, box.y + box.height - barTop);
  };
  await expect
    .poll(overflow, { message: `${what}: px outside the screen` })
    .toBeLessThanOrEqual(0.5);
}

for (const [width, height] of [
  [1280, 800],
  [1920, 1080],
] as const)
  for (const presenter of [false, true])
    test(`${width}x${height}${presenter ? ', presenter' : ''}: curve, readout and heatmap on screen beside the lesson`, async ({
      page,
    }) => {
      await page.setViewportSize({ width, height });
      const lab = new LabPage(page);
      await lab.open('?lesson=kinds&step=2');
      await expect(page.getByRole('complementary', { name: 'Lesson' })).toBeVisible();
      if (presenter) {
        await presenterOn(page);
      }
      await lab.waitReady();
      const curve = page.getByRole('region', { name: 'Accuracy against sparsity' });
      await expect(curve.locator('path[data-series]').first()).toBeAttached({ timeout: 240_000 });
      await expectOnScreen(page, 'the accuracy readout', lab.accuracy);
      await expectOnScreen(page, 'the curve', curve.locator('svg').first());
      await expectOnScreen(
        page,
        'the heatmap',
        page.getByRole('img', { name: 'Weight heatmap of conv2' }),
      );
      expect(await page.evaluate(() => window.scrollY)).toBe(0);
      expect(lab.errors).toEqual([]);
    });

test('1920x1080, presenter: a step about the confusion matrix shows it big beside the curve, both filling the screen', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  const lab = new LabPage(page);
  await lab.open('?lesson=monitoring&step=2');
  await presenterOn(page);
  await lab.waitFullAccuracy();
  const matrix = page.getByRole('img', { name: 'Confusion matrix of the pruned model' });
  await expectOnScreen(page, 'the confusion matrix', matrix);
  await expect(page.getByRole('img', { name: 'Weight heatmap of dense1' })).toBeHidden();
  const curve = page
    .getByRole('region', { name: 'Accuracy against sparsity' })
    .locator('svg')
    .first();
  await expectOnScreen(page, 'the curve', curve);
  await expectOnScreen(page, 'the accuracy readout', lab.accuracy);
  // The charts take the height under the readouts: no band of empty page below them.
  // (Polled: a chart takes its size from a resize observer a frame or two after it appears.)
  for (const [what, el] of [
    ['the curve', curve],
    ['the confusion matrix', matrix],
  ] as const) {
    const box = async () => (await el.boundingBox()) ?? { y: 0, height: 0 };
    await expect
      .poll(async () => 1080 - ((await box()).y + (await box()).height), {
        message: `space under ${what}`,
      })
      .toBeLessThan(80);
    await expect
      .poll(async () => (await box()).height, { message: `height of ${what}` })
      .toBeGreaterThan(500);
  }
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  expect(lab.errors).toEqual([]);
});

test('1280x800, presenter: a step about latency shows the measured times big in the heatmap place', async ({
  page,
}) => {
  const lab = new LabPage(page);
  await lab.open('?lesson=costs&step=4');
  await presenterOn(page);
  await lab.waitReady();
  const panel = page.getByRole('region', { name: 'Latency' });
  await expect(panel).toHaveAttribute('data-state', 'none');
  await expect(page.getByRole('img', { name: 'Weight heatmap of dense1' })).toBeHidden();
  await panel.getByRole('button', { name: 'Measure latency' }).click();
  const bars = panel.getByRole('img', { name: /^Latency per batch of 64: dense [\d.]+ ms/ });
  await expect(bars).toBeVisible({ timeout: 240_000 });
  await expect(panel).toHaveAttribute('data-state', 'current');
  // The timing ran on a real browser backend, named in the panel's heading.
  await expect(panel.getByRole('heading')).toHaveText(/· (webgl|wasm)$/);
  await expect(
    panel.getByRole('img', { name: /Latency of the dense and sparse paths/ }),
  ).toBeVisible();
  await expectOnScreen(page, 'the latency bars', bars);
  await expectOnScreen(page, 'the accuracy readout', lab.accuracy);
  await expect
    .poll(async () => (await bars.boundingBox())?.height ?? 0)
    .toBeGreaterThanOrEqual(240);
  expect(lab.errors).toEqual([]);
});

test('390 px wide: the training bar takes two rows at most; its options open behind a button', async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const lab = new LabPage(page);
  await lab.open();
  const bar = page.getByRole('contentinfo', { name: 'Training' });
  await expect(bar.getByRole('button', { name: /Fine-tune/ })).toBeVisible();
  expect((await bar.boundingBox())!.height).toBeLessThan(100);
  await expect(bar.getByRole('spinbutton', { name: 'Epochs' })).toBeHidden();
  const more = bar.getByRole('button', { name: 'Options' });
  await more.click();
  await expect(bar.getByRole('button', { name: 'Fewer options' })).toHaveAttribute(
    'aria-expanded',
    'true',
  );
  await expect(bar.getByRole('spinbutton', { name: 'Epochs' })).toBeVisible();
  await expect(bar.getByLabel('Learning rate', { exact: true })).toBeVisible();
  expect(lab.errors).toEqual([]);
});
