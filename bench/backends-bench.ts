/**
 * Backends benchmark in headless Chromium (WebGL through SwiftShader here), through the app's
 * engine on bench/backends.html: the probe and the plan; a cnn preview of 500 after a conv2 change
 * on each backend; the full test set on the best backend vs plain model.predict on WebGL; training
 * throughput on the chosen backend vs plain model.fit on WebGL; dense vs sparse latency and the
 * crossover; PyTorch's CPU time for the same network and data when torch is installed.
 * Medians of several runs; ratios from the same run.
 * Run: BENCH_PORT=4206 npx tsx bench/backends-bench.ts [--runs=5]
 */
import { execFileSync } from 'node:child_process';
import type { BackendName } from '../src/model/backends.ts';
import type { BackendsBenchApi } from './backends-types.ts';
import { fmt, launchChromium, printTable, startDev, stopAll, writeResult } from './lib.ts';

type Api = BackendsBenchApi;
const arg = (name: string, dflt: number): number => {
  const a = process.argv.find((s) => s.startsWith(`--${name}=`));
  return a ? Number(a.split('=')[1]) : dflt;
};

function torchFigures(): { evalMs: number; trainExPerSec: number } | null {
  try {
    const out = execFileSync('python3', ['bench/torch_cnn.py'], {
      encoding: 'utf8',
      timeout: 300_000,
    });
    return JSON.parse(out.trim().split('\n').pop()!) as { evalMs: number; trainExPerSec: number };
  } catch {
    return null;
  }
}

type Call = <K extends keyof Api>(
  k: K,
  ...a: Parameters<Api[K]>
) => Promise<Awaited<ReturnType<Api[K]>>>;

interface Result {
  plan: Awaited<ReturnType<Api['plan']>>;
  preview: Record<string, number>;
  previewRatioVsWebgl: number;
  fullEval: { best: string; ms: number; plainWebglPredictMs: number; speedup: number };
  training: { backend: string; examplesPerSec: number; plainFitWebgl: number; ratio: number };
  sparse: Awaited<ReturnType<Api['sparse']>>;
  torch: { evalMs: number; trainExPerSec: number } | null;
}

/** Runs every measurement through the page, printing figures as they come. */
async function measure(call: Call, runs: number): Promise<void> {
  const t0 = Date.now();
  const plan = await call('plan');
  console.log(`probe + plan: ${((Date.now() - t0) / 1000).toFixed(1)} s (includes loading)`);
  printTable(
    'Probe (cnn: evaluate 256, one training step of 32)',
    ['backend', 'renderer', 'software', 'eval ms', 'train ms'],
    plan.probe.map((p) => [
      p.backend,
      p.renderer.slice(0, 50),
      String(p.software),
      fmt(p.evalMs),
      fmt(p.trainMs),
    ]),
  );
  console.log(
    `plan: eval ${plan.jobs.eval} · train ${plan.jobs.train} · scores ${plan.jobs.scores}`,
  );
  const backends = plan.probe.map((p) => p.backend as BackendName);
  const preview: Record<string, number> = {};
  for (const b of backends) preview[b] = (await call('previewAfterConv2', b, runs)).ms;
  printTable(
    'cnn preview of 500 after a conv2 change (median ms)',
    ['backend', 'ms'],
    backends.map((b) => [b, fmt(preview[b])]),
  );
  const best = plan.jobs.eval;
  const full = await call('fullEval', best, runs);
  const plain = await call('plainPredict', 'webgl', runs);
  console.log(`full 2,000: ${best} ${fmt(full.ms)} ms, plain model.predict webgl ${fmt(plain)} ms`);
  const batches = arg('batches', 20);
  const trainBest = await call('trainOn', plan.jobs.train, batches);
  console.log(`training on ${trainBest.backend}: ${fmt(trainBest.examplesPerSec)} ex/s`);
  const fitWebgl = await call('plainFit', 'webgl', batches);
  const sparse = await call('sparse', 0.9);
  const torch = torchFigures();
  const result: Result = {
    plan,
    preview,
    previewRatioVsWebgl: preview[best] / preview.webgl,
    fullEval: { best, ms: full.ms, plainWebglPredictMs: plain, speedup: plain / full.ms },
    training: {
      backend: trainBest.backend,
      examplesPerSec: trainBest.examplesPerSec,
      plainFitWebgl: fitWebgl,
      ratio: trainBest.examplesPerSec / fitWebgl,
    },
    sparse,
    torch,
  };
  report(result);
}

/** Prints the targets table and the sparse grid, and writes the result file. */
function report(result: Result): void {
  const { preview, sparse, torch } = result;
  const best = result.fullEval.best;
  const full = { ms: result.fullEval.ms };
  const plain = result.fullEval.plainWebglPredictMs;
  const trainBest = result.training;
  const fitWebgl = result.training.plainFitWebgl;
  printTable(
    'Targets',
    ['figure', 'value', 'target'],
    [
      [`preview on ${best}`, `${fmt(preview[best])} ms`, '<= 350 ms'],
      ['preview best / webgl', fmt(result.previewRatioVsWebgl, 2), '<= 0.33'],
      [
        `full 2,000 on ${best} vs model.predict webgl`,
        `${fmt(full.ms)} vs ${fmt(plain)} ms = ${fmt(plain / full.ms, 2)}x`,
        '>= 3x',
      ],
      [
        `training on ${trainBest.backend} vs model.fit webgl`,
        `${fmt(trainBest.examplesPerSec)} vs ${fmt(fitWebgl)} ex/s = ${fmt(result.training.ratio, 2)}x`,
        '>= 1x',
      ],
      [
        'PyTorch CPU full eval',
        torch
          ? `${fmt(torch.evalMs)} ms (${fmt(full.ms / torch.evalMs, 2)}x of it)`
          : 'torch not installed',
        'within 3x',
      ],
      [
        'sparse crossover',
        sparse?.crossover === null || !sparse ? 'never' : `${Math.round(sparse.crossover * 100)}%`,
        '',
      ],
    ],
  );
  if (sparse)
    printTable(
      `Dense (${sparse.backend}) vs sparse CSR, batch ${sparse.batch}`,
      ['sparsity', 'dense ms', 'sparse ms'],
      sparse.points.map((p) => [
        fmt(p.sparsity * 100, 0) + '%',
        fmt(p.denseMs, 2),
        fmt(p.sparseMs, 2),
      ]),
    );
  console.log(`written ${writeResult('backends', result)}`);
}

async function main(): Promise<void> {
  const runs = arg('runs', 5);
  const server = await startDev();
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}/bench/backends.html`);
    await page.getByText('ready').waitFor({ timeout: 120_000 });
    const call = <K extends keyof Api>(k: K, ...a: Parameters<Api[K]>) =>
      page.evaluate(
        ([key, args]) => {
          const w = window as unknown as {
            backendsBench: Record<string, (...x: unknown[]) => unknown>;
          };
          return w.backendsBench[key as string](...(args as unknown[]));
        },
        [k, a] as const,
      ) as Promise<Awaited<ReturnType<Api[K]>>>;
    await measure(call, runs);
  } finally {
    await browser.close();
    server.stop();
    stopAll();
  }
}

void main();
