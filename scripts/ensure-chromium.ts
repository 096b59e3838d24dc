/**
 * Finds a Chromium for the end-to-end tests and prints its path to stdout's last line.
 * Order: $PLAYWRIGHT_CHROMIUM_PATH, a system `chromium`/`chromium-browser`/`google-chrome`,
 * Playwright's own download; else, when running as root with apt, installs Debian's `chromium`;
 * else stops with a message that says what to install. It never downloads a browser build itself.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

function which(cmd: string): string | null {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  const p = r.stdout.trim();
  return r.status === 0 && p ? p : null;
}

function works(path: string): boolean {
  const r = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  return r.status === 0;
}

export function findChromium(): string | null {
  const env = process.env.PLAYWRIGHT_CHROMIUM_PATH;
  if (env && existsSync(env) && works(env)) return env;
  for (const c of CANDIDATES) {
    const p = which(c);
    if (p && works(p)) return p;
  }
  try {
    const own = chromium.executablePath();
    if (own && existsSync(own) && works(own)) return own;
  } catch {
    // Playwright has no browser of its own here; that is expected.
  }
  return null;
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function main(): void {
  let found = findChromium();
  if (!found && isRoot() && which('apt-get')) {
    console.log(
      'ensure-chromium: no Chromium found; installing Debian\'s "chromium" with apt-get…',
    );
    execFileSync('apt-get', ['update', '-q'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-q', 'chromium'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    found = findChromium();
  }
  if (!found) {
    console.error(
      [
        'ensure-chromium: no Chromium found, and it cannot be installed from here.',
        'Install one, then run the tests again:',
        '  Debian/Ubuntu:  sudo apt-get install chromium',
        '  or point PLAYWRIGHT_CHROMIUM_PATH at any Chromium or Chrome binary.',
      ].join('\n'),
    );
    process.exit(1);
  }
  console.log(`ensure-chromium: using ${found}`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
