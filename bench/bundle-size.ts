/**
 * Sizes of the built app: the engine worker's entry (and each lazily loaded chunk it imports), the
 * wasm binaries, and the page's start-up scripts, raw and gzip. Reads dist/ (build first: npx vite build).
 * Run: npx vite build && npx tsx bench/bundle-size.ts [distDir]
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fmt, printTable } from './lib.ts';

const dir = path.join(process.argv[2] ?? 'dist', 'assets');
const files = readdirSync(dir).filter((f) => /\.(js|wasm)$/.test(f));
const worker = files.find((f) => f.startsWith('worker-'));
if (!worker) throw new Error(`no worker-*.js in ${dir}: build the app first (npx vite build)`);
const text = readFileSync(path.join(dir, worker), 'utf8');
const lazy = new Set([...text.matchAll(/import\(["'`]\.\/([^"'`]+)["'`]\)/g)].map((m) => m[1]));
const kb = (n: number) => fmt(n / 1024, 1);
const rows = files
  .filter((f) => f === worker || lazy.has(f) || f.endsWith('.wasm'))
  .map((f) => {
    const b = readFileSync(path.join(dir, f));
    const role =
      f === worker ? 'worker entry' : f.endsWith('.wasm') ? 'wasm (lazy)' : 'chunk (lazy)';
    return [f, role, kb(b.length), kb(gzipSync(b, { level: 9 }).length)];
  });
printTable('Engine worker bundle (kB)', ['file', 'loaded', 'raw', 'gzip'], rows);

// The page: index.html's entry script and the chunks it preloads (what a first paint waits for).
const html = readFileSync(path.join(dir, '..', 'index.html'), 'utf8');
const pageFiles = [...html.matchAll(/(?:src|href)="[^"]*assets\/([^"]+\.js)"/g)].map((m) => m[1]);
printTable(
  'Page bundle loaded at start-up (kB)',
  ['file', 'raw', 'gzip'],
  pageFiles.map((f) => {
    const b = readFileSync(path.join(dir, f));
    return [f, kb(b.length), kb(gzipSync(b, { level: 9 }).length)];
  }),
);
