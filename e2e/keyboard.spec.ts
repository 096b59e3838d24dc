/**
 * Keyboard: tabbing through the workbench never leaves the focused control hidden under the
 * sticky training bar, with or without the lesson side panel open.
 */
import { expect, test } from '@playwright/test';
import { LabPage } from './app.ts';

const CASES = [
  { title: 'the workbench at 1280x800', query: '', width: 1280, height: 800 },
  {
    title: 'the workbench beside a lesson at 1280x640',
    query: '?lesson=kinds',
    width: 1280,
    height: 640,
  },
];

for (const c of CASES) {
  test(`every control reached with Tab sits fully above the training bar: ${c.title}`, async ({
    page,
  }) => {
    await page.setViewportSize({ width: c.width, height: c.height });
    const lab = new LabPage(page);
    await lab.open(c.query);
    const bar = page.getByRole('contentinfo', { name: 'Training' });
    await expect(bar).toBeVisible();
    const checked: string[] = [];
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press('Tab');
      // let the page render what the focus changed (two frames), then measure
      await page.evaluate(
        () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
      );
      const info = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        const footer = document.querySelector('footer.trainbar');
        if (!el || el === document.body || !footer) return null;
        const r = el.getBoundingClientRect();
        const b = footer.getBoundingClientRect();
        return {
          name: `${el.tagName.toLowerCase()} ${el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 30) ?? ''}`,
          inBar: footer.contains(el),
          top: r.top,
          bottom: r.bottom,
          barTop: b.top,
        };
      });
      if (!info) continue;
      if (info.inBar) break; // tabbed past the page into the bar itself
      checked.push(info.name);
      if (info.bottom - info.top > info.barTop) {
        // taller than the room above the bar (a heatmap canvas): it fills that room
        const shown = Math.min(info.bottom, info.barTop) - Math.max(info.top, 0);
        expect(shown, `${info.name} fills the room above the bar`).toBeGreaterThanOrEqual(
          info.barTop - 1,
        );
        continue;
      }
      expect(info.top, `${info.name} starts below the top of the window`).toBeGreaterThanOrEqual(
        -1,
      );
      expect(info.bottom, `${info.name} ends above the training bar`).toBeLessThanOrEqual(
        info.barTop + 0.5,
      );
    }
    expect(checked.length).toBeGreaterThan(10);
    expect(lab.errors).toEqual([]);
  });
}

test('help texts are tooltips: shown on keyboard focus, dismissed by Escape', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open();
  await expect(lab.backend).toHaveAttribute('data-start', 'webgl');
  const share = page.getByRole('button', { name: 'Share' });
  const tip = page.getByRole('tooltip');
  // From the top of the page, Tab until the Share button has the focus.
  await page.locator('body').focus();
  for (let i = 0; i < 30; i++) {
    if (await share.evaluate((el) => el === document.activeElement)) break;
    await page.keyboard.press('Tab');
  }
  await expect(share).toBeFocused();
  await expect(tip).toHaveText('Copy a link that reproduces this view');
  const described = await share.getAttribute('aria-describedby');
  expect(described).toBeTruthy();
  await expect(page.locator(`[id="${described}"]`)).toHaveText(
    'Copy a link that reproduces this view',
  );
  await page.keyboard.press('Escape');
  await expect(tip).toHaveCount(0);
  await expect(share).toBeFocused();

  expect(lab.errors).toEqual([]);
});
