import { expect, test, type Page } from '@playwright/test';
import { LabPage } from './app.ts';

/** Counts heatmap canvas pixels painted in the pruned neutral (light theme #b8b8b8). */
async function prunedPixels(page: Page, layer: string): Promise<{ grey: number; total: number }> {
  return page.getByRole('img', { name: `Weight heatmap of ${layer}` }).evaluate((el) => {
    const canvas = el instanceof HTMLCanvasElement ? el : el.querySelector('canvas');
    if (!canvas) throw new Error('no canvas');
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2d context');
    const d = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let grey = 0;
    let total = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i + 3] === 0) continue;
      total++;
      if (
        Math.abs(d[i] - 184) <= 2 &&
        Math.abs(d[i + 1] - 184) <= 2 &&
        Math.abs(d[i + 2] - 184) <= 2
      )
        grey++;
    }
    return { grey, total };
  });
}

test.describe('workbench', () => {
  test('opens on the pretrained cnn with WebGL and no console errors', async ({ page }) => {
    const lab = new LabPage(page);
    await lab.open();
    await expect(lab.backend).toHaveAttribute('data-start', 'webgl');
    await expect(lab.backend).toHaveAttribute('data-renderer', /SwiftShader/);
    const full = await lab.waitFullAccuracy();
    expect(full).toBeGreaterThan(0.95);
    await expect(page.getByRole('slider', { name: 'Global sparsity' })).toBeVisible();
    await expect(page.getByRole('img', { name: 'Weight heatmap of conv1' })).toBeVisible();
    expect(lab.errors).toEqual([]);
  });

  test('pruning conv1 to 90% greys its heatmap and lowers accuracy', async ({ page }) => {
    const lab = new LabPage(page);
    await lab.open();
    const before = await lab.waitFullAccuracy();
    const v0 = await lab.setupVersion();
    const clean = await prunedPixels(page, 'conv1');
    expect(clean.grey).toBe(0);
    await lab.setSlider('conv1 sparsity', 90);
    await expect(page.getByTestId('layer-pruned')).toHaveText('90.3% of weights pruned');
    const after = await prunedPixels(page, 'conv1');
    expect(after.grey / after.total).toBeGreaterThan(0.6);
    const acc = await lab.waitFullAccuracy(v0);
    expect(acc).toBeLessThan(before);
  });

  test('keyboard arrows move a slider and undo restores it', async ({ page }) => {
    const lab = new LabPage(page);
    await lab.open();
    const s = lab.slider('dense1 sparsity');
    await s.focus();
    await s.press('ArrowRight');
    await s.press('ArrowRight');
    await expect(s).toHaveAttribute('aria-valuenow', '2');
    await s.press('PageUp');
    await expect(s).toHaveAttribute('aria-valuenow', '12');
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect(s).toHaveAttribute('aria-valuenow', '2');
  });

  test('the Step button trains one batch and the pruning setup stays', async ({ page }) => {
    const lab = new LabPage(page);
    await lab.open('?layers=dense1:80&layer=dense1');
    await expect(page.getByTestId('layer-pruned')).toHaveText('80.0% of weights pruned');
    await page.getByRole('button', { name: 'Step' }).click();
    // The batch's progress report reached the page (not the "starting" placeholder).
    await lab.waitTrainProgress();
    await expect(page.getByRole('button', { name: 'Step' })).toBeEnabled();
    await expect(page.getByTestId('layer-pruned')).toHaveText('80.0% of weights pruned');
    await lab.waitFullAccuracy();
  });

  test('structured pruning removes whole filters', async ({ page }) => {
    const lab = new LabPage(page);
    await lab.open();
    await page.getByRole('combobox', { name: 'Pruning method' }).selectOption('l1-structured');
    await page.getByRole('button', { name: 'Show conv2' }).click();
    await lab.setSlider('conv2 sparsity', 50);
    await expect(page.getByRole('region', { name: 'Layer conv2' })).toContainText(
      '8 of 16 units removed',
    );
    const px = await prunedPixels(page, 'conv2');
    // 8 of 16 filters are grey, tile gaps aside.
    expect(px.grey / px.total).toBeGreaterThan(0.4);
    expect(px.grey / px.total).toBeLessThan(0.6);
  });

  test('the URL round-trips the pruning setup', async ({ page }) => {
    const lab = new LabPage(page);
    await lab.open();
    await page.getByRole('combobox', { name: 'Pruning method' }).selectOption('random');
    await lab.setSlider('Global sparsity', 40);
    await page.getByRole('button', { name: 'Lock dense1' }).click();
    await lab.setSlider('dense1 sparsity', 70);
    await lab.setSlider('Global sparsity', 30);
    // The address bar lags a slider by up to 200 ms (Home, then PageUp x3 passes 0, 10 and 20):
    // wait for the final setup, not just the layer part written earlier.
    await expect(page).toHaveURL(/[?&]g=30(&|$)/);
    await expect(page).toHaveURL(/layers=.*dense1:70L/);
    const url = page.url();
    const again = new LabPage(await page.context().newPage());
    await again.page.goto(url);
    await again.waitReady();
    await expect(again.page.getByRole('combobox', { name: 'Pruning method' })).toHaveValue(
      'random',
    );
    await expect(again.slider('Global sparsity')).toHaveAttribute('aria-valuenow', '30');
    await expect(again.slider('dense1 sparsity')).toHaveAttribute('aria-valuenow', '70');
    await expect(again.slider('conv1 sparsity')).toHaveAttribute('aria-valuenow', '30');
    await expect(again.page.getByRole('button', { name: 'Lock dense1' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
  });

  test('a hostile link is repaired with a notice', async ({ page }) => {
    const lab = new LabPage(page);
    await lab.open(
      '?model=%3Cimg%20src=x%20onerror=alert(1)%3E&g=900&layers=conv1:50,nope:20,conv2:abc',
    );
    await expect(page.getByText(/Unknown model/)).toBeVisible();
    await expect(page.getByText(/no layer "nope"/)).toBeVisible();
    await expect(lab.slider('conv1 sparsity')).toHaveAttribute('aria-valuenow', '50');
    await expect(page.locator('img[src="x"]')).toHaveCount(0);
  });

  test('100% sparsity everywhere is shown, not a crash', async ({ page }) => {
    const lab = new LabPage(page);
    await lab.open('?g=100');
    const acc = await lab.waitFullAccuracy();
    expect(acc).toBeLessThan(0.2);
    // Every kernel weight is gone; only the biases are left (8 + 16 + 16 + 64 + 10), since biases
    // are pruned only with their unit.
    await expect(page.getByTestId('params-kept')).toHaveText('114');
    expect(lab.errors).toEqual([]);
  });
});

test.describe('datasets', () => {
  test('the dataset picker shows a sample grid and switching updates it', async ({ page }) => {
    const lab = new LabPage(page);
    await lab.open();
    await page.getByRole('button', { name: /^Data:/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Choose a dataset' });
    await expect(dialog.getByTestId('sample')).toHaveCount(20);
    await expect(dialog.getByTestId('sample').first()).toContainText('0');
    await dialog.getByRole('tab', { name: 'Fashion-MNIST' }).click();
    await expect(dialog.getByTestId('sample')).toHaveCount(20);
    await expect(dialog.getByText('Ankle boot').first()).toBeVisible();
    const v0 = await lab.setupVersion();
    await dialog.getByRole('button', { name: 'Use Fashion-MNIST' }).click();
    await lab.waitReady(v0);
    await expect(page).toHaveURL(/data=fashion/);
  });

  test('the waveform dataset draws sequences as lines', async ({ page }) => {
    const lab = new LabPage(page);
    await lab.open('?model=lstm&data=waves');
    await page.getByRole('button', { name: /^Data:/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Choose a dataset' });
    await expect(dialog.getByTestId('sample')).toHaveCount(12);
    await expect(dialog.locator('polyline')).toHaveCount(12);
    await expect(dialog.getByText('sawtooth').first()).toBeVisible();
  });

  test('a corrupt data file shows a clear error', async ({ page }) => {
    await page.route('**/data/mnist-test-images.bin.gz', async (route) => {
      const res = await route.fetch();
      const body = Buffer.from(await res.body());
      body[Math.floor(body.length / 2)] ^= 0xff;
      await route.fulfill({ response: res, body });
    });
    await page.goto('/');
    await expect(page.getByRole('alert')).toContainText('mnist-test-images.bin.gz', {
      timeout: 60_000,
    });
    await expect(page.getByRole('alert')).toContainText(/corrupt|truncated/);
    // A visitor is told what to do, never a build command.
    await expect(page.getByRole('alert')).toContainText('Reload the page');
    await expect(page.getByRole('alert')).not.toContainText('npm');
  });
});

test('the app’s code failing to arrive shows what to do, not a blank page', async ({ page }) => {
  // The page's entry loads the app's code (start.tsx's chunk) after starting the engine.
  await page.route(/\/assets\/start-[^/]*\.js$/, (route) => route.abort());
  await page.goto('/');
  const alert = page.getByRole('alert');
  await expect(alert).toHaveText(
    'Pruning Lab could not load its code. Check the network connection, then reload the page.',
  );
  await expect(alert).toBeVisible();
});

test.describe('resilience', () => {
  test('a lost WebGL context is rebuilt and the setup kept', async ({ page }) => {
    const lab = new LabPage(page);
    await lab.open('?layers=dense1:60');
    await lab.waitFullAccuracy();
    const v0 = await lab.setupVersion();
    const lost = await page.evaluate(() =>
      (
        window as unknown as { pruningLab: { loseContext: () => Promise<boolean> } }
      ).pruningLab.loseContext(),
    );
    expect(lost).toBe(true);
    await expect(page.getByText(/WebGL context was lost/)).toBeVisible({ timeout: 30_000 });
    await lab.waitReady(v0);
    await expect(lab.slider('dense1 sparsity')).toHaveAttribute('aria-valuenow', '60');
    await expect(lab.backend).toHaveAttribute('data-start', 'webgl');
    const acc = await lab.waitFullAccuracy(v0);
    expect(acc).toBeGreaterThan(0.9);
  });
});

test('N:M 2:4 on conv1 says why less than half is pruned (9 inputs per filter)', async ({
  page,
}) => {
  const lab = new LabPage(page);
  await lab.open('?method=nm-2-4&layer=conv1');
  const note = page.getByTestId('nm-remainder');
  await expect(note).toContainText('each unit has 9 inputs');
  await expect(note).toContainText('the last 1 do not and stay');
  await expect(note).toContainText('44.4% is pruned rather than the 50%');
  await expect(page.getByTestId('layer-pruned')).toContainText('44.4%');
});

test.describe('lessons', () => {
  // Rewritten for the eight-lesson course (lesson 4 steps from the cnn to the LSTM on waves) and not
  // yet seen to pass in the browser; the same race is covered in Node by src/store/actions.test.ts.
  test('opening the LSTM lesson right after the cnn loads: no cnn mask reaches the LSTM', async ({
    page,
  }) => {
    const lab = new LabPage(page);
    // The cnn's preview has landed; its full pass and baseline are still running.
    await lab.open('?view=lessons&g=50');
    const v0 = await lab.setupVersion();
    // Lesson 4 opens on the cnn; its next step is the LSTM on waves.
    await page.getByRole('button', { name: /^Start lesson 4:/ }).click();
    await page
      .getByRole('navigation', { name: 'Lesson steps' })
      .getByRole('button', { name: /Next/ })
      .click();
    const acc = await lab.waitFullAccuracy(v0);
    await expect(page).toHaveURL(/model=lstm&data=waves/);
    expect(acc).toBeGreaterThan(0.25);
    await expect(page.getByText(/Evaluation failed|entries but the tensor holds/)).toHaveCount(0);
    expect(lab.errors).toEqual([]);
    // One undo step takes the whole lesson back: the cnn again.
    await page.getByRole('button', { name: /^Undo/ }).click();
    await expect(page).toHaveURL(/model=cnn/);
  });
});
