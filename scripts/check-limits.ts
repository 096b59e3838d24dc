/**
 * Checks the size limits over src/ (see scripts/limits.ts) and exits non-zero on any violation
 * not listed in scripts/limits-allowlist.json. Run by `npm run lint`.
 *
 *   npx tsx scripts/check-limits.ts
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAX_DUPLICATE_PAIRS, checkSource, parseDuplicates, type Violation } from './limits.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

/** TEMPORARY exemptions for files being split right now; each entry should disappear. */
interface Allowlist {
  _comment?: string;
  files: string[];
  functions: string[];
  duplicates: string[];
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.tsx?$/.test(name) ? [p] : [];
  });
}

function onPath(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const allow = JSON.parse(
  readFileSync(join(root, 'scripts/limits-allowlist.json'), 'utf8'),
) as Allowlist;
const allowed = new Set([...allow.files, ...allow.functions]);
const failures: Violation[] = [];
const tolerated: Violation[] = [];
for (const abs of sources(join(root, 'src'))) {
  const file = relative(root, abs);
  for (const v of checkSource(file, readFileSync(abs, 'utf8')))
    (allowed.has(v.key) ? tolerated : failures).push(v);
}
for (const v of failures) console.error(`${v.file}:${v.line} ${v.message}`);

let duplicateFailure = false;
if (onPath('duplicates')) {
  const out = execFileSync('duplicates', ['--repo', 'src', '--most', '200', '--seconds', '120'], {
    cwd: root,
    encoding: 'utf8',
  });
  const pairs = parseDuplicates(out).filter((p) => !p.boilerplate);
  const open = pairs.filter((p) => !allow.duplicates.includes(p.key));
  if (open.length > MAX_DUPLICATE_PAIRS) {
    duplicateFailure = true;
    console.error(
      `duplicates: ${open.length} non-boilerplate pairs not in the allowlist (limit ${MAX_DUPLICATE_PAIRS}):`,
    );
    for (const p of open) console.error(`  src/${p.a} ~ src/${p.b}`);
  }
  const listed = new Set(pairs.map((p) => p.key));
  for (const key of allow.duplicates)
    if (!listed.has(key))
      console.log(`limits: duplicates "${key}" is gone: remove it from the allowlist.`);
  const incomplete = out.split('\n').find((l) => l.startsWith('incomplete:'));
  if (incomplete) console.warn(`duplicates: ${incomplete}`);
} else {
  console.log('duplicates: not on PATH, duplicate check skipped.');
}

const seen = new Set(tolerated.map((v) => v.key));
for (const key of allowed)
  if (!seen.has(key))
    console.log(`limits: ${key} is within the limits now: remove it from the allowlist.`);

if (tolerated.length)
  console.log(
    `limits: ${tolerated.length} known violations tolerated by scripts/limits-allowlist.json.`,
  );
if (failures.length || duplicateFailure) process.exit(1);
console.log('limits: ok');
