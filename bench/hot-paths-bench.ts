/**
 * Speed of the small hot paths a page runs on every load or slider step, in Node: the checksum of a
 * 20 MB file (every data and checkpoint load), binning 100,000 weights into a histogram and painting
 * a 784x128 heatmap (every slider step on dense1). Median wall time of several runs after one warm-up,
 * against the budget each should stay well under. Prints a table and writes bench/results/hot-paths.json.
 * Run: npx tsx bench/hot-paths-bench.ts [--runs=15]
 */
import { fnv1a32 } from '../src/data/checksum.ts';
import { binWeights } from '../src/charts/histogram.ts';
import { heatmapLayout, maxAbsOf, paintHeatmap } from '../src/charts/heatmapLayout.ts';
import { heatmapLUT } from '../src/charts/colors.ts';
import { fmt, machine, medianMs, printTable, runMain, writeResult } from './lib.ts';

const RUNS = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 15);

function checksum20MB(): () => unknown {
  const big = new Uint8Array(20_000_000);
  for (let i = 0; i < big.length; i++) big[i] = i * 7;
  return () => fnv1a32(big);
}

function histogram100k(): () => unknown {
  const n = 100_000;
  const w = new Float32Array(n).map((_, i) => Math.sin(i * 1.3) * 0.2);
  const mask = new Uint8Array(n).map((_, i) => (Math.abs(w[i]) < 0.05 ? 0 : 1));
  return () => binWeights(w, mask, 60);
}

function heatmapDense1(): () => unknown {
  const L = heatmapLayout([784, 128], 'dense'); // 100,352 weights
  const w = new Float32Array(L.size).map((_, i) => Math.sin(i) * 0.1);
  const mask = new Uint8Array(L.size).map((_, i) => (i % 3 ? 1 : 0));
  const rgba = new Uint8ClampedArray(L.width * L.height * 4);
  const lut = heatmapLUT('light');
  return () => paintHeatmap(rgba, w, mask, L, lut, { maxAbs: maxAbsOf(w) });
}

async function main(): Promise<void> {
  const rows = [
    { path: 'fnv1a32 checksum, 20 MB', budgetMs: 200, ms: medianMs(checksum20MB(), RUNS) },
    {
      path: 'binWeights, 100,000 weights, 60 bins',
      budgetMs: 5,
      ms: medianMs(histogram100k(), RUNS),
    },
    {
      path: 'paintHeatmap 784x128 (with maxAbsOf)',
      budgetMs: 5,
      ms: medianMs(heatmapDense1(), RUNS),
    },
  ];
  printTable(
    `hot paths, median of ${RUNS} runs (load ${machine()
      .loadavg.map((l) => l.toFixed(1))
      .join(' ')})`,
    ['path', 'median ms', 'budget ms', 'within'],
    rows.map((r) => [r.path, fmt(r.ms, 2), r.budgetMs, r.ms < r.budgetMs ? 'yes' : 'NO']),
  );
  writeResult('hot-paths', { runs: RUNS, rows });
}

runMain(main);
