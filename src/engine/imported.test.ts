/**
 * Imported models through the engine in Node on the cpu backend, from the committed fixtures
 * (scripts/make-import-fixtures.ts): real test accuracy as recorded, refusals that keep the current
 * model, and the whole workbench on an imported graph (prune, evaluate, gradient scores, fine-tune
 * with masks held, compaction, latency).
 */
import { readFile, readdir } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { keptUnits } from '../core/metrics.ts';
import type { DatasetId } from '../data/types.ts';
import type { Engine } from './engine.ts';
import type { ImportFilesInput, ImportResult } from './api.ts';
import { cpuEngine, fineTune, masksAt } from './test-support.ts';

const fixtures = new URL('../../e2e/fixtures/import/', import.meta.url);

interface FixtureEntry {
  dir: string;
  dataset: DatasetId;
  scaling: '0-1' | '0-255';
  testAccuracy: number;
  testN: number;
}

async function filesOf(dir: string): Promise<ImportFilesInput> {
  const d = new URL(`${dir}/`, fixtures);
  const names = await readdir(d);
  const weights: Record<string, ArrayBuffer> = {};
  for (const n of names.filter((x) => x.endsWith('.bin'))) {
    const b = await readFile(new URL(n, d));
    weights[n] = b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
  }
  return { json: await readFile(new URL('model.json', d), 'utf8'), weights };
}

describe('engine.loadImported (cpu backend, committed fixtures)', () => {
  let engine: Engine;
  let manifest: FixtureEntry[];
  /** Each fixture's import result, as the first test measured it. */
  const results = new Map<string, ImportResult>();

  async function load(dir: string): Promise<ImportResult> {
    const out = await engine.loadImported(await filesOf(dir));
    if (!out.ok) throw new Error(out.error.message);
    results.set(dir, out.result);
    return out.result;
  }

  beforeAll(async () => {
    engine = await cpuEngine();
    manifest = JSON.parse(
      await readFile(new URL('manifest.json', fixtures), 'utf8'),
    ) as FixtureEntry[];
  }, 60_000);

  it('measures each fixture’s real test accuracy, as recorded, well above chance', async () => {
    expect(manifest.map((m) => m.dir).sort()).toEqual(['keras-cnn', 'keras-rnn', 'tfjs-cnn']);
    for (const m of manifest) {
      const r = await load(m.dir);
      expect(r.modelId).toMatch(/^imported:/);
      expect(r.datasetId).toBe(m.dataset);
      expect(r.fittingDatasets).toEqual(['mnist', 'fashion']);
      expect(r.scaling.chosen).toBe(m.scaling);
      expect(r.testN).toBe(m.testN);
      expect(r.testAccuracy).toBe(m.testAccuracy);
      expect(r.testAccuracy).toBeGreaterThan(0.5);
      const full = await engine.evaluate({}, 'full');
      expect(full.accuracy).toBe(r.testAccuracy);
    }
  }, 300_000);

  it('picks the scaling the model was trained with', async () => {
    const r = results.get('keras-cnn') ?? (await load('keras-cnn'));
    const { accuracy, chosen } = r.scaling;
    expect(chosen).toBe('0-255');
    expect(accuracy['0-255']).toBeGreaterThan(accuracy['0-1']);
  }, 120_000);

  it('refuses bad files with a message and keeps the current model loaded', async () => {
    const ok = await engine.loadImported(await filesOf('tfjs-cnn'));
    if (!ok.ok) throw new Error(ok.error.message);
    const before = await engine.evaluate({}, 'full');
    const expected: [string, string, RegExp][] = [
      ['bad/branching', 'functional-branches', /simple_rnn feeds 2 layers/],
      ['bad/conv1d', 'unsupported-layer', /Layer conv1d is a Conv1D/],
      ['bad/nan', 'bad-weights', /holds NaN/],
      ['bad/short', 'short-weights-file', /group1-shard1of1\.bin is too short/],
    ];
    for (const [dir, code, message] of expected) {
      const out = await engine.loadImported(await filesOf(dir));
      expect(out.ok).toBe(false);
      if (out.ok) continue;
      expect(out.error.code).toBe(code);
      expect(out.error.message).toMatch(message);
    }
    const wrong = await engine.loadImported(await filesOf('keras-rnn'), 'waves');
    expect(!wrong.ok && wrong.error.code).toBe('no-dataset');
    const after = await engine.evaluate({}, 'full');
    expect(after.accuracy).toBe(before.accuracy);
    const snap = await engine.snapshot();
    expect(Object.keys(snap).sort()).toEqual(Object.keys(ok.result.weights).sort());
  }, 120_000);

  it('prunes, scores, fine-tunes with masks held, compacts and times an imported CNN with BN', async () => {
    const out = await engine.loadImported(await filesOf('tfjs-cnn'));
    if (!out.ok) throw new Error(out.error.message);
    const r: ImportResult = out.result;
    const g = r.graph;
    const masks = masksAt(r, 0.5, 'l1-structured');
    const bn = g.layers.find((l) => l.kind === 'batchnorm')!;
    const conv = g.layers[0].name;
    expect(keptUnits(g, masks)[conv].length).toBe(4);
    expect(Array.from(masks[`${bn.name}/gamma`]).reduce((a, b) => a + b, 0)).toBe(4);
    const pruned = await engine.evaluate(masks, 'full');
    expect(pruned.accuracy).toBeLessThan(r.testAccuracy + 0.05);
    const scores = await engine.gradientScores('taylor', masks);
    expect(scores[`${conv}/kernel`].length).toBe(r.weights[`${conv}/kernel`].length);
    const t = await engine.train(fineTune({ seed: 3, masks, maxBatches: 20 }), () => undefined);
    for (const [key, m] of Object.entries(masks)) {
      const w = t.weights[key];
      for (let i = 0; i < m.length; i++) if (m[i] === 0) expect(Math.abs(w[i])).toBe(0);
    }
    const tuned = await engine.evaluate(masks, 'full');
    expect(tuned.accuracy).toBeGreaterThan(pruned.accuracy - 0.05);
    const lat = await engine.latency(masks, 16);
    expect(lat.maxAbsDiff).toBeLessThan(1e-4);
    expect(lat.compactedParams).toBeLessThan(lat.denseParams);
  }, 300_000);
});
