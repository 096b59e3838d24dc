/**
 * Workbench interaction benchmark, in the built app: for a layer's sparsity slider, press
 * ArrowRight 20 times with a short wait between presses and measure, from each 'pl:input' mark
 * (the slider value changed), the next 'pl:heatmap-painted' and 'pl:histogram-rendered' marks
 * (before the next input), and the next 'pl:accuracy' mark of kind 'preview' (the preview accuracy
 * of the current masks shown). Then 5 more presses, each waiting until the app is idle again, for
 * the time to preview accuracy without a queue. Layers: cnn conv2 and dense1, lenet-300-100 fc1.
 * Run: npx tsx bench/interaction-bench.ts [--presses=20] [--gap=200]
 */
import type { Browser, Page } from '@playwright/test';
import { appBackend, clearMarks, openApp, readMarks, waitForIdle, type Mark } from './app.ts';
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
  summarize,
  writeResult,
  type Server,
  type Summary,
} from './lib.ts';

/** The layers measured: model, layer, weight count (kernel only). */
export const TARGETS = [
  { model: 'cnn', layer: 'conv2', weights: 1152 },
  { model: 'cnn', layer: 'dense1', weights: 50176 },
  { model: 'lenet-300-100', layer: 'fc1', weights: 235200 },
] as const;

/** Delays after each 'pl:input', ms; null where the mark did not follow. */
interface PressTiming {
  heatmap: number | null;
  histogram: number | null;
  preview: number | null;
}

export interface LayerResult {
  model: string;
  layer: string;
  weights: number;
  rapid: {
    presses: number;
    inputs: number;
    heatmap: Summary;
    histogram: Summary;
    preview: Summary;
  };
  isolated: { presses: number; heatmap: Summary; histogram: Summary; preview: Summary };
  /** Mask versions (evaluation requests) per key press. */
  versionsPerPress: number;
  raw: { rapid: PressTiming[]; isolated: PressTiming[] };
}

/** Pairs each input mark with the marks that follow it. */
export function pairMarks(marks: Mark[]): PressTiming[] {
  const inputs = marks.filter((m) => m.name === 'pl:input');
  return inputs.map((inp, i) => {
    const t = inp.startTime;
    const until = inputs[i + 1]?.startTime ?? Number.POSITIVE_INFINITY;
    const next = (pred: (m: Mark) => boolean, bounded: boolean): number | null => {
      const m = marks.find((x) => x.startTime >= t && (!bounded || x.startTime < until) && pred(x));
      return m ? m.startTime - t : null;
    };
    return {
      heatmap: next((m) => m.name === 'pl:heatmap-painted', true),
      histogram: next((m) => m.name === 'pl:histogram-rendered', true),
      preview: next((m) => m.name === 'pl:accuracy' && m.kind === 'preview', false),
    };
  });
}

const col = (ts: PressTiming[], k: keyof PressTiming): Summary =>
  summarize(ts.map((t) => t[k]).filter((x): x is number => x !== null));

async function maskVersion(page: Page): Promise<number> {
  return page.evaluate(() => window.pruningLab?.state().maskVersion ?? -1);
}

async function measureLayer(
  browser: Browser,
  url: string,
  target: (typeof TARGETS)[number],
  presses: number,
  gapMs: number,
): Promise<LayerResult> {
  const { context, page } = await openApp(browser, `${url}/?model=${target.model}`);
  try {
    await waitForIdle(page);
    await page.getByRole('button', { name: `Show ${target.layer}` }).click();
    await page.getByRole('img', { name: `Weight heatmap of ${target.layer}` }).waitFor();
    await page.waitForTimeout(500);
    const slider = page.getByRole('slider', { name: `${target.layer} sparsity` });
    await slider.focus();

    // Rapid presses: a short wait between them, the engine may still be busy.
    await clearMarks(page);
    const v0 = await maskVersion(page);
    for (let i = 0; i < presses; i++) {
      await page.keyboard.press('ArrowRight');
      await page.waitForTimeout(gapMs);
    }
    await waitForIdle(page);
    const versionsPerPress = ((await maskVersion(page)) - v0) / presses;
    const rapid = pairMarks(await readMarks(page));

    // Isolated presses: wait until everything settled after each.
    await clearMarks(page);
    const isolatedPresses = 5;
    for (let i = 0; i < isolatedPresses; i++) {
      await page.keyboard.press('ArrowRight');
      await waitForIdle(page);
    }
    const isolated = pairMarks(await readMarks(page));
    return {
      model: target.model,
      layer: target.layer,
      weights: target.weights,
      rapid: {
        presses,
        inputs: rapid.length,
        heatmap: col(rapid, 'heatmap'),
        histogram: col(rapid, 'histogram'),
        preview: col(rapid, 'preview'),
      },
      isolated: {
        presses: isolatedPresses,
        heatmap: col(isolated, 'heatmap'),
        histogram: col(isolated, 'histogram'),
        preview: col(isolated, 'preview'),
      },
      versionsPerPress,
      raw: { rapid, isolated },
    };
  } finally {
    await context.close();
  }
}

export async function runInteractionBench(
  opts: { server?: Server; presses?: number; gapMs?: number } = {},
): Promise<LayerResult[]> {
  const presses = opts.presses ?? 20;
  const gapMs = opts.gapMs ?? 200;
  const have = availableCheckpoints('mnist');
  const targets = TARGETS.filter((t) => have.includes(t.model));
  const skipped = TARGETS.filter((t) => !have.includes(t.model)).map((t) => t.layer);
  if (skipped.length) console.log(`no checkpoint yet, skipped: ${skipped.join(', ')}`);
  const { server, own } = await serverFor(opts.server, async () => {
    await buildApp();
    return startPreview();
  });
  const browser = await launchChromium();
  try {
    const results: LayerResult[] = [];
    let backend = '';
    for (const t of targets) {
      console.log(`  ${t.model} ${t.layer}…`);
      results.push(await measureLayer(browser, server.url, t, presses, gapMs));
    }
    if (targets.length) {
      const { context, page } = await openApp(browser, `${server.url}/?model=${targets[0].model}`);
      await page.waitForFunction(() => window.pruningLab?.state().backend != null);
      backend = await appBackend(page);
      await context.close();
    }
    const s = (x: Summary, d = 1): string[] => [fmt(x.median, d), fmt(x.p90, d), fmt(x.max, d)];
    printTable(
      `Slider → heatmap / histogram, ms after 'pl:input' (${presses} ArrowRight presses, ${gapMs} ms apart)`,
      ['layer', 'weights', 'heatmap med', 'p90', 'max', 'histogram med', 'p90', 'max', 'inputs'],
      results.map((r) => [
        `${r.model} ${r.layer}`,
        r.weights.toLocaleString('en'),
        ...s(r.rapid.heatmap),
        ...s(r.rapid.histogram),
        `${r.rapid.inputs}/${r.rapid.presses}`,
      ]),
    );
    printTable(
      "Slider → preview accuracy of the current masks, ms after 'pl:input'",
      ['layer', 'rapid med', 'p90', 'max', 'isolated med', 'max', 'eval requests/press'],
      results.map((r) => [
        `${r.model} ${r.layer}`,
        ...s(r.rapid.preview, 0),
        fmt(r.isolated.preview.median, 0),
        fmt(r.isolated.preview.max, 0),
        fmt(r.versionsPerPress, 1),
      ]),
    );
    writeResult('interaction', { presses, gapMs, backend, skipped, layers: results });
    return results;
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
  runInteractionBench({ presses: arg('presses'), gapMs: arg('gap') }).then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e);
      stopAll();
      process.exit(1);
    },
  );
}
