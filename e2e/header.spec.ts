/**
 * The header by keyboard: the view tabs move with arrow keys, and the dataset dialog holds the
 * focus while open, closes with Escape and gives the focus back; it fits a 390 px wide phone.
 */
import { expect, test, type Page } from '@playwright/test';
import { LabPage } from './app.ts';

/** Whether the focused element lies inside the dataset dialog. */
function focusInDialog(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const dialog = document.querySelector('[role="dialog"]');
    return !!dialog && dialog.contains(document.activeElement);
  });
}

test('the view tabs move with the arrow keys', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open();
  const views = page.getByRole('tablist', { name: 'Views' });
  const workbench = views.getByRole('tab', { name: 'Workbench' });
  await expect(workbench).toHaveAttribute('aria-selected', 'true');
  await workbench.focus();
  await page.keyboard.press('ArrowRight');
  const experiments = views.getByRole('tab', { name: 'Experiments' });
  await expect(experiments).toBeFocused();
  await expect(experiments).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tab', { name: 'Method sweep' })).toBeVisible();
  await page.keyboard.press('ArrowRight');
  await expect(views.getByRole('tab', { name: 'Lessons' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect(page).toHaveURL(/view=lessons/);
  await page.keyboard.press('ArrowLeft');
  await expect(experiments).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowLeft');
  await expect(workbench).toBeFocused();
  await expect(workbench).toHaveAttribute('aria-selected', 'true');
  await expect(lab.slider('Global sparsity')).toBeVisible();
  expect(lab.errors).toEqual([]);
});

test('the dataset dialog by keyboard: focus goes in, stays in, and comes back on Escape', async ({
  page,
}) => {
  const lab = new LabPage(page);
  await lab.open();
  const opener = page.getByRole('button', { name: /^Data:/ });
  await opener.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Choose a dataset' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('sample')).toHaveCount(20);
  expect(await focusInDialog(page)).toBe(true);
  // Arrow keys move among the datasets.
  const mnist = dialog.getByRole('tab', { name: 'MNIST digits' });
  await mnist.focus();
  await page.keyboard.press('ArrowRight');
  await expect(dialog.getByRole('tab', { name: 'Fashion-MNIST' })).toBeFocused();
  await expect(dialog.getByRole('button', { name: 'Use Fashion-MNIST' })).toBeEnabled();
  // Tab and Shift+Tab cycle inside the dialog.
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press('Tab');
    expect(await focusInDialog(page), `Tab ${i + 1} stays in the dialog`).toBe(true);
  }
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press('Shift+Tab');
    expect(await focusInDialog(page), `Shift+Tab ${i + 1} stays in the dialog`).toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();
  // Nothing was picked: the data stays MNIST.
  await expect(opener).toContainText('MNIST');
  await expect(opener).not.toContainText('Fashion');
  expect(lab.errors).toEqual([]);
});

test('the page and the dataset dialog fit a 390 px wide screen', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const lab = new LabPage(page);
  await lab.open();
  const overflow = () =>
    page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth);
  expect(await overflow(), 'page scrolls sideways').toBeLessThanOrEqual(0);
  await page.getByRole('button', { name: /^Data:/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Choose a dataset' });
  await expect(dialog.getByTestId('sample')).toHaveCount(20);
  expect(await overflow(), 'page scrolls sideways with the dialog open').toBeLessThanOrEqual(0);
  const box = (await dialog.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(390);
  const inner = await dialog.evaluate((d) => d.scrollWidth - d.clientWidth);
  expect(inner, 'dialog scrolls sideways').toBeLessThanOrEqual(0);
  await page.screenshot({ path: 'test-results/dataset-dialog-390.png' });
  expect(lab.errors).toEqual([]);
});
