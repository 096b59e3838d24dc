/**
 * Soak benchmark, in the built app (cnn on MNIST): 1,000 slider moves (ArrowRight / ArrowLeft on
 * conv2's sparsity slider, in runs of 10 so the value stays in range), then 10 train / evaluate
 * cycles (▶ Fine-tune, cancel after 3 batches, wait until the full test-set accuracy of the current
 * masks is shown). Prints, at the start, after the moves and after the cycles: the worker's tfjs
 * tensor count, the page's JS heap (CDP Runtime.getHeapUsage), the longest main-thread task
 * (PerformanceObserver 'longtask', per stage: the tasks since the previous reading, the forced
 * garbage collection before the heap reading excluded) and the requests for /favicon.svg.
 * Run: npx tsx bench/soak-bench.ts [--moves=1000] [--cycles=10]   (BENCH_PORT sets the port)
 */
import type { CDPSession, Page } from '@playwright/test';
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

declare global {
  interface Window {
    __plSoakTasks?: number[];
  }
}

/** Figures read at one moment of the soak. */
export interface SoakPoint {
  stage: string;
  tensors: number;
  heapMB: number;
  longestTaskMs: number;
  longTasks: number;
  faviconRequests: number;
  seconds: number;
}

async function startObserver(page: Page): Promise<void> {
  await page.evaluate(() => {
    window.__plSoakTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__plSoakTasks!.push(e.duration);
    }).observe({ type: 'longtask' });
  });
}

async function read(
  page: Page,
  cdp: CDPSession,
  stage: string,
  favicon: { n: number },
  t0: number,
): Promise<SoakPoint> {
  const tensors = await page.evaluate(() => window.pruningLab!.numTensors());
  // Long tasks are read before the forced garbage collection, which is a long task of its own.
  const tasks = await page.evaluate(() => window.__plSoakTasks ?? []);
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  // Let the collection's own long-task entry arrive, then start the next stage's count.
  await page.waitForTimeout(300);
  await page.evaluate(() => window.__plSoakTasks?.splice(0));
  return {
    stage,
    tensors,
    heapMB: heap.usedSize / 2 ** 20,
    longestTaskMs: tasks.length ? Math.max(...tasks) : 0,
    longTasks: tasks.length,
    faviconRequests: favicon.n,
    seconds: (performance.now() - t0) / 1000,
  };
}

/** `moves` slider steps, direction flipping every 10 so the value stays inside 0..100%. */
async function moveSlider(page: Page, moves: number): Promise<void> {
  const slider = page.getByRole('slider', { name: 'conv2 sparsity' });
  await slider.focus();
  for (let i = 0; i < moves; i++)
    await page.keyboard.press(Math.floor(i / 10) % 2 === 0 ? 'ArrowRight' : 'ArrowLeft');
}

/** One fine-tune cancelled after 3 batches, then the evaluation of the result. */
async function trainCycle(page: Page): Promise<void> {
  await page.getByRole('button', { name: '▶ Fine-tune' }).click();
  await page.waitForFunction(() => (window.pruningLab?.state().progress?.done ?? 0) >= 3, null, {
    timeout: 300_000,
    polling: 100,
  });
  await page.getByRole('button', { name: '■ Cancel' }).click();
  await page.waitForFunction(() => window.pruningLab?.state().trainStatus === 'idle', null, {
    timeout: 120_000,
  });
  await waitForIdle(page);
}

export async function runSoakBench(
  opts: { server?: Server; moves?: number; cycles?: number } = {},
): Promise<SoakPoint[] | null> {
  const moves = opts.moves ?? 1000;
  const cycles = opts.cycles ?? 10;
  if (!availableCheckpoints('mnist').includes('cnn')) {
    console.log('no cnn checkpoint yet, skipped');
    return null;
  }
  const { server, own } = await serverFor(opts.server, async () => {
    await buildApp();
    return startPreview();
  });
  const browser = await launchChromium();
  try {
    const { context, page } = await openApp(browser, `${server.url}/?model=cnn`);
    const favicon = { n: 0 };
    page.on('request', (r) => {
      if (new URL(r.url()).pathname.endsWith('/favicon.svg')) favicon.n++;
    });
    const cdp = await context.newCDPSession(page);
    await waitForIdle(page);
    const backend = await appBackend(page);
    await page.getByRole('button', { name: 'Show conv2' }).click();
    await startObserver(page);
    const t0 = performance.now();
    const points = [await read(page, cdp, 'start', favicon, t0)];
    await moveSlider(page, moves);
    await waitForIdle(page);
    points.push(await read(page, cdp, `after ${moves} slider moves`, favicon, t0));
    for (let c = 0; c < cycles; c++) await trainCycle(page);
    points.push(await read(page, cdp, `after ${cycles} train/evaluate cycles`, favicon, t0));
    await context.close();
    printTable(
      `Soak, cnn on MNIST (${backend})`,
      ['stage', 'tensors', 'heap MB', 'longest task ms', 'long tasks', '/favicon.svg', 's'],
      points.map((p) => [
        p.stage,
        p.tensors,
        fmt(p.heapMB, 1),
        fmt(p.longestTaskMs, 0),
        p.longTasks,
        p.faviconRequests,
        fmt(p.seconds, 0),
      ]),
      1,
    );
    writeResult('soak', { moves, cycles, backend, points });
    return points;
  } finally {
    await browser.close();
    if (own) server.stop();
  }
}

if (isMain(import.meta.url)) {
  const arg = (name: string): number | undefined => {
    const a = process.argv.find((x) => x.startsWith(`--${name}=`));
    return a ? Number(a.slice(name.length + 3)) : undefined;
  };
  runSoakBench({ moves: arg('moves'), cycles: arg('cycles') }).then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e);
      stopAll();
      process.exit(1);
    },
  );
}
