/**
 * Experiments view end to end, in Chromium on WebGL: a two-method sweep over three sparsities runs,
 * draws two lines of three points, and its CSV download matches the results table cell by cell.
 */
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { LabPage } from './app.ts';

const METHODS = ['Magnitude (per layer)', 'Random'];
const COLUMNS = ['run', 'method', 'sparsity', 'compression', 'flops_ratio', 'accuracy', 'loss'];

test('a two-method sweep on three sparsities: chart, table and CSV agree', async ({ page }) => {
  test.setTimeout(120_000);
  const lab = new LabPage(page);
  await lab.open('?view=experiments');
  await expect(lab.backend).toHaveAttribute('data-start', 'webgl');

  await page.getByRole('tab', { name: 'Method sweep' }).click();
  const methods = page.getByRole('group', { name: 'Methods' });
  for (const box of await methods.getByRole('checkbox').all()) {
    const name = ((await box.evaluate((el) => el.parentElement?.textContent)) ?? '').trim();
    await box.setChecked(METHODS.includes(name));
  }
  for (const m of METHODS)
    await expect(methods.getByRole('checkbox', { name: m, exact: true })).toBeChecked();
  await page.getByRole('textbox', { name: 'Sparsities (%)' }).fill('0, 50, 90');
  await page.getByRole('combobox', { name: 'After pruning' }).selectOption('none');
  await page.getByRole('checkbox', { name: /Quick mode/ }).check();

  await page.getByRole('button', { name: 'Run sweep' }).click();
  const progress = page.getByRole('progressbar', { name: 'sweep progress' });
  await expect(page.getByTestId('status-sweep')).toHaveText(/^Done: 6 results/, {
    timeout: 90_000,
  });
  await expect(progress).toHaveAttribute('aria-valuenow', '100');

  // Two lines, three points each, and the unpruned reference line.
  const chart = page.getByTestId('sweep-chart');
  const lines = chart.locator('path[data-series]');
  await expect(lines).toHaveCount(2);
  const ids = await lines.evaluateAll((els) => els.map((e) => e.getAttribute('data-series') ?? ''));
  expect(ids.sort()).toEqual(['magnitude/oneshot', 'random/oneshot']);
  for (const id of ids) await expect(chart.locator(`circle[data-series="${id}"]`)).toHaveCount(3);
  await expect(chart.locator('[data-role="reference"]')).toHaveCount(1);

  // The table.
  const table = page.getByRole('table', { name: /^Results of sweep-/ });
  const header = await table.locator('thead th').allTextContents();
  expect(header).toHaveLength(11);
  const cells = await table
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((r) => Array.from(r.querySelectorAll('td'), (td) => td.textContent ?? '')),
    );
  expect(cells).toHaveLength(6);

  // Pruning really happened, and magnitude holds accuracy better than random at 90%.
  const at = (method: string, target: string) =>
    cells.find((c) => c[1] === method && c[10] === target)!;
  expect(Number(at('magnitude', '0.9000')[2])).toBeGreaterThan(0.85);
  expect(Number(at('magnitude', '0.0000')[2])).toBe(0);
  expect(Number(at('magnitude', '0.9000')[5])).toBeGreaterThan(Number(at('random', '0.9000')[5]));
  expect(at('magnitude', '0.0000')[5]).toBe(at('random', '0.0000')[5]);

  // The CSV download is the table, cell for cell.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page
      .getByRole('region', { name: 'Results table' })
      .getByRole('button', { name: 'CSV', exact: true })
      .click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^sweep-.*\.csv$/);
  const text = await readFile((await download.path())!, 'utf8');
  const lines2 = text
    .trimEnd()
    .split('\n')
    .map((l) => l.split(','));
  expect(lines2[0].slice(0, 7)).toEqual(COLUMNS);
  expect(lines2.slice(1)).toEqual(cells);

  expect(lab.errors).toEqual([]);
});

/** The polynomial-decay target at batch t (TF Model Optimization's PolynomialDecay). */
function scheduleAt(t: number, final: number, end: number, power: number): number {
  return final * (1 - (1 - Math.min(t, end) / end) ** power);
}

test('a gradual run records a time-lapse of the chosen layer, one frame per mask update', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const lab = new LabPage(page);
  await lab.open('?view=experiments');
  await expect(lab.backend).toHaveAttribute('data-start', 'webgl');
  await page.getByRole('tab', { name: 'Schedules' }).click();

  // 20 batches: the schedule rescales to end at batch 14, masks updated every 2 batches.
  await page.getByRole('spinbutton', { name: 'Training batches' }).fill('20');
  await expect(page.getByRole('spinbutton', { name: 'End (batch)' })).toHaveValue('14');
  await expect(page.getByRole('spinbutton', { name: 'Every (batches)' })).toHaveValue('2');
  await page.getByRole('combobox', { name: 'Time-lapse of layer' }).selectOption('conv2');
  const lapse = page.getByTestId('timelapse');
  await expect(lapse.getByTestId('timelapse-status')).toContainText('Run gradual vs one-shot');
  await page.getByRole('button', { name: /Run gradual vs one-shot/ }).click();
  await expect(lapse.getByTestId('timelapse-status')).toContainText('Recording conv2');

  // The frames come once the gradual arm has trained, named with the backend that trained it.
  await expect(lapse).toHaveAttribute('data-backend', /^(webgl|wasm)$/, { timeout: 200_000 });
  await expect(lapse.getByRole('heading')).toHaveText('Time-lapse of conv2');
  const steps = [0, 2, 4, 6, 8, 10, 12, 14, 20];
  const frame = lapse.getByRole('slider', { name: 'Frame' });
  await expect(frame).toHaveAttribute('max', String(steps.length - 1));
  const readout = lapse.getByTestId('time-lapse-readout');
  const heat = lapse.locator('canvas.pl-heatmap-canvas');
  await frame.focus();
  await page.keyboard.press('Home');
  const pixels: string[] = [];
  for (const [i, step] of steps.entries()) {
    if (i > 0) await page.keyboard.press('ArrowRight');
    await expect(lapse.locator('.time-lapse')).toHaveAttribute('data-frame', String(i));
    const want = scheduleAt(step, 0.8, 14, 3);
    const text = (await readout.textContent()) ?? '';
    const m = /^conv2 · batch (\d+) · sparsity ([\d.]+)% \(layer ([\d.]+)% pruned\)/.exec(text);
    expect(m, text).not.toBeNull();
    expect(Number(m![1])).toBe(step);
    expect(Math.abs(Number(m![2]) - want * 100)).toBeLessThan(0.1);
    // Magnitude per layer: conv2 itself is pruned to the schedule's sparsity.
    expect(Math.abs(Number(m![3]) - want * 100)).toBeLessThan(0.5);
    pixels.push(await heat.evaluate((c: HTMLCanvasElement) => c.toDataURL()));
  }
  // The heatmap changes as weights die: every mask update draws a different picture.
  expect(new Set(pixels.slice(0, 8)).size).toBe(8);

  // Space on the scrubber plays to the last frame.
  await page.keyboard.press('Home');
  await expect(lapse.locator('.time-lapse')).toHaveAttribute('data-frame', '0');
  await page.keyboard.press('Space');
  await expect(lapse.getByRole('button', { name: 'Pause' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await lapse.screenshot({ path: 'test-results/timelapse.png' });
  await expect(lapse.locator('.time-lapse')).toHaveAttribute('data-frame', '8', {
    timeout: 10_000,
  });
  await expect(lapse.getByRole('button', { name: 'Play' })).toHaveAttribute(
    'aria-pressed',
    'false',
  );

  await expect(page.getByTestId('status-gradual')).toHaveText(/^Done: 3 results/, {
    timeout: 200_000,
  });
  expect(lab.errors).toEqual([]);
});

test('History: two sweeps picked as A and B show side by side, then overlaid on one chart', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const lab = new LabPage(page);
  await lab.open('?view=experiments');
  await expect(lab.backend).toHaveAttribute('data-start', 'webgl');
  await page.getByRole('tab', { name: 'Method sweep' }).click();
  await page.getByRole('combobox', { name: 'After pruning' }).selectOption('none');
  await page.getByRole('checkbox', { name: /Quick mode/ }).check();
  for (const grid of ['0, 50', '0, 90']) {
    await page.getByRole('textbox', { name: 'Sparsities (%)' }).fill(grid);
    await page.getByRole('button', { name: 'Run sweep' }).click();
    await expect(page.getByTestId('status-sweep')).toHaveText(/^Done: \d+ results/, {
      timeout: 120_000,
    });
  }
  await page.getByRole('tab', { name: 'History' }).click();
  const runs = page.locator('[data-run]');
  await expect(runs).toHaveCount(2);
  await runs.nth(0).getByRole('radio', { name: 'A' }).check();
  await runs.nth(1).getByRole('radio', { name: 'B' }).check();
  const [a, b] = await runs.evaluateAll((els) => els.map((e) => e.getAttribute('data-run')));
  await expect(page.getByRole('table', { name: /^A: results/ })).toHaveCount(1);
  await expect(page.getByRole('table', { name: /^B: results/ })).toHaveCount(1);
  await expect(page.getByText(`A: ${a}`, { exact: true })).toBeVisible();
  await expect(page.getByText(`B: ${b}`, { exact: true })).toBeVisible();

  await page.getByRole('checkbox', { name: /Overlay A and B/ }).check();
  await expect(page.getByText(`A ${a} vs B ${b}`, { exact: true })).toBeVisible();
  await expect(page.getByText(`A: ${a}`, { exact: true })).toHaveCount(0);
  expect(lab.errors).toEqual([]);
});
