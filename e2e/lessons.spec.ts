/**
 * Lessons beside the workbench, in Chromium with WebGL: every lesson walked from its link to the
 * end of its quiz (each step's scene, its measurement done as the step says, its check rejecting
 * a wrong answer and accepting the measured one); lesson 1 by keyboard only; a teacher's link
 * hides controls and says so.
 */
import { expect, test } from '@playwright/test';
import { LabPage } from './app.ts';
import { walkLesson } from './lesson-walk.ts';
import { COURSE } from '../src/lessons/course.ts';

test.describe.configure({ timeout: 1_200_000 });

for (const [i, lesson] of COURSE.entries()) {
  const keyboard = i === 0;
  test(`lesson ${i + 1}, ${lesson.title}: every step and the quiz${keyboard ? ', keyboard only' : ''}`, async ({
    page,
  }) => {
    const lab = new LabPage(page);
    await walkLesson(lab, lesson, keyboard);
    await expect(lab.backend).toHaveAttribute('data-start', 'webgl');
    await expect(lab.backend).toHaveAttribute('data-renderer', /SwiftShader/);
    expect(lab.errors).toEqual([]);
  });
}

test('a teacher link hides controls and says so on screen', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open('?hide=method,layers,train&lock=global');
  await expect(page.getByTestId('gate-note')).toContainText(
    'Some controls are hidden by this link',
  );
  await expect(page.getByRole('combobox', { name: 'Pruning method' })).toHaveCount(0);
  await expect(page.getByRole('list', { name: 'Layers, input to output' })).toHaveCount(0);
  await expect(page.getByRole('contentinfo', { name: 'Training' })).toHaveCount(0);
  await expect(lab.slider('Global sparsity')).toBeVisible();
  await expect(page.locator('fieldset[data-control="global"]')).toHaveAttribute('disabled');
  await expect(lab.slider('Global sparsity')).toHaveAttribute('data-disabled');
  await expect(page).toHaveURL(/hide=method,layers,train&lock=global/);
});
