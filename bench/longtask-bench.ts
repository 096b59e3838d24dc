/**
 * Long tasks on the main thread while training runs: in the built app (cnn on MNIST), start a
 * 1-epoch fine-tune ("▶ Fine-tune"), record 'longtask' entries with a PerformanceObserver
 * (buffered) for ~20 s of training, then cancel ("■ Cancel"). Reports the count, the longest and
 * the total of the tasks over 50 ms that started after the click, and how far training got.
 * Run: npx tsx bench/longtask-bench.ts [--seconds=20]
 */
import { appBackend, openApp, waitForIdle } from './app.ts';
import {
  availableCheckpoints,
  buildApp,
  fmt,
  isMain,
  launchChromium,
  printTable,
  serverFor,
  startPreview,
  stopAll,
  writeResult,
  type Server,
} from './lib.ts';

interface LongTask {
  start: number;
  duration: number;
}

declare global {
  interface Window {
    __plLongTasks?: LongTask[];
  }
}

export interface LongTaskResult {
  model: string;
  seconds: number;
  count: number;
  maxMs: number;
  totalMs: number;
  /** Share of the window spent in long tasks. */
  busyShare: number;
  tasks: LongTask[];
  /** From the click to the first progress report shown, ms. */
  firstProgressMs: number;
  progress: { done: number; total: number; examplesPerSec: number } | null;
  /** Examples per second by the clock: batches done between the first and the last report read. */
  wallExamplesPerSec: number | null;
  backend: string;
}

export async function runLongTaskBench(
  opts: { server?: Server; seconds?: number; model?: string } = {},
): Promise<LongTaskResult | null> {
  const seconds = opts.seconds ?? 20;
  const model = opts.model ?? 'cnn';
  if (!availableCheckpoints('mnist').includes(model)) {
    console.log(`no ${model} checkpoint yet, skipped`);
    return null;
  }
  const { server, own } = await serverFor(opts.server, async () => {
    await buildApp();
    return startPreview();
  });
  const browser = await launchChromium();
  try {
    const { context, page } = await openApp(browser, `${server.url}/?model=${model}`);
    await waitForIdle(page);
    const backend = await appBackend(page);
    await page.getByRole('spinbutton', { name: 'Epochs' }).fill('1');
    await page.evaluate(() => {
      window.__plLongTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries())
          window.__plLongTasks!.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: true });
    });
    const tClick = await page.evaluate(() => performance.now());
    await page.getByRole('button', { name: '▶ Fine-tune' }).click();
    await page.waitForFunction(() => window.pruningLab?.state().progress != null, null, {
      timeout: 120_000,
      polling: 50,
    });
    const first = await page.evaluate(() => ({
      t: performance.now(),
      done: window.pruningLab?.state().progress?.done ?? 0,
      batch: window.pruningLab?.state().batchSize ?? 0,
    }));
    const firstProgressMs = first.t - tClick;
    await page.waitForTimeout(seconds * 1000);
    const tEnd = await page.evaluate(() => performance.now());
    const progress = await page.evaluate(() => {
      const p = window.pruningLab?.state().progress;
      return p ? { done: p.done, total: p.total, examplesPerSec: p.examplesPerSec } : null;
    });
    const wallExamplesPerSec = progress
      ? ((progress.done - first.done) * first.batch * 1000) / (tEnd - first.t)
      : null;
    const running = await page.evaluate(() => window.pruningLab?.state().trainStatus);
    if (running !== 'running')
      console.log(`  note: training was ${running} at the end of the window`);
    const all = await page.evaluate(() => window.__plLongTasks ?? []);
    await page.getByRole('button', { name: '■ Cancel' }).click();
    await page.waitForFunction(() => window.pruningLab?.state().trainStatus === 'idle', null, {
      timeout: 60_000,
    });
    await context.close();

    const tasks = all.filter((t) => t.start >= tClick && t.start <= tEnd);
    const totalMs = tasks.reduce((a, t) => a + t.duration, 0);
    const result: LongTaskResult = {
      model,
      seconds: (tEnd - tClick) / 1000,
      count: tasks.length,
      maxMs: tasks.length ? Math.max(...tasks.map((t) => t.duration)) : 0,
      totalMs,
      busyShare: totalMs / (tEnd - tClick),
      tasks,
      firstProgressMs,
      progress,
      wallExamplesPerSec,
      backend,
    };
    printTable(
      `Main-thread long tasks (> 50 ms) while a 1-epoch fine-tune runs, ${model}, ${fmt(result.seconds, 1)} s from the click`,
      [
        'count',
        'max ms',
        'total ms',
        'busy',
        'first progress ms',
        'batches done',
        'ex/s shown',
        'ex/s by clock',
      ],
      [
        [
          result.count,
          fmt(result.maxMs, 0),
          fmt(result.totalMs, 0),
          `${fmt(result.busyShare * 100, 1)}%`,
          fmt(firstProgressMs, 0),
          progress ? `${progress.done}/${progress.total}` : '—',
          progress ? fmt(progress.examplesPerSec, 0) : '—',
          fmt(wallExamplesPerSec, 0),
        ],
      ],
    );
    if (tasks.length) {
      const top = [...tasks].sort((a, b) => b.duration - a.duration).slice(0, 5);
      console.log(
        `longest: ${top.map((t) => `${fmt(t.duration, 0)} ms at +${fmt((t.start - tClick) / 1000, 1)} s`).join(', ')}`,
      );
    }
    writeResult('longtasks', { ...result });
    return result;
  } finally {
    await browser.close();
    if (own) server.stop();
  }
}

if (isMain(import.meta.url)) {
  const s = process.argv.find((a) => a.startsWith('--seconds='))?.slice(10);
  const model = process.argv.find((a) => a.startsWith('--model='))?.slice(8);
  runLongTaskBench({ seconds: s ? Number(s) : undefined, model }).then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e);
      stopAll();
      process.exit(1);
    },
  );
}
