/**
 * The imported model's panel (Open model…) and the Export panel at 1280x800 and on a 390 px wide
 * phone: each fits the viewport's width with nothing cut off inside it, and is photographed.
 * With WRITE_SCREENSHOTS=1 the pictures go to docs/screenshots/ (import-panel-*.png,
 * export-panel-*.png); otherwise to the test's output folder.
 */
import { expect, test, type Locator, type Page, type TestInfo } from '@playwright/test';
import { LabPage } from './app.ts';
import { openPrunedKerasCnn } from './import-files.ts';

const SIZES = [
  { name: '1280x800', width: 1280, height: 800 },
  { name: '390', width: 390, height: 844 },
] as const;

/** The element lies within the viewport's width, and no child of it is wider than it shows. */
async function expectFits(page: Page, what: string, el: Locator): Promise<void> {
  await el.scrollIntoViewIfNeeded();
  const box = await el.boundingBox();
  const view = page.viewportSize();
  if (!box || !view) throw new Error(`${what} has no box`);
  expect(box.x, `${what} left edge`).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, `${what} right edge`).toBeLessThanOrEqual(view.width + 0.5);
  const cut = await el.evaluate((root) =>
    [root, ...root.querySelectorAll('*')]
      .filter((e) => {
        const style = getComputedStyle(e);
        const scrolls = /(auto|scroll)/.test(style.overflowX);
        return !scrolls && e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0;
      })
      .map((e) => `${e.tagName.toLowerCase()}.${e.className}`),
  );
  expect(cut, `${what}: elements wider than they show`).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
    view.width,
  );
}

/**
 * A picture of the element alone: the training bar, fixed at the foot of the window, is hidden
 * while it is taken (on a phone it would cover the element's lower part).
 */
async function shoot(page: Page, el: Locator, path: string): Promise<void> {
  // By its class: hidden, the bar leaves the accessibility tree and its role no longer finds it.
  const bar = page.locator('footer.trainbar');
  await bar.evaluate((e: HTMLElement) => (e.style.visibility = 'hidden'));
  await el.screenshot({ path });
  await bar.evaluate((e: HTMLElement) => (e.style.visibility = ''));
}

function shotPath(info: TestInfo, file: string): string {
  return process.env.WRITE_SCREENSHOTS === '1' ? `docs/screenshots/${file}` : info.outputPath(file);
}

for (const size of SIZES)
  test(`${size.name}: the imported model's panel and the Export panel fit and are photographed`, async ({
    page,
  }, info) => {
    test.setTimeout(300_000);
    await page.setViewportSize({ width: size.width, height: size.height });
    const lab = new LabPage(page);
    await openPrunedKerasCnn(lab);

    const imported = page.getByRole('region', { name: 'Imported model' });
    await expectFits(page, 'the imported model panel', imported);
    await shoot(page, imported, shotPath(info, `import-panel-${size.name}.png`));

    const panel = page.getByRole('region', { name: 'Export' });
    const download = page.waitForEvent('download');
    await panel.getByRole('button', { name: 'Export…' }).click();
    await download;
    await expect(panel.getByTestId('export-result')).toBeVisible({ timeout: 120_000 });
    await panel.getByText('PyTorch recipe (prune_torch.py)').click();
    await expect(
      panel.getByRole('textbox', { name: 'PyTorch recipe (prune_torch.py)' }),
    ).toBeVisible();
    await expectFits(page, 'the Export panel', panel);
    await expect(
      panel.getByRole('list', { name: 'Files in the zip' }).getByRole('listitem'),
    ).toHaveCount(13);
    await shoot(page, panel, shotPath(info, `export-panel-${size.name}.png`));
    expect(lab.errors).toEqual([]);
  });
