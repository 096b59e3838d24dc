/**
 * Start-up benchmark: time from navigation start to the "Test accuracy" readout
 * (data-testid="test-accuracy") first showing a live percentage (data-state="current", not the
 * checkpoint's recorded value shown while it computes), and to the full test-set value
 * (data-kind="full"), for the built app served by `vite preview`. Cold: a new browser context
 * (empty HTTP cache) per run. The times are taken in the page by a MutationObserver installed
 * before any script runs, relative to the navigation start (performance.timeOrigin).
 * Then offline reloads: a first visit until the service worker controls the page and the backend
 * probe is cached (a complete visit), network cut, reload, time to the readout.
 * Run: npx tsx bench/startup-bench.ts [--runs=5] [--model=cnn]
 */
import type { Browser, Page } from '@playwright/test';
import {
  buildApp,
  fmt,
  isMain,
  launchChromium,
  median,
  PAGE_OPTIONS,
  printTable,
  runMain,
  serverFor,
  startPreview,
  summarize,
  writeResult,
  type Server,
  type Summary,
} from './lib.ts';
import { appBackend } from './app.ts';

interface StartupRecord {
  shown: number | null;
  accuracy: number | null;
  accuracyText: string | null;
  full: number | null;
  fullText: string | null;
}

declare global {
  interface Window {
    __plStartup?: StartupRecord;
  }
}

/** One cold start, ms from navigation start. */
export interface StartupRun {
  responseEnd: number;
  domContentLoaded: number;
  load: number;
  firstContentfulPaint: number | null;
  /** The readout's first %: the checkpoint's recorded value (marked so) or a live one. */
  shown: number;
  accuracy: number;
  accuracyText: string;
  full: number;
  fullText: string;
}

export interface StartupResult {
  runs: StartupRun[];
  accuracy: Summary;
  full: Summary;
  /** Offline reload to the first accuracy readout. */
  offline: Summary;
  backend: string;
}

/**
 * Installed with addInitScript (as source text: tsx would wrap named functions in a helper the
 * page lacks): records when the readout first shows a % (the checkpoint's recorded value shows,
 * marked so, while the first evaluation runs), its first live value (data-state="current"; builds
 * from before that attribute marked a live value by data-kind alone), and its first full value.
 */
const OBSERVE_READOUT = `(() => {
  const rec = { shown: null, accuracy: null, accuracyText: null, full: null, fullText: null };
  window.__plStartup = rec;
  const observer = new MutationObserver(() => {
    const el = document.querySelector('[data-testid="test-accuracy"]');
    const text = el ? el.textContent || '' : '';
    if (!el || !text.includes('%')) return;
    const now = performance.now();
    if (rec.shown === null) rec.shown = now;
    const state = el.getAttribute('data-state');
    const kind = el.getAttribute('data-kind');
    if (state === null ? kind !== 'preview' && kind !== 'full' : state !== 'current') return;
    if (rec.accuracy === null) {
      rec.accuracy = now;
      rec.accuracyText = text;
    }
    if (rec.full === null && el.getAttribute('data-kind') === 'full') {
      rec.full = now;
      rec.fullText = text;
      observer.disconnect();
    }
  });
  observer.observe(document, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
    attributeFilter: ['data-kind', 'data-state'],
  });
})();`;

/** The milestones the page recorded, ms from its navigation start. */
function readRun(page: Page): Promise<StartupRun> {
  return page.evaluate(() => {
    const rec = window.__plStartup!;
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    return {
      responseEnd: nav.responseEnd,
      domContentLoaded: nav.domContentLoadedEventEnd,
      load: nav.loadEventEnd,
      firstContentfulPaint: fcp ? fcp.startTime : null,
      shown: rec.shown!,
      accuracy: rec.accuracy!,
      accuracyText: rec.accuracyText!,
      full: rec.full!,
      fullText: rec.fullText!,
    };
  });
}

export async function coldStart(browser: Browser, url: string): Promise<StartupRun> {
  const context = await browser.newContext(PAGE_OPTIONS);
  try {
    await context.addInitScript({ content: OBSERVE_READOUT });
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error(`  page exception: ${e.message}`));
    await page.goto(url);
    await page.waitForFunction(() => (window.__plStartup?.full ?? null) !== null, null, {
      timeout: 180_000,
      polling: 100,
    });
    return await readRun(page);
  } finally {
    await context.close();
  }
}

/**
 * One offline reload, ms from navigation start: a first visit (new context) until the service
 * worker controls the page and the backend probe is cached, then the network cut and the page
 * reloaded from the cache.
 */
export async function offlineReload(browser: Browser, url: string): Promise<StartupRun> {
  const context = await browser.newContext(PAGE_OPTIONS);
  try {
    await context.addInitScript({ content: OBSERVE_READOUT });
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
      timeout: 180_000,
      polling: 200,
    });
    await page.waitForFunction(() => (window.__plStartup?.full ?? null) !== null, null, {
      timeout: 180_000,
    });
    // The visit is complete once the backend probe (run after the first readout) is measured and
    // cached: a return visit starts from it. A reload that cuts the probe short starts as a first
    // visit would (the cold start above), only from the service worker's cache.
    await page.waitForFunction(() => window.pruningLab?.state().backendPlan != null, null, {
      timeout: 180_000,
      polling: 200,
    });
    await context.setOffline(true);
    await page.reload();
    await page.waitForFunction(() => (window.__plStartup?.full ?? null) !== null, null, {
      timeout: 180_000,
      polling: 100,
    });
    return await readRun(page);
  } finally {
    await context.close();
  }
}

/** Offline reloads (see offlineReload), printed as a table of medians. */
async function measureOffline(browser: Browser, url: string, n: number): Promise<Summary> {
  const runs: StartupRun[] = [];
  for (let i = 0; i < n; i++) {
    const r = await offlineReload(browser, url);
    runs.push(r);
    console.log(
      `  offline reload ${i + 1}: readout ${fmt(r.accuracy, 0)} ms, full ${fmt(r.full, 0)} ms`,
    );
  }
  const row = (name: string, xs: number[]) => [
    name,
    fmt(median(xs), 0),
    fmt(Math.min(...xs), 0),
    fmt(Math.max(...xs), 0),
  ];
  printTable(
    `Offline reload (service worker, network cut), ms from navigation start, median of ${n}`,
    ['milestone', 'median', 'min', 'max'],
    [
      row(
        'DOMContentLoaded',
        runs.map((r) => r.domContentLoaded),
      ),
      row(
        'test accuracy, first live %',
        runs.map((r) => r.accuracy),
      ),
      row(
        'full test-set value shown',
        runs.map((r) => r.full),
      ),
    ],
  );
  return summarize(runs.map((r) => r.accuracy));
}

export async function runStartupBench(
  opts: { server?: Server; runs?: number; model?: string } = {},
): Promise<StartupResult> {
  const runsWanted = opts.runs ?? 5;
  const model = opts.model ?? 'cnn';
  const { server, own } = await serverFor(opts.server, async () => {
    await buildApp();
    return startPreview();
  });
  const browser = await launchChromium();
  try {
    const url = `${server.url}/?model=${model}`;
    // Which backend the app lands on (a separate, uncounted load).
    const probe = await browser.newContext(PAGE_OPTIONS);
    const probePage = await probe.newPage();
    await probePage.goto(url);
    await probePage.waitForFunction(() => window.pruningLab?.state().backend != null, null, {
      timeout: 120_000,
    });
    const backend = await appBackend(probePage);
    await probe.close();
    console.log(`app backend: ${backend}`);

    const runs: StartupRun[] = [];
    for (let i = 0; i < runsWanted; i++) {
      const r = await coldStart(browser, url);
      runs.push(r);
      console.log(
        `  run ${i + 1}: readout ${fmt(r.accuracy, 0)} ms (${r.accuracyText}), full ${fmt(r.full, 0)} ms`,
      );
    }
    const col = (f: (r: StartupRun) => number | null): string =>
      fmt(median(runs.map(f).filter((x): x is number => x !== null)), 0);
    printTable(
      `Start-up, ${model} on MNIST, cold (new context per run), ms from navigation start, median of ${runs.length}`,
      ['milestone', 'median', 'min', 'max'],
      (
        [
          ['response end', (r) => r.responseEnd],
          ['DOMContentLoaded', (r) => r.domContentLoaded],
          ['first contentful paint', (r) => r.firstContentfulPaint],
          ['readout shows a % (recorded or live)', (r) => r.shown],
          ['test accuracy, first live %', (r) => r.accuracy],
          ['full test-set value shown', (r) => r.full],
        ] as [string, (r: StartupRun) => number | null][]
      ).map(([name, f]) => {
        const xs = runs.map(f).filter((x): x is number => x !== null);
        return [name, col(f), fmt(Math.min(...xs), 0), fmt(Math.max(...xs), 0)];
      }),
    );
    const offline = await measureOffline(browser, url, runsWanted);
    const result: StartupResult = {
      runs,
      accuracy: summarize(runs.map((r) => r.accuracy)),
      full: summarize(runs.map((r) => r.full)),
      offline,
      backend,
    };
    writeResult('startup', { url, model, ...result });
    return result;
  } finally {
    await browser.close();
    if (own) server.stop();
  }
}

if (isMain(import.meta.url)) {
  const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 5);
  const model = process.argv.find((a) => a.startsWith('--model='))?.slice(8);
  runMain(() => runStartupBench({ runs, model }));
}
