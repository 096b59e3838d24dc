/**
 * Walking a lesson in the browser as a student does: wait for each step's scene, do what the step
 * asks (press the run button, drag the slider, measure latency), then answer its question wrong
 * and right through the lesson panel and see the check reject and accept. The right answer is the
 * one the app's own measurements give (the lesson's `expected` on the app's observation).
 */
import { expect, type Locator, type Page } from '@playwright/test';
import type { LabPage } from './app.ts';
import type { Lesson, LessonObservation, Question, Scene } from '../src/lessons/types.ts';

/** Runs and analyses on a shared 2-core machine: generous, and only the app's state is waited on. */
export const RUN_WAIT = 600_000;

/** The observation the app builds for the setup on screen (null while computing). */
export async function observation(page: Page): Promise<LessonObservation | null> {
  return page.evaluate(() => {
    const lab = (window as unknown as { pruningLab: { observation: () => unknown } }).pruningLab;
    return lab.observation() as LessonObservation | null;
  });
}

/** Polls the observation until `pick` returns a value, and returns it. */
export async function until<T>(
  page: Page,
  pick: (o: LessonObservation) => T | null | undefined,
  timeout = RUN_WAIT,
): Promise<T> {
  let out: T | null | undefined = null;
  await expect
    .poll(
      async () => {
        const o = await observation(page);
        out = o ? pick(o) : null;
        return out !== null && out !== undefined;
      },
      { timeout, intervals: [250, 500, 1000] },
    )
    .toBe(true);
  return out as T;
}

/** Waits until the scene is the one on screen: model, data, method, sparsity, layer and view. */
export async function expectScene(lab: LabPage, scene: Scene): Promise<void> {
  const page = lab.page;
  await lab.waitReady();
  await until(page, (o) =>
    o.model === scene.model &&
    o.dataset === scene.dataset &&
    o.method === scene.method &&
    o.layer === scene.layer &&
    Math.abs(o.globalSparsity - scene.globalSparsity) < 1e-9
      ? true
      : null,
  );
  const views = page.getByRole('tablist', { name: 'Views' });
  const view = scene.view === 'workbench' ? 'Workbench' : 'Experiments';
  await expect(views.getByRole('tab', { name: view })).toHaveAttribute('aria-selected', 'true');
  if (scene.view === 'workbench') {
    await expect(page.getByRole('region', { name: `Layer ${scene.layer}` })).toBeVisible();
    await expect(page.getByRole('combobox', { name: 'Pruning method' })).toHaveValue(scene.method);
  } else if (scene.experimentTab) {
    await expect(page.locator(`#xp-tab-${scene.experimentTab}`)).toHaveAttribute(
      'aria-selected',
      'true',
    );
  }
}

/** The button a step asks the student to press for what it needs, if any. */
function actionButton(page: Page, q: Question, scene: Scene): Locator | null {
  const tab = scene.view === 'experiments' ? scene.experimentTab : undefined;
  const button = (name: RegExp) => page.getByRole('button', { name });
  if (q.needs.includes('latency')) return button(/^Measure (latency|again)$/);
  if (q.needs.includes('allocation')) return button(/^Apply to workbench$/);
  if (tab === 'sensitivity' && q.needs.includes('sensitivity'))
    return button(/Run sensitivity analysis/);
  if (tab === 'schedules' && q.needs.includes('runs'))
    return button(q.id.includes('iterative') ? /Run iterative pruning/ : /Run gradual vs one-shot/);
  if (tab === 'sweep' && (q.needs.includes('runs') || q.needs.includes('random-curve')))
    return button(/Run sweep/);
  return null;
}

/**
 * Drags a layer's slider up by keyboard, 10 points at a time, each position measured, until the
 * accuracy falls below `threshold`.
 */
async function dragUntilBelow(lab: LabPage, layer: string, threshold: number): Promise<void> {
  for (let p = 10; p <= 100; p += 10) {
    const before = await lab.setupVersion();
    await lab.setSlider(`${layer} sparsity`, p);
    await lab.waitReady(before);
    const o = await until(lab.page, (x) => x);
    if (o.trail.some((t) => t.layer === layer && t.accuracy < threshold)) return;
  }
}

/** Does what the question needs measured, then waits until its answer is known; returns it. */
export async function measure(lab: LabPage, q: Question, scene: Scene): Promise<string> {
  const page = lab.page;
  const known = await observation(page);
  if (known && q.expected(known) !== null) return q.expected(known)!;
  if (q.needs.includes('trail')) await dragUntilBelow(lab, scene.layer, 0.9);
  const button = actionButton(page, q, scene);
  if (button) {
    await expect(button).toBeEnabled({ timeout: RUN_WAIT });
    await button.click();
  }
  return until(page, (o) => q.expected(o));
}

/** Types or picks `answer` in the lesson panel and presses Check (by keyboard when asked). */
async function answer(panel: Locator, q: Question, text: string, keyboard: boolean): Promise<void> {
  const page = panel.page();
  if (q.answer.kind === 'number') {
    const field = panel.getByRole('textbox');
    if (keyboard) {
      await field.focus();
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type(text);
      await page.keyboard.press('Enter');
    } else {
      await field.fill(text);
      await panel.getByRole('button', { name: 'Check' }).click();
    }
    return;
  }
  const label = q.answer.options.find((x) => x.id === text)?.label ?? text;
  const option = panel.getByRole('radio', { name: label, exact: true });
  if (keyboard) {
    await option.focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('Enter');
  } else {
    await option.check();
    await panel.getByRole('button', { name: 'Check' }).click();
  }
}

/** A wrong answer of the question's kind: far outside the tolerance, or another option. */
function wrongAnswer(q: Question, right: string, o: LessonObservation): string {
  if (q.answer.kind === 'choice')
    return q.answer.options.find((x) => !q.check(x.id, o).ok)?.id ?? '';
  const v = Number(right);
  return String(Math.round(v + 3 * (q.tolerance?.(v) ?? 0) + 25));
}

/** Checks the question: a wrong answer is rejected, the measured one accepted. */
export async function checkAnswers(
  lab: LabPage,
  panel: Locator,
  q: Question,
  right: string,
  keyboard: boolean,
): Promise<void> {
  const o = await until(lab.page, (x) => x);
  const wrong = wrongAnswer(q, right, o);
  log(`${q.id}: right ${right}, wrong ${wrong}`);
  expect(q.check(wrong, o).ok, `${q.id}: ${wrong} is wrong`).toBe(false);
  if (q.readout === 'accuracy')
    expect(Math.abs((await lab.accuracyValue()) * 100 - Number(right)), q.id).toBeLessThan(0.051);
  await answer(panel, q, wrong, keyboard);
  await expect(panel.locator('.lesson-bad')).toBeVisible();
  await answer(panel, q, right, keyboard);
  await expect(panel.locator('.lesson-ok')).toBeVisible();
}

/** Goes to the next position: the Next button, or the presenter key from outside any field. */
export async function next(panel: Locator, keyboard: boolean): Promise<void> {
  const page = panel.page();
  if (!keyboard) return panel.getByRole('button', { name: 'Next' }).click();
  await page.keyboard.press('Escape');
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('ArrowRight');
}

/** Whether a later quiz question reads the live curve of this scene's method. */
function quizReadsCurve(lesson: Lesson, scene: Scene): boolean {
  return (
    scene.view === 'workbench' &&
    lesson.quiz.some((q) => q.needs.includes('curve') || q.needs.includes('random-curve'))
  );
}

/** Progress on the console when E2E_LOG is set (a long walk on a slow machine). */
function log(text: string): void {
  if (process.env.E2E_LOG) console.log(text);
}

/** Walks every step and the quiz of `lesson`, from the link that opens it. */
export async function walkLesson(lab: LabPage, lesson: Lesson, keyboard = false): Promise<void> {
  const page = lab.page;
  await lab.open(`?lesson=${lesson.id}`);
  const panel = page.getByRole('complementary', { name: 'Lesson' });
  await expect(panel).toBeVisible();
  for (const [i, s] of lesson.steps.entries()) {
    await expect(panel.getByRole('heading', { name: s.title, exact: true })).toBeVisible({
      timeout: RUN_WAIT,
    });
    await expect(page).toHaveURL(new RegExp(`lesson=${lesson.id}${i > 0 ? `&step=${i + 1}` : ''}`));
    log(`${lesson.id} step ${i + 1}: scene`);
    await expectScene(lab, s.scene);
    log(`${lesson.id} step ${i + 1}: measuring`);
    if (quizReadsCurve(lesson, s.scene))
      await until(page, (o) => o.curves[s.scene.method]?.some((p) => p.sparsity >= 0.98) || null);
    const right = await measure(lab, s, s.scene);
    await checkAnswers(lab, panel, s, right, keyboard);
    await next(panel, keyboard);
  }
  const last = lesson.steps[lesson.steps.length - 1].scene;
  for (const [i, q] of lesson.quiz.entries()) {
    await expect(panel.getByText(`Quiz ${i + 1} of ${lesson.quiz.length}`)).toBeVisible();
    log(`${lesson.id} quiz ${i + 1}: measuring`);
    const right = await measure(lab, q, last);
    await checkAnswers(lab, panel, q, right, keyboard);
    if (i < lesson.quiz.length - 1) await next(panel, keyboard);
  }
  await expect(panel.getByRole('button', { name: 'Next' })).toBeDisabled();
}
