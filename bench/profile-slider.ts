/**
 * Profiles the slider path on the main thread: presses ArrowRight / ArrowLeft on a layer's sparsity
 * slider (the direction flips every 10 presses, as in the soak) with the CDP sampling profiler
 * running, and prints the functions with the most self time.
 * Run: npx tsx bench/profile-slider.ts [--model=cnn] [--layer=conv2] [--presses=20] [--gap=200]
 *   [--total | --trace [--settle] | --alloc]   (--gap=0: presses as fast as the page takes them, as the soak)
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
  /** Thread (CPU) time of a complete event, µs: what the task cost whatever the machine's load. */
  tdur?: number;
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
  let longestCpu = 0;
  let cpu = 0;
  for (const e of events) {
    if (e.tid !== tid || e.pid !== pid || e.ph !== 'X' || e.dur === undefined) continue;
    acc.set(e.name, (acc.get(e.name) ?? 0) + e.dur / 1000);
    if (e.name !== 'ThreadControllerImpl::RunTask') continue;
    longest = Math.max(longest, e.dur / 1000);
    longestCpu = Math.max(longestCpu, (e.tdur ?? 0) / 1000);
    cpu += (e.tdur ?? 0) / 1000;
  }
  for (const [name, ms] of [...acc.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25))
    console.log(`${(ms / presses).toFixed(2).padStart(8)} ms/press  ${name}`);
  console.log(
    `longest task ${longest.toFixed(1)} ms (its CPU time at most ${longestCpu.toFixed(1)} ms)`,
  );
  console.log(`main-thread CPU time of all tasks ${(cpu / presses).toFixed(2)} ms/press`);
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
  breakDownLongTasks(
    events.filter((e) => e.tid === tid && e.pid === pid && e.ph === 'X'),
    50,
  );
}

/** For each main-thread task longer than `overMs`: its duration and the events inside it, by name. */
function breakDownLongTasks(events: TraceEvent[], overMs: number): void {
  const long = events.filter(
    (e) => e.name === 'ThreadControllerImpl::RunTask' && (e.dur ?? 0) > overMs * 1000,
  );
  for (const t of long.sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0)).slice(0, 8)) {
    const end = t.ts + (t.dur ?? 0);
    const acc = new Map<string, number>();
    for (const e of events)
      if (e !== t && e.ts >= t.ts && e.ts < end)
        acc.set(e.name, (acc.get(e.name) ?? 0) + (e.dur ?? 0) / 1000);
    const inside = [...acc.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([n, ms]) => `${n} ${ms.toFixed(0)}`);
    console.log(`task ${((t.dur ?? 0) / 1000).toFixed(0)} ms: ${inside.join(', ')}`);
  }
}

/** Press `i` of a run: ArrowRight for 10 presses, then ArrowLeft for 10 (the value stays in range). */
const keyOf = (i: number): string => (Math.floor(i / 10) % 2 === 0 ? 'ArrowRight' : 'ArrowLeft');

async function main(): Promise<void> {
  const arg = (k: string, d: string): string =>
    process.argv.find((a) => a.startsWith(`--${k}=`))?.slice(k.length + 3) ?? d;
  const model = arg('model', 'cnn');
  const layer = arg('layer', 'conv2');
  const presses = Number(arg('presses', '20'));
  // 0: presses as fast as the page takes them (the soak's pattern).
  const gap = Number(arg('gap', '200'));
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
        await page.keyboard.press(keyOf(i));
        if (gap > 0) await page.waitForTimeout(gap);
      }
      // --settle: also trace until the app is idle again (evaluations, curve), as the soak does.
      if (process.argv.includes('--settle')) await waitForIdle(page);
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
        await page.keyboard.press(keyOf(i));
        if (gap > 0) await page.waitForTimeout(gap);
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
      await page.keyboard.press(keyOf(i));
      if (gap > 0) await page.waitForTimeout(gap);
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
