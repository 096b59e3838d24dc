/**
 * Runs every benchmark in sequence and prints a summary against the goals:
 *  1. core-bench (Node): the pruning core's speed;
 *  2. engine-bench (Chromium, WebGL/SwiftShader, Vite dev server): training throughput,
 *     evaluation, cached sweeps, latency;
 *  3. startup-bench, interaction-bench, longtask-bench (Chromium, the app built once and served by
 *     `vite preview`).
 * Waits (up to 20 min) for the cnn checkpoint when it is not there yet. Servers are stopped at the
 * end and on errors. Figures are printed and written to bench/results/*.json; nothing is asserted.
 * Run: npm run bench [-- --quick] [-- --only=core,engine,startup,interaction,longtasks] [-- --no-wait]
 */
import { readFileSync } from 'node:fs';
import { runEngineBench, type EngineBenchResult } from './engine-bench.ts';
import { runInteractionBench, type LayerResult } from './interaction-bench.ts';
import { runLongTaskBench, type LongTaskResult } from './longtask-bench.ts';
import { runStartupBench, type StartupResult } from './startup-bench.ts';
import {
  buildApp,
  fmt,
  printTable,
  runCommand,
  startDev,
  startPreview,
  runMain,
  waitForCheckpoint,
  writeResult,
  type Cell,
  type Server,
} from './lib.ts';

const ALL = ['core', 'engine', 'startup', 'interaction', 'longtasks'] as const;
type BenchName = (typeof ALL)[number];

function selected(): Set<BenchName> {
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
  if (!only) return new Set(ALL);
  const names = only
    .split(',')
    .filter((n): n is BenchName => (ALL as readonly string[]).includes(n));
  return new Set(names);
}

/** Figures from bench/results/core.json (written by core-bench.ts). */
function coreFigures(): Cell[][] {
  try {
    const text = readFileSync(new URL('./results/core.json', import.meta.url), 'utf8');
    const core = JSON.parse(text) as {
      masks: { n: number; magnitudeMs: number; globalMs: number }[];
      models: { model: string; method: string; computeMasksMs: number }[];
    };
    const rows: Cell[][] = core.masks
      .filter((m) => m.n === 1e5 || m.n === 1e6)
      .map((m) => [
        `core: magnitudeMask, ${m.n.toLocaleString('en')} weights`,
        `${fmt(m.magnitudeMs, 2)} ms`,
        '',
      ]);
    for (const m of core.models.filter((x) => x.method === 'magnitude'))
      rows.push([
        `core: computeMasks ${m.model} (magnitude)`,
        `${fmt(m.computeMasksMs, 2)} ms`,
        '',
      ]);
    return rows;
  } catch {
    return [['core', 'no bench/results/core.json', '']];
  }
}

function engineFigures(r: EngineBenchResult): Cell[][] {
  const rows: Cell[][] = [];
  for (const h of r.headlines) {
    const m = h.modelId;
    rows.push([
      `${m}: masked training / model.fit`,
      `${fmt(h.maskedExPerSec, 0)} / ${fmt(h.fitExPerSec, 0)} ex/s = ${fmt(h.ratio, 2)}`,
      '≥ 0.95',
    ]);
    rows.push([
      `${m}: first evaluation, preview / full`,
      `${fmt(h.previewFirstMs, 0)} / ${fmt(h.fullFirstMs, 0)} ms (full recompute ${fmt(h.fullRecomputeMs, 0)} ms)`,
      '',
    ]);
    const layers = Object.keys(h.sweepSpeedup);
    rows.push([
      `${m}: cached sweep speedup (preview)`,
      layers.map((l) => `${l} ${fmt(h.sweepSpeedup[l], 1)}x`).join(', '),
      '≥ 2x, last layers',
    ]);
    rows.push([
      `${m}: latency dense / masked / compacted`,
      `${fmt(h.latency.denseMs, 1)} / ${fmt(h.latency.maskedMs, 1)} / ${fmt(h.latency.compactedMs, 1)} ms`,
      '',
    ]);
  }
  if (r.skipped.length) rows.push(['engine: skipped (no checkpoint)', r.skipped.join(', '), '']);
  return rows;
}

function startupFigures(r: StartupResult): Cell[][] {
  return [
    [
      `startup: accuracy readout (median of ${r.accuracy.n})`,
      `${fmt(r.accuracy.median, 0)} ms`,
      '< 2000 ms',
    ],
    ['startup: full test-set value', `${fmt(r.full.median, 0)} ms`, ''],
  ];
}

function interactionFigures(rs: LayerResult[]): Cell[][] {
  return rs.flatMap((r) => [
    [
      `slider ${r.model} ${r.layer} (${r.weights.toLocaleString('en')} w): heatmap / histogram`,
      `${fmt(r.rapid.heatmap.median, 1)} / ${fmt(r.rapid.histogram.median, 1)} ms median`,
      r.weights <= 100_000 ? '< 16 ms' : '(above 100k)',
    ],
    [
      `slider ${r.model} ${r.layer}: preview accuracy, rapid / isolated`,
      `${fmt(r.rapid.preview.median, 0)} / ${fmt(r.isolated.preview.median, 0)} ms median`,
      '',
    ],
  ]);
}

function longTaskFigures(r: LongTaskResult | null): Cell[][] {
  if (!r) return [['long tasks', 'skipped (no checkpoint)', '']];
  return [
    [
      `long tasks during fine-tune (${fmt(r.seconds, 0)} s)`,
      `${r.count} tasks, max ${fmt(r.maxMs, 0)} ms, total ${fmt(r.totalMs, 0)} ms`,
      'none > 50 ms',
    ],
  ];
}

async function main(): Promise<void> {
  const which = selected();
  const quick = process.argv.includes('--quick');
  const t0 = performance.now();
  const summary: Cell[][] = [];
  const results: Record<string, unknown> = {};

  if (which.has('core')) {
    console.log('\n===== core-bench (Node) =====');
    await runCommand('npx', ['tsx', 'bench/core-bench.ts']);
    summary.push(...coreFigures());
  }

  const needsCnn = ['engine', 'startup', 'interaction', 'longtasks'].some((n) =>
    which.has(n as BenchName),
  );
  if (needsCnn && !process.argv.includes('--no-wait')) {
    if (!(await waitForCheckpoint('cnn', 'mnist', 20)))
      console.log('the cnn checkpoint did not appear; cnn measurements are skipped');
  }

  if (which.has('engine')) {
    console.log('\n===== engine-bench (Chromium, WebGL) =====');
    let dev: Server | undefined;
    try {
      dev = await startDev();
      const r = await runEngineBench({ server: dev, quick });
      results.engine = r.headlines;
      console.log(`\nrenderer: ${r.backend.renderer}`);
      summary.push(...engineFigures(r));
    } finally {
      dev?.stop();
    }
  }

  const app = (['startup', 'interaction', 'longtasks'] as const).filter((n) => which.has(n));
  if (app.length) {
    let preview: Server | undefined;
    try {
      await buildApp();
      preview = await startPreview();
      if (which.has('startup')) {
        console.log('\n===== startup-bench =====');
        const r = await runStartupBench({ server: preview, runs: quick ? 3 : 5 });
        results.startup = { accuracy: r.accuracy, full: r.full };
        summary.push(...startupFigures(r));
      }
      if (which.has('interaction')) {
        console.log('\n===== interaction-bench =====');
        const r = await runInteractionBench({ server: preview });
        results.interaction = r.map((x) => ({
          model: x.model,
          layer: x.layer,
          rapid: x.rapid,
          isolated: x.isolated,
        }));
        summary.push(...interactionFigures(r));
      }
      if (which.has('longtasks')) {
        console.log('\n===== longtask-bench =====');
        const r = await runLongTaskBench({ server: preview, seconds: quick ? 10 : 20 });
        results.longtasks = r && { count: r.count, maxMs: r.maxMs, totalMs: r.totalMs };
        summary.push(...longTaskFigures(r));
      }
    } finally {
      preview?.stop();
    }
  }

  printTable(
    `===== Summary (${fmt((performance.now() - t0) / 60_000, 1)} min) =====`,
    ['measure', 'figure', 'goal'],
    summary,
    3,
  );
  writeResult('summary', { quick, rows: summary, results });
}

runMain(main);
