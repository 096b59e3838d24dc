/**
 * Speed of the 'med-ctx' pixel codec (src/data/codec.ts) in Node on the shipped training images:
 * decoding (what every page load does) and encoding (scripts/build-data.ts), as the median CPU time
 * (user + system, so other processes on the machine weigh less) and wall time of several runs after
 * one warm-up. Prints a table and writes bench/results/codec.json.
 * Run: npx tsx bench/codec-bench.ts [--runs=15]
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { decodeMedCtx, encodeMedCtx } from '../src/data/codec.ts';
import { fmt, median, printTable, runMain, writeResult } from './lib.ts';

const RUNS = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 15);
const FILES = ['mnist-train-images.bin.gz', 'fashion-train-images.bin.gz'];
const SIDE = 28;
/** The payload's header: the context count and one count per context (128). */
const HEADER = 4 + 4 * 128;

/** Median CPU and wall milliseconds of `fn` over RUNS runs after one warm-up. */
function measure(fn: () => unknown): { cpuMs: number; wallMs: number } {
  fn();
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { cpuMs: median(cpu), wallMs: median(wall) };
}

async function main(): Promise<void> {
  const rows = FILES.map((file) => {
    const gz = readFileSync(new URL(`../public/data/${file}`, import.meta.url));
    const payload = new Uint8Array(gunzipSync(gz));
    const count = (payload.length - HEADER) / (SIDE * SIDE);
    const pixels = decodeMedCtx(payload, count, SIDE, SIDE);
    const again = encodeMedCtx(pixels, count, SIDE, SIDE);
    if (!again.every((v, i) => v === payload[i])) throw new Error(`${file}: round trip differs`);
    return {
      file,
      images: count,
      decode: measure(() => decodeMedCtx(payload, count, SIDE, SIDE)),
      encode: measure(() => encodeMedCtx(pixels, count, SIDE, SIDE)),
    };
  });
  printTable(
    `med-ctx codec, median of ${RUNS} runs (ms)`,
    ['file', 'images', 'decode cpu', 'decode wall', 'encode cpu', 'encode wall'],
    rows.map((r) => [
      r.file,
      r.images,
      fmt(r.decode.cpuMs),
      fmt(r.decode.wallMs),
      fmt(r.encode.cpuMs),
      fmt(r.encode.wallMs),
    ]),
  );
  writeResult('codec', { runs: RUNS, rows });
}

runMain(main);
