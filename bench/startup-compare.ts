/**
 * Start-up of several builds measured side by side: cold starts (and offline reloads, for builds
 * with a service worker) alternated between the builds, so a busy or quiet spell of the machine
 * falls on all of them alike. Each build is served by its own `vite preview`; name them on the
 * command line as name=url. The measurements are startup-bench.ts's.
 *
 * To compare with an older commit, serve its build beside this one, for example:
 *   git worktree add /tmp/pl-old <commit> && cd /tmp/pl-old && npm ci && cp -r <this>/public/data public/
 *   npx vite build --config bench/vite.config.ts && npx vite preview --config bench/vite.config.ts --port 4643
 * Run: npx tsx bench/startup-compare.ts --runs=8 [--offline=6] now=http://127.0.0.1:4642 old=http://127.0.0.1:4643
 */
import { fmt, launchChromium, machine, median, printTable, runMain, writeResult } from './lib.ts';
import { coldStart, offlineReload, type StartupRun } from './startup-bench.ts';

function arg(name: string, fallback: number): number {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return a ? Number(a.slice(name.length + 3)) : fallback;
}

/** True when the build at `url` has a service worker (an offline reload can be measured). */
async function hasServiceWorker(url: string): Promise<boolean> {
  const res = await fetch(`${url}/sw.js`).catch(() => null);
  return res !== null && res.ok && /javascript/.test(res.headers.get('content-type') ?? '');
}

/** Runs `measure` for every build, `n` rounds, the order reversed every other round. */
async function alternate(
  builds: [string, string][],
  n: number,
  measure: (url: string) => Promise<StartupRun>,
): Promise<Map<string, StartupRun[]>> {
  const runs = new Map<string, StartupRun[]>(builds.map(([name]) => [name, []]));
  for (let i = 0; i < n; i++) {
    for (const [name, url] of i % 2 ? [...builds].reverse() : builds) {
      runs.get(name)!.push(await measure(`${url}/?model=cnn`));
    }
  }
  return runs;
}

async function main(): Promise<void> {
  const builds = process.argv
    .slice(2)
    .filter((a) => !a.startsWith('--'))
    .map((a) => a.split('=', 2) as [string, string]);
  if (builds.length === 0 || builds.some(([, url]) => !url))
    throw new Error('name the builds: npx tsx bench/startup-compare.ts now=<url> old=<url>');
  const before = machine().loadavg;
  const browser = await launchChromium();
  try {
    const cold = await alternate(builds, arg('runs', 8), (u) => coldStart(browser, u));
    const withWorker: [string, string][] = [];
    for (const b of builds) if (await hasServiceWorker(b[1])) withWorker.push(b);
    const offline = await alternate(withWorker, arg('offline', 0), (u) =>
      offlineReload(browser, u),
    );
    const med = (xs: StartupRun[], f: (r: StartupRun) => number) =>
      xs.length ? fmt(median(xs.map(f)), 0) : '–';
    printTable(
      `Start-up side by side, cnn on MNIST, ms from navigation start, medians (load average ${before.join(' ')} → ${machine().loadavg.join(' ')})`,
      ['build', 'a % shows', 'first live %', 'full test set', 'offline: first live %'],
      builds.map(([name]) => [
        name,
        med(cold.get(name)!, (r) => r.shown),
        med(cold.get(name)!, (r) => r.accuracy),
        med(cold.get(name)!, (r) => r.full),
        med(offline.get(name) ?? [], (r) => r.accuracy),
      ]),
    );
    writeResult('startup-compare', {
      builds: Object.fromEntries(builds),
      cold: Object.fromEntries(cold),
      offline: Object.fromEntries(offline),
    });
  } finally {
    await browser.close();
  }
}

runMain(main);
