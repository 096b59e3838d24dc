/**
 * Lessons beside the workbench: a lesson link opens its step's scene; each step's check accepts
 * the answer computed from the app's own measurements and rejects a wrong one; keyboard only, a
 * student goes through a whole lesson; a teacher's link hides controls and says so.
 */
import { expect, test, type Page } from '@playwright/test';
import { LabPage } from './app.ts';
import { lessonById } from '../src/lessons/course.ts';
import type { LessonObservation, LessonStep } from '../src/lessons/types.ts';

const STATE_WAIT = 240_000;

/** The observation the app builds for the setup on screen (null while computing). */
async function observation(page: Page): Promise<LessonObservation | null> {
  return page.evaluate(() => {
    const lab = (window as unknown as { pruningLab: { observation: () => unknown } }).pruningLab;
    return lab.observation() as LessonObservation | null;
  });
}

/** Waits until the step's scene is on screen and measured, and returns its observation. */
async function sceneReady(lab: LabPage, s: LessonStep): Promise<LessonObservation> {
  await lab.waitReady();
  let o: LessonObservation | null = null;
  await expect
    .poll(
      async () => {
        o = await observation(lab.page);
        return o && o.model === s.scene.model && o.method === s.scene.method && o.accuracy !== null
          ? `${o.layer}:${o.globalSparsity}`
          : null;
      },
      { timeout: STATE_WAIT },
    )
    .toBe(`${s.scene.layer}:${s.scene.globalSparsity}`);
  return o as unknown as LessonObservation;
}

/** A wrong answer of the step's kind. */
function wrong(s: LessonStep, right: string): string {
  if (s.answer.kind === 'choice') return s.answer.options.find((o) => o.id !== right)?.id ?? '';
  return String(Number(right) + 1000);
}

test('keyboard only, a student walks lesson 1: each scene, and its check accepts the measured answer and rejects a wrong one', async ({
  page,
}) => {
  const lesson = lessonById('kinds');
  if (!lesson) throw new Error('lesson kinds missing');
  const lab = new LabPage(page);
  await lab.open('?lesson=kinds');
  const panel = page.getByRole('complementary', { name: 'Lesson' });
  await expect(panel).toBeVisible();
  for (const [i, s] of lesson.steps.entries()) {
    await expect(panel.getByRole('heading', { name: s.title })).toBeVisible({
      timeout: STATE_WAIT,
    });
    await expect(page).toHaveURL(new RegExp(`lesson=kinds${i > 0 ? `&step=${i + 1}` : ''}`));
    const o = await sceneReady(lab, s);
    const right = s.expected(o);
    if (right !== null) {
      for (const [answer, ok] of [
        [wrong(s, right), false],
        [right, true],
      ] as const) {
        if (s.answer.kind === 'number') {
          const field = panel.getByRole('textbox');
          await field.focus();
          await page.keyboard.press('ControlOrMeta+A');
          await page.keyboard.type(answer);
          await page.keyboard.press('Enter');
        } else {
          const option = panel.getByRole('radio', {
            name: s.answer.options.find((x) => x.id === answer)?.label,
            exact: true,
          });
          await option.focus();
          await page.keyboard.press('Space');
          await page.keyboard.press('Enter');
        }
        await expect(panel.locator(ok ? '.lesson-ok' : '.lesson-bad')).toBeVisible();
      }
    }
    // Next by keyboard: leave the field, then the presenter key.
    await page.keyboard.press('Escape');
    await page.locator('body').focus();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('ArrowRight');
  }
  await expect(panel.getByText(/Quiz 1 of/)).toBeVisible();
  expect(lab.errors).toEqual([]);
});

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
