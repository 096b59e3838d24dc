/**
 * Engine benchmark in headless Chromium on the tfjs WebGL backend (SwiftShader), for every model
 * with a pretrained MNIST checkpoint among cnn, lenet-300-100 and lstm:
 *  (a) masked training throughput (trainModel, masks at 50% magnitude sparsity) against plain
 *      model.fit, same model, batch size and backend; median of the repeats and the ratio;
 *  (b) Evaluator times on the preview (500) and full (2,000) subsets: first call and cached calls;
 *  (c) one-layer sweeps over 8 sparsities with and without the activation cache;
 *  (d) dense / masked / compacted latency (measureLatency) at 50% l1-structured, batch 64.
 * The page is bench/engine.html (src/model on the page's main thread), served by the Vite dev
 * server. Run: npx tsx bench/engine-bench.ts [--quick] [--models=cnn,lstm] [--repeats=5]
 * (--repeats: training runs per variant, interleaved; default 3)
 */
import type { Page } from '@playwright/test';
import type { ModelId } from '../src/engine/api.ts';
import type {
  BackendReport,
  EngineBenchOptions,
  ModelReport,
  SweepTimings,
  TrainVariant,
} from './engine-types.ts';
import {
  availableCheckpoints,
  fmt,
  isMain,
  launchChromium,
  median,
  printTable,
  serverFor,
  startDev,
  stopAll,
  writeResult,
  type Server,
} from './lib.ts';

/** Layers swept per model: the last two weighted layers (and the first one, for contrast). */
const SWEEPS: Record<string, { preview: string[]; full: string[] }> = {
  cnn: { preview: ['conv1', 'dense1', 'dense2'], full: ['dense1', 'dense2'] },
  'lenet-300-100': { preview: ['fc1', 'fc2', 'fc3'], full: ['fc2', 'fc3'] },
  lstm: { preview: ['lstm1', 'dense1'], full: ['dense1'] },
};
const MODELS: ModelId[] = ['cnn', 'lenet-300-100', 'lstm'];
const SPARSITIES = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8];

function options(modelId: ModelId, quick: boolean, repeats?: number): EngineBenchOptions {
  return {
    modelId,
    trainBatches: quick ? 10 : 30,
    warmupBatches: 5,
    batchSize: 64,
    trainRepeats: repeats ?? (quick ? 1 : 3),
    evalRepeats: quick ? 3 : 5,
    sweepSparsities: SPARSITIES,
    sweepLayers: SWEEPS[modelId].preview,
    sweepFullLayers: quick ? [] : SWEEPS[modelId].full,
    latencyRuns: quick ? 5 : 9,
  };
}

/** Figures of one model that bench/run.ts puts in its summary. */
export interface EngineHeadline {
  modelId: ModelId;
  fitExPerSec: number;
  maskedExPerSec: number;
  ratio: number;
  previewFirstMs: number;
  fullFirstMs: number;
  fullRecomputeMs: number;
  /** Speedup of the cached sweep (preview subset) for each swept layer. */
  sweepSpeedup: Record<string, number>;
  latency: { denseMs: number; maskedMs: number; compactedMs: number };
}

export interface EngineBenchResult {
  backend: BackendReport;
  headlines: EngineHeadline[];
  skipped: ModelId[];
}

/** Median over repeats of (variant ex/s ÷ model.fit ex/s of the same repeat). */
function ratioToFit(v: TrainVariant, fit: TrainVariant): number {
  return median(v.examplesPerSec.map((x, i) => x / fit.examplesPerSec[i]));
}

function printModel(r: ModelReport): EngineHeadline {
  const title = `${r.modelId} on MNIST (${r.weights.toLocaleString('en')} weights)`;
  const fit = r.train[0];
  printTable(
    `${title}: (a) training throughput, batch 64, ${fit.examples} examples per run, median of ${fit.ms.length}`,
    ['variant', 'ex/s median', 'min', 'max', 'internal ex/s', 'ratio to fit'],
    r.train.map((v) => [
      v.name,
      fmt(median(v.examplesPerSec), 0),
      fmt(Math.min(...v.examplesPerSec), 0),
      fmt(Math.max(...v.examplesPerSec), 0),
      v.reportedExamplesPerSec ? fmt(median(v.reportedExamplesPerSec), 0) : '',
      fmt(ratioToFit(v, fit), 3),
    ]),
  );
  printTable(
    `${title}: (b) Evaluator, ms (cached kinds: median of ${r.evaluation[0].sameMasksMs.length})`,
    ['subset', 'n', 'first call', 'same masks', 'last layer changed', 'first layer changed', 'acc'],
    r.evaluation.map((e) => [
      e.subset,
      e.n,
      fmt(e.firstMs),
      fmt(median(e.sameMasksMs), 2),
      fmt(median(e.lastLayerChangedMs)),
      fmt(median(e.firstLayerChangedMs)),
      fmt(e.accuracy * 100, 1) + '%',
    ]),
  );
  const sweepRow = (s: SweepTimings): (string | number)[] => [
    s.layer,
    s.subset,
    fmt(median(s.uncachedMs)),
    fmt(median(s.cachedMs)),
    fmt(median(s.uncachedMs) / median(s.cachedMs), 2) + 'x',
    String(median(s.cachedStart)),
    s.maxAccuracyDiff.toExponential(1),
  ];
  printTable(
    `${title}: (c) one-layer sweep over ${r.sweeps[0]?.sparsities.length ?? 0} sparsities, ms per evaluation (median)`,
    ['layer', 'subset', 'no cache', 'cache', 'speedup', 'starts at', 'max acc diff'],
    r.sweeps.map(sweepRow),
  );
  const l = r.latency;
  printTable(
    `${title}: (d) latency, batch ${l.batch}, ${l.method} ${l.sparsity * 100}%, ms (median of runs)`,
    ['model', 'ms', 'params'],
    [
      ['dense', fmt(l.denseMs, 2), l.denseParams],
      ['masked', fmt(l.maskedMs, 2), l.denseParams],
      ['compacted', fmt(l.compactedMs, 2), l.compactedParams],
    ],
  );
  console.log(
    `max |masked - compacted| = ${l.maxAbsDiff.toExponential(2)}; tensors before ${r.tensorsBefore}, after ${r.tensorsAfter}; load ${fmt(r.loadMs, 0)} ms`,
  );
  const masked = r.train[1];
  const preview = r.evaluation.find((e) => e.subset === 'preview')!;
  const full = r.evaluation.find((e) => e.subset === 'full')!;
  const sweepSpeedup: Record<string, number> = {};
  for (const s of r.sweeps)
    if (s.subset === 'preview') sweepSpeedup[s.layer] = median(s.uncachedMs) / median(s.cachedMs);
  return {
    modelId: r.modelId,
    fitExPerSec: median(fit.examplesPerSec),
    maskedExPerSec: median(masked.examplesPerSec),
    ratio: ratioToFit(masked, fit),
    previewFirstMs: preview.firstMs,
    fullFirstMs: full.firstMs,
    fullRecomputeMs: median(full.firstLayerChangedMs),
    sweepSpeedup,
    latency: { denseMs: l.denseMs, maskedMs: l.maskedMs, compactedMs: l.compactedMs },
  };
}

async function openPage(page: Page, url: string): Promise<void> {
  page.on('console', (m) => {
    if (m.type() === 'error') console.error(`  page error: ${m.text()}`);
    else if (m.text().startsWith('[engine-page]')) console.log(`  ${m.text().slice(14)}`);
  });
  page.on('pageerror', (e) => console.error(`  page exception: ${e.message}`));
  await page.goto(`${url}/bench/engine.html`);
  await page.waitForFunction(() => window.engineBench !== undefined, null, { timeout: 120_000 });
}

export async function runEngineBench(
  opts: { server?: Server; quick?: boolean; models?: ModelId[]; repeats?: number } = {},
): Promise<EngineBenchResult> {
  const quick = opts.quick ?? false;
  const have = availableCheckpoints('mnist');
  const wanted = opts.models ?? MODELS;
  const models = wanted.filter((m) => have.includes(m));
  const skipped = wanted.filter((m) => !have.includes(m));
  if (skipped.length) console.log(`no checkpoint yet, skipped: ${skipped.join(', ')}`);
  const { server, own } = await serverFor(opts.server, startDev);
  const browser = await launchChromium();
  try {
    const context = await browser.newContext();
    let page = await context.newPage();
    await openPage(page, server.url);
    const backend = await page.evaluate(() => window.engineBench!.backend());
    console.log(
      `backend ${backend.backend} · renderer ${backend.renderer} · tfjs ${backend.tfjsVersion}`,
    );
    if (backend.backend !== 'webgl')
      throw new Error(`expected the webgl backend, got ${backend.backend}`);
    const reports: ModelReport[] = [];
    const headlines: EngineHeadline[] = [];
    for (const modelId of models) {
      // A fresh page (and WebGL context) per model.
      if (reports.length > 0) {
        await page.close();
        page = await context.newPage();
        await openPage(page, server.url);
        await page.evaluate(() => window.engineBench!.backend());
      }
      console.log(`\n== ${modelId} ==`);
      const o = options(modelId, quick, opts.repeats);
      const r = await page.evaluate((arg) => window.engineBench!.run(arg), o);
      reports.push(r);
      headlines.push(printModel(r));
    }
    writeResult('engine', { quick, backend, skipped, models: reports, headlines });
    return { backend, headlines, skipped };
  } finally {
    await browser.close();
    if (own) server.stop();
  }
}

if (isMain(import.meta.url)) {
  const models = process.argv
    .find((a) => a.startsWith('--models='))
    ?.slice(9)
    .split(',') as ModelId[] | undefined;
  const repeats = process.argv.find((a) => a.startsWith('--repeats='))?.slice(10);
  runEngineBench({
    quick: process.argv.includes('--quick'),
    models,
    repeats: repeats ? Number(repeats) : undefined,
  }).then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e);
      stopAll();
      process.exit(1);
    },
  );
}
