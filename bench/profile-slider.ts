/**
 * Profiles the slider path on the main thread: presses ArrowRight on a layer's sparsity slider
 * with the CDP sampling profiler running, and prints the functions with the most self time.
 * Run: npx tsx bench/profile-slider.ts [--model=cnn] [--layer=conv2] [--presses=20]
 */
import { openApp, waitForIdle } from './app.ts';
import { buildApp, isMain, launchChromium, runMain, serverFor, startPreview } from './lib.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Inclusive time per function (ms), largest first. */
export function totalTimes(p: Profile): { name: string; ms: number }[] {
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const acc = new Map<string, number>();
  p.samples.forEach((id, i) => {
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)?.callFrame;
      if (!f) break;
      const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
      if (seen.has(key)) continue;
      seen.add(key);
      acc.set(key, (acc.get(key) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
    }
  });
  return [...acc.entries()].map(([name, ms]) => ({ name, ms })).sort((a, b) => b.ms - a.ms);
}

/** Self time per function (ms), largest first. */
export function selfTimes(p: Profile): { name: string; ms: number }[] {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const acc = new Map<string, number>();
  p.samples.forEach((id, i) => {
    const n = byId.get(id);
    if (!n) return;
    const f = n.callFrame;
    const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
    acc.set(key, (acc.get(key) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
  });
  return [...acc.entries()].map(([name, ms]) => ({ name, ms })).sort((a, b) => b.ms - a.ms);
}

interface AllocNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: AllocNode[];
}

interface TraceEvent {
  name: string;
  ph: string;
  dur?: number;
  ts: number;
  tid: number;
  pid: number;
  args?: { data?: { frame?: string } };
}

/** Total duration per event name on the renderer's main thread (complete events), ms per press. */
function summarizeTrace(events: TraceEvent[], presses: number): void {
  const main = events.find(
    (e) =>
      e.name === 'thread_name' &&
      (e.args as { name?: string } | undefined)?.name === 'CrRendererMain',
  );
  const tid = main?.tid;
  const pid = main?.pid;
  const acc = new Map<string, number>();
  let longest = 0;
  for (const e of events) {
    if (e.tid !== tid || e.pid !== pid || e.ph !== 'X' || e.dur === undefined) continue;
    acc.set(e.name, (acc.get(e.name) ?? 0) + e.dur / 1000);
    if (e.name === 'ThreadControllerImpl::RunTask') longest = Math.max(longest, e.dur / 1000);
  }
  for (const [name, ms] of [...acc.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25))
    console.log(`${(ms / presses).toFixed(2).padStart(8)} ms/press  ${name}`);
  console.log(`longest task ${longest.toFixed(1)} ms`);
  const tasks = events
    .filter(
      (e) =>
        e.tid === tid &&
        e.pid === pid &&
        e.name === 'ThreadControllerImpl::RunTask' &&
        (e.dur ?? 0) > 8000,
    )
    .map((e) => (e.dur ?? 0) / 1000);
  console.log(`tasks over 8 ms: ${tasks.map((t) => t.toFixed(0)).join(' ')}`);
}

async function main(): Promise<void> {
  const arg = (k: string, d: string): string =>
    process.argv.find((a) => a.startsWith(`--${k}=`))?.slice(k.length + 3) ?? d;
  const model = arg('model', 'cnn');
  const layer = arg('layer', 'conv2');
  const presses = Number(arg('presses', '20'));
  const { server, own } = await serverFor(undefined, async () => {
    if (!process.env.BENCH_NO_BUILD) await buildApp();
    return startPreview();
  });
  const browser = await launchChromium();
  try {
    const { context, page } = await openApp(browser, `${server.url}/?model=${model}`);
    await waitForIdle(page);
    await page.getByRole('button', { name: `Show ${layer}` }).click();
    const slider = page.getByRole('slider', { name: `${layer} sparsity` });
    await slider.focus();
    const cdp = await context.newCDPSession(page);
    if (process.argv.includes('--trace')) {
      await browser.startTracing(page, {
        categories: ['devtools.timeline', 'blink.user_timing', 'toplevel'],
      });
      for (let i = 0; i < presses; i++) {
        await page.keyboard.press('ArrowRight');
        await page.waitForTimeout(200);
      }
      const buf = await browser.stopTracing();
      const events = (JSON.parse(buf.toString()) as { traceEvents: TraceEvent[] }).traceEvents;
      summarizeTrace(events, presses);
      await context.close();
      return;
    }
    if (process.argv.includes('--alloc')) {
      await cdp.send('HeapProfiler.enable');
      await cdp.send('HeapProfiler.startSampling', { samplingInterval: 4096 });
      for (let i = 0; i < presses; i++) {
        await page.keyboard.press('ArrowRight');
        await page.waitForTimeout(200);
      }
      const { profile } = (await cdp.send('HeapProfiler.stopSampling')) as unknown as {
        profile: { head: AllocNode };
      };
      const acc = new Map<string, number>();
      const walk = (n: AllocNode): void => {
        const f = n.callFrame;
        const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
        acc.set(key, (acc.get(key) ?? 0) + n.selfSize);
        n.children.forEach(walk);
      };
      walk(profile.head);
      for (const [k, v] of [...acc.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30))
        console.log(`${(v / presses / 1024).toFixed(0).padStart(8)} kB/press  ${k}`);
      await context.close();
      return;
    }
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
    for (let i = 0; i < presses; i++) {
      await page.keyboard.press('ArrowRight');
      await page.waitForTimeout(200);
    }
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
    const top = (
      process.argv.includes('--total') ? totalTimes(profile) : selfTimes(profile)
    ).filter((x) => !x.name.startsWith('(idle)'));
    for (const t of top.slice(0, Number(process.env.TOP ?? 70)))
      console.log(`${(t.ms / presses).toFixed(2).padStart(8)} ms/press  ${t.name}`);
    await context.close();
  } finally {
    await browser.close();
    if (own) server.stop();
  }
}

if (isMain(import.meta.url)) runMain(main);
