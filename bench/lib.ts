/**
 * Shared helpers for the benchmarks: statistics, table printing, JSON results, Vite servers and
 * headless Chromium with SwiftShader WebGL. Benchmarks print figures; they never assert timings.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from '@playwright/test';
import { CHROMIUM_ARGS } from '../playwright.config.ts';
import { findChromium } from '../scripts/ensure-chromium.ts';

/** The repository root (the parent of bench/). */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Vite config of the benchmarks (own dependency cache and build directory). */
export const BENCH_VITE_CONFIG = 'bench/vite.config.ts';
/** Ports: the built app (vite preview; BENCH_PORT overrides 4174) and the dev server (engine page). */
export const PREVIEW_PORT = Number(process.env.BENCH_PORT ?? 4174);
export const DEV_PORT = PREVIEW_PORT + 1;

// ---------------------------------------------------------------------------------------------
// Statistics

/** Median (mean of the two middle values for an even count); NaN for an empty list. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Median wall milliseconds of `fn` over `runs` runs after one warm-up. */
export function medianMs(fn: () => unknown, runs: number): number {
  fn();
  const ts: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    fn();
    ts.push(performance.now() - t0);
  }
  return median(ts);
}

/** Nearest-rank percentile (p in 0..100); NaN for an empty list. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[i];
}

/** Count, median, p90, min and max of a sample. */
export interface Summary {
  n: number;
  median: number;
  p90: number;
  min: number;
  max: number;
}

export function summarize(xs: readonly number[]): Summary {
  return {
    n: xs.length,
    median: median(xs),
    p90: percentile(xs, 90),
    min: xs.length ? Math.min(...xs) : Number.NaN,
    max: xs.length ? Math.max(...xs) : Number.NaN,
  };
}

// ---------------------------------------------------------------------------------------------
// Printing and results

export type Cell = string | number | null | undefined;

/** Formats a number with `digits` decimals; '—' for null, undefined and NaN. */
export function fmt(x: number | null | undefined, digits = 1): string {
  return x === null || x === undefined || Number.isNaN(x) ? '—' : x.toFixed(digits);
}

/**
 * Prints a table: a title line, a header row and right-aligned cells (the first `leftColumns`
 * columns left-aligned). Numbers are printed as they are; format them with fmt() first.
 */
export function printTable(title: string, header: string[], rows: Cell[][], leftColumns = 1): void {
  const text = (c: Cell): string => (c === null || c === undefined ? '—' : String(c));
  const cells = [header, ...rows.map((r) => r.map(text))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]): string =>
    r.map((c, i) => (i < leftColumns ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of cells.slice(1)) console.log(line(r));
}

/** Machine facts stored with every result file. */
export function machine(): { node: string; cores: number; cpu: string; loadavg: number[] } {
  return {
    node: process.version,
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    loadavg: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

/** Writes bench/results/<name>.json (with a timestamp and the machine facts) and says so. */
export function writeResult(name: string, data: object): string {
  const dir = new URL('./results/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  const file = new URL(`${name}.json`, dir);
  const body = { benchmark: name, date: new Date().toISOString(), machine: machine(), ...data };
  writeFileSync(file, JSON.stringify(body, null, 2) + '\n');
  const rel = `bench/results/${name}.json`;
  console.log(`\nwrote ${rel}`);
  return rel;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// Checkpoints

/** Model ids that have a pretrained checkpoint on `dataset` in public/models/manifest.json. */
export function availableCheckpoints(dataset = 'mnist'): string[] {
  try {
    const text = readFileSync(new URL('../public/models/manifest.json', import.meta.url), 'utf8');
    const m = JSON.parse(text) as { entries?: { model: string; dataset: string }[] };
    return (m.entries ?? []).filter((e) => e.dataset === dataset).map((e) => e.model);
  } catch {
    return [];
  }
}

/**
 * Waits until a checkpoint of `model` on `dataset` is listed, polling every 30 s for at most
 * `maxMinutes`. Returns whether it appeared.
 */
export async function waitForCheckpoint(
  model: string,
  dataset = 'mnist',
  maxMinutes = 20,
): Promise<boolean> {
  const deadline = Date.now() + maxMinutes * 60_000;
  let said = false;
  while (!availableCheckpoints(dataset).includes(model)) {
    if (Date.now() > deadline) return false;
    if (!said) {
      console.log(`waiting for the ${model}-${dataset} checkpoint (up to ${maxMinutes} min)…`);
      said = true;
    }
    await sleep(30_000);
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Processes and servers

/** A child process started in its own process group, so stop() ends it and its children. */
export interface Server {
  url: string;
  stop(): void;
}

const running = new Set<ChildProcess>();

function stopChild(child: ChildProcess): void {
  running.delete(child);
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // Already gone.
  }
}

/** Stops every server still running (on exit, Ctrl+C and uncaught errors). */
export function stopAll(): void {
  for (const c of [...running]) stopChild(c);
}

let hooked = false;
function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', stopAll);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => {
      stopAll();
      process.exit(130);
    });
  }
}

/** Runs a command to completion in the repository root; rejects on a non-zero exit code. */
export function runCommand(cmd: string, args: string[], quiet = false): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: quiet ? 'ignore' : 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}`)),
    );
  });
}

async function waitForUrl(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server for ${url} exited (${child.exitCode})`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(250);
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

/** Starts `npx vite <args>` on a port and resolves once `readyPath` answers. */
async function startVite(args: string[], port: number, readyPath = '/'): Promise<Server> {
  hookExit();
  const child = spawn(
    'npx',
    ['vite', ...args, '--config', BENCH_VITE_CONFIG, '--port', String(port), '--strictPort'],
    { cwd: ROOT, detached: true, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  running.add(child);
  let errors = '';
  child.stderr?.on('data', (d: Buffer) => {
    errors = (errors + d.toString()).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForUrl(url + readyPath, child, 120_000);
  } catch (e) {
    stopChild(child);
    throw new Error(`${e instanceof Error ? e.message : String(e)}\n${errors}`, { cause: e });
  }
  return { url, stop: () => stopChild(child) };
}

/** Builds the app once into the benchmark build directory (see bench/vite.config.ts). */
export async function buildApp(): Promise<void> {
  console.log('building the app (vite build)…');
  const t0 = performance.now();
  await runCommand('npx', ['vite', 'build', '--config', BENCH_VITE_CONFIG, '--logLevel', 'warn']);
  console.log(`built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

/** Serves the built app with `vite preview` on PREVIEW_PORT. */
export function startPreview(): Promise<Server> {
  return startVite(['preview', '--host', '127.0.0.1'], PREVIEW_PORT);
}

/** Starts the Vite dev server on DEV_PORT (it serves bench/engine.html). */
export function startDev(): Promise<Server> {
  return startVite(['--host', '127.0.0.1'], DEV_PORT, '/bench/engine.html');
}

// ---------------------------------------------------------------------------------------------
// Browser

/** Launches headless Chromium with WebGL2 through SwiftShader. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath)
    throw new Error('no Chromium found; run `npx tsx scripts/ensure-chromium.ts`');
  return chromium.launch({ executablePath, args: [...CHROMIUM_ARGS, '--no-sandbox'] });
}

/** Page options shared by the app benchmarks. */
export const PAGE_OPTIONS = {
  viewport: { width: 1280, height: 800 },
  reducedMotion: 'reduce',
} as const;

/**
 * Gives a benchmark its server: the one passed in (by bench/run.ts), or one it starts and stops
 * itself when run alone. `make` builds/starts it; the result's `own` tells whether to stop it.
 */
export async function serverFor(
  given: Server | undefined,
  make: () => Promise<Server>,
): Promise<{ server: Server; own: boolean }> {
  return given ? { server: given, own: false } : { server: await make(), own: true };
}

/** True when this module is the script node was started with. */
export function isMain(metaUrl: string): boolean {
  return process.argv[1] !== undefined && fileURLToPath(metaUrl) === path.resolve(process.argv[1]);
}

/**
 * Runs a benchmark's main function as the process: exit code 0 when it resolves; on an error it
 * prints it, stops every server still running and exits with 1.
 */
export function runMain(main: () => Promise<unknown>): void {
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e);
      stopAll();
      process.exit(1);
    },
  );
}
