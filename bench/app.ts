/**
 * Helpers for the benchmarks that drive the built app: the `window.pruningLab` hook's type,
 * opening the app, waiting until it is idle, and reading performance marks.
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import type { AppState } from '../src/store/index.ts';
import { PAGE_OPTIONS } from './lib.ts';

declare global {
  interface Window {
    /** Installed by src/boot.ts. */
    pruningLab?: {
      state(): AppState;
      numTensors(): Promise<number>;
      loseContext(): Promise<boolean>;
    };
  }
}

/** A performance mark as plain data. */
export interface Mark {
  name: string;
  startTime: number;
  kind?: string;
}

/** Opens the app in a fresh browser context (empty cache); page errors are printed. */
export async function openApp(
  browser: Browser,
  url: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(PAGE_OPTIONS);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`  page exception: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') console.error(`  page error: ${m.text()}`);
  });
  await page.goto(url);
  return { context, page };
}

/**
 * Waits until the app is idle: model loaded, the full test-set accuracy of the current masks shown,
 * the baseline evaluated and the accuracy-vs-sparsity curve complete (so the engine queue is empty).
 */
export async function waitForIdle(page: Page, timeoutMs = 180_000): Promise<void> {
  await page.waitForFunction(
    () => {
      const s = window.pruningLab?.state();
      if (!s) return false;
      if (s.status === 'error') throw new Error(s.error ?? 'the app reported an error');
      return (
        s.status === 'ready' &&
        s.full !== null &&
        s.full.version === s.maskVersion &&
        s.baseline !== null &&
        s.curve !== null &&
        s.curve.points.length >= 8
      );
    },
    null,
    { timeout: timeoutMs, polling: 200 },
  );
  await page.waitForTimeout(500);
}

/** The backend and renderer the app's engine reports. */
export async function appBackend(page: Page): Promise<string> {
  return page.evaluate(() => {
    const b = window.pruningLab?.state().backend;
    return b ? `${b.backend} · ${b.renderer}` : 'unknown';
  });
}

/** Every performance mark whose name starts with 'pl:', in time order. */
export async function readMarks(page: Page): Promise<Mark[]> {
  return page.evaluate(() =>
    performance
      .getEntriesByType('mark')
      .filter((m) => m.name.startsWith('pl:'))
      .map((m) => {
        const detail = (m as PerformanceMark).detail as { kind?: string } | null;
        return { name: m.name, startTime: m.startTime, kind: detail?.kind };
      })
      .sort((a, b) => a.startTime - b.startTime),
  );
}

/** Clears the performance marks of the page. */
export async function clearMarks(page: Page): Promise<void> {
  await page.evaluate(() => performance.clearMarks());
}
