/**
 * Speed of the pruning core in Node: magnitudeMask and globalMagnitudeMasks (4 tensors) for
 * 10^4 .. 10^7 weights, and computeMasks on the zoo-sized models. Prints a table and writes
 * bench/results/core.json. Run: npx tsx bench/core-bench.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import {
  computeMasks,
  globalMagnitudeMasks,
  magnitudeMask,
  networkMetrics,
} from '../src/core/index.ts';
import type { LayerPruning, MethodId, NetGraph, PruningConfig } from '../src/core/index.ts';
import { lenet300100, probeCnn, randomWeights } from '../src/core/fixture-graphs.ts';
import { medianMs } from './lib.ts';

const REPEATS = 7;

function gaussian(n: number, seed: number): Float32Array {
  let a = seed >>> 0;
  const u = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  const w = new Float32Array(n);
  for (let i = 0; i < n; i++)
    w[i] = Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u()) * 0.05;
  return w;
}

const sizes = [1e4, 1e5, 1e6, 1e7];
const rows: { n: number; magnitudeMs: number; globalMs: number }[] = [];
for (const n of sizes) {
  const w = gaussian(n, 1);
  const parts = [0, 1, 2, 3].map((i) => w.subarray((i * n) / 4, ((i + 1) * n) / 4));
  const repeats = n >= 1e7 ? 5 : REPEATS;
  rows.push({
    n,
    magnitudeMs: medianMs(() => magnitudeMask(w, 0.7), repeats),
    globalMs: medianMs(() => globalMagnitudeMasks(parts, 0.7), repeats),
  });
}

function config(graph: NetGraph, method: MethodId, sparsity: number): PruningConfig {
  const layers: Record<string, LayerPruning> = {};
  for (const l of graph.layers) if (l.tensors.length) layers[l.name] = { sparsity, locked: false };
  return { method, globalSparsity: sparsity, layers, seed: 1 };
}

const models: {
  model: string;
  weights: number;
  method: MethodId;
  computeMasksMs: number;
  metricsMs: number;
}[] = [];
for (const graph of [probeCnn(), lenet300100()]) {
  const weights = randomWeights(graph, 1);
  const count = Object.values(weights).reduce((a, w) => a + w.length, 0);
  for (const method of [
    'magnitude',
    'global-magnitude',
    'l1-structured',
    'nm-2-4',
    'block',
    'random',
  ] as MethodId[]) {
    const cfg = config(graph, method, 0.6);
    const masks = computeMasks(graph, weights, cfg);
    models.push({
      model: graph.id,
      weights: count,
      method,
      computeMasksMs: medianMs(() => computeMasks(graph, weights, cfg), 15),
      metricsMs: medianMs(() => networkMetrics(graph, masks), 15),
    });
  }
}

const f = (x: number): string => x.toFixed(2).padStart(10);
console.log(
  `Node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'})`,
);
console.log('\n         n  magnitudeMask ms  globalMagnitudeMasks(4) ms   (median)');
for (const r of rows)
  console.log(`${String(r.n).padStart(10)}  ${f(r.magnitudeMs)}        ${f(r.globalMs)}`);
console.log('\nmodel            weights  method             computeMasks ms  networkMetrics ms');
for (const m of models) {
  console.log(
    `${m.model.padEnd(15)} ${String(m.weights).padStart(8)}  ${m.method.padEnd(17)} ${f(m.computeMasksMs)}       ${f(m.metricsMs)}`,
  );
}

const out = new URL('./results/', import.meta.url);
mkdirSync(out, { recursive: true });
writeFileSync(
  new URL('core.json', out),
  JSON.stringify(
    { node: process.version, cores: os.cpus().length, sparsity: 0.7, masks: rows, models },
    null,
    2,
  ) + '\n',
);
console.log('\nwrote bench/results/core.json');
