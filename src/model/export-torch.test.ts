/**
 * The PyTorch recipe reproduces the app: for magnitude, global magnitude, structured L1 and L2
 * and random pruning on the cnn, LeNet-300-100, LSTM and GRU (shipped checkpoints) and on the
 * imported fixtures (keras-cnn: conv -> conv, max and average pooling, dropout, 0-255 input;
 * keras-rnn: SimpleRNN; tfjs-cnn: BatchNormalization followed by structured pruning; a Keras GRU
 * with reset_after=True, its bias [2, 3H], sigmoid gates), the generated prune_torch.py runs under
 * python3 with torch (one process for every model and method, each script run as from the command
 * line with --check), and its masks equal the app's element for element (after the layout
 * conversion) and its pruned model's logits match the app's on 100 test images.
 * Needs python3 with torch (Debian: apt install python3-torch); skipped with a message otherwise.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeMasks, emptyConfig, setGlobalSparsity } from '../core/index.ts';
import { toTorchLayout } from '../core/recipes/layout.ts';
import { TORCH_FILES, checkFiles, packMasks, torchRecipe } from '../core/recipes/torch-recipe.ts';
import type { CheckData } from '../core/recipes/types.ts';
import type { MaskSet, MethodId, NetGraph, PruningConfig } from '../core/types.ts';
import { checkSet } from './export-check.ts';
import { findTorchPython } from '../../scripts/torch-python.ts';
import { WEIGHTS_FILE, exportTfjs } from './export.ts';
import {
  loadImportFixture,
  loadResetAfterGru,
  loadShipped,
  useCpu,
  type Shipped,
} from './shipped-fixtures.ts';

const PYTHON = findTorchPython();
const HAVE_TORCH = PYTHON !== null;
if (!HAVE_TORCH) {
  console.warn(
    'Skipping the PyTorch recipe tests: neither `python3` nor /usr/bin/python3 imports torch. Install PyTorch ' +
      '(Debian/Ubuntu: sudo apt-get install python3-torch; elsewhere: pip install torch).',
  );
}

/** The methods the issue names, and 'mixed': per-layer overrides on a structured setup. */
type Case = MethodId | 'mixed';
const METHODS: Case[] = [
  'magnitude',
  'global-magnitude',
  'l1-structured',
  'l2-structured',
  'random',
  'mixed',
];

interface TorchCheck {
  masks: Record<string, { param: string; shape: number[]; bits: string }>;
  logits: number[][];
  predictions: number[];
}

/** Layers removed whole under 'l2-structured': a removable conv of the cnn and of tfjs-cnn. */
const REMOVED: Record<string, string> = { cnn: 'conv3', 'tfjs-cnn': 'conv2d_Conv2D2' };

function configFor(graph: Parameters<typeof emptyConfig>[0], method: Case, model: string) {
  const base = method === 'mixed' ? 'l1-structured' : method;
  const c: PruningConfig = { ...setGlobalSparsity(emptyConfig(graph), 0.5), method: base, seed: 7 };
  // Uneven per-layer settings, and a layer removed whole where the model has one to remove.
  const names = Object.keys(c.layers);
  c.layers[names[0]] = { sparsity: 0.25, locked: true };
  const removed = REMOVED[model];
  if (removed && method === 'l2-structured')
    c.layers[removed] = { sparsity: 0, locked: true, removed: true };
  if (method === 'mixed') {
    // The second layer by magnitude (it still loses the inputs the first layer's units fed), the
    // output layer in a global ranking.
    c.layers[names[1]] = { sparsity: 0.6, locked: true, method: 'magnitude' };
    c.layers[names[names.length - 1]] = {
      sparsity: 0.5,
      locked: false,
      method: 'global-magnitude',
    };
  }
  return c;
}

/** The torch run's masks equal the app's element for element; its predictions and logits match. */
function expectSameAsApp(
  graph: NetGraph,
  r: { method: Case; masks: MaskSet; check: CheckData; json: string },
): void {
  const got = JSON.parse(readFileSync(r.json, 'utf8')) as TorchCheck;
  for (const layer of graph.layers) {
    for (const t of layer.tensors) {
      const want = toTorchLayout(layer.kind, t.role, r.masks[t.key], t.shape);
      const m = got.masks[t.key];
      expect(m.shape, `${r.method} ${t.key}`).toEqual(want.shape);
      let diff = 0;
      for (let i = 0; i < want.data.length; i++) if (Number(m.bits[i]) !== want.data[i]) diff++;
      expect(diff, `${r.method} ${t.key}: elements that differ`).toBe(0);
    }
  }
  if (r.method === 'l1-structured') {
    // Structured pruning reaches every BatchNormalization: the removed units' entries are 0.
    for (const bn of graph.layers.filter((l) => l.kind === 'batchnorm'))
      expect(r.masks[`${bn.name}/gamma`].includes(0), `${bn.name} pruned`).toBe(true);
  }
  const C = graph.classes;
  let maxDiff = 0;
  for (let i = 0; i < r.check.n; i++) {
    let best = 0;
    for (let c = 0; c < C; c++) {
      maxDiff = Math.max(maxDiff, Math.abs(got.logits[i][c] - r.check.logits[i * C + c]));
      if (r.check.outputs[i * C + c] > r.check.outputs[i * C + best]) best = c;
    }
    expect(got.predictions[i], `${r.method} example ${i}`).toBe(best);
  }
  expect(maxDiff, `${r.method} max |logit diff|`).toBeLessThan(1e-4);
}

/** One recipe to run: a model's setup for one method, and where its files and outputs go. */
interface Run {
  method: Case;
  masks: MaskSet;
  check: CheckData;
  script: string;
  json: string;
  log: string;
}

/**
 * Writes the dense model once and, per method, the recipe with its check files into a folder of
 * its own (as the export bundle lays them out).
 */
async function prepare(model: string, s: Shipped, dir: string): Promise<Run[]> {
  const out = await exportTfjs(s, {}, { compact: false });
  mkdirSync(join(dir, 'model-dense'));
  writeFileSync(join(dir, TORCH_FILES.denseModel), out.dense.json);
  writeFileSync(join(dir, 'model-dense', WEIGHTS_FILE), new Uint8Array(out.dense.weights));
  return METHODS.map((method) => {
    const config = configFor(s.graph, method, model);
    const masks = computeMasks(s.graph, s.weights, config);
    const check = checkSet(s.model, s.dataset, masks, 100);
    const sub = join(dir, method);
    mkdirSync(sub);
    symlinkSync(join(dir, 'model-dense'), join(sub, 'model-dense'));
    const recipe = torchRecipe({ graph: s.graph, config, masks, datasetId: 'mnist' });
    // Only methods torch cannot recompute read the app's masks.
    expect(recipe.usesMaskFile, `${model} ${method}`).toBe(method === 'random');
    if (recipe.usesMaskFile) writeFileSync(join(sub, TORCH_FILES.masks), packMasks(s.graph, masks));
    writeFileSync(join(sub, TORCH_FILES.script), recipe.source);
    const files = checkFiles(check, s.graph.classes);
    writeFileSync(join(sub, TORCH_FILES.checkInputs), files.inputs);
    writeFileSync(join(sub, TORCH_FILES.checkExpected), files.expected);
    const at = (f: string) => join(sub, f);
    return {
      method,
      masks,
      check,
      script: at(TORCH_FILES.script),
      json: at('out.json'),
      log: at('log.txt'),
    };
  });
}

/**
 * Runs every recipe in one python process (torch is imported once), each as from the command line
 * with --check; a recipe's printed output, or its traceback, goes to its own log file.
 */
function runAll(runs: Run[]): void {
  const driver = [
    'import contextlib, io, json, runpy, sys, traceback',
    `for script, out, log in json.loads(${JSON.stringify(JSON.stringify(runs.map((r) => [r.script, r.json, r.log])))}):`,
    '    buf = io.StringIO()',
    '    with contextlib.redirect_stdout(buf):',
    '        try:',
    '            sys.argv = [script, "--check", out]',
    '            runpy.run_path(script, run_name="__main__")',
    '        except BaseException:',
    '            traceback.print_exc(file=buf)',
    '    open(log, "w").write(buf.getvalue())',
  ].join('\n');
  const t0 = performance.now();
  execFileSync(PYTHON ?? 'python3', ['-c', driver], { encoding: 'utf8', timeout: 600_000 });
  console.log(`python ran ${runs.length} recipes in ${Math.round(performance.now() - t0)} ms`);
}

const CASES: { model: string; load: () => Promise<Shipped> }[] = [
  { model: 'cnn', load: () => loadShipped('cnn', 'mnist') },
  { model: 'lenet-300-100', load: () => loadShipped('lenet-300-100', 'mnist') },
  { model: 'lstm', load: () => loadShipped('lstm', 'mnist') },
  { model: 'gru', load: () => loadShipped('gru', 'mnist') },
  { model: 'keras-cnn', load: () => loadImportFixture('keras-cnn') },
  { model: 'keras-rnn', load: () => loadImportFixture('keras-rnn') },
  { model: 'tfjs-cnn', load: () => loadImportFixture('tfjs-cnn') },
  { model: 'keras-gru-reset-after', load: loadResetAfterGru },
];

const tmp = mkdtempSync(join(tmpdir(), 'recipes-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const prepared = new Map<string, { graph: NetGraph; runs: Run[] }>();

describe.skipIf(!HAVE_TORCH)('PyTorch recipes (one python process for all)', () => {
  beforeAll(async () => {
    await useCpu();
    for (const { model, load } of CASES) {
      const s = await load();
      const dir = join(tmp, model);
      mkdirSync(dir);
      prepared.set(model, { graph: s.graph, runs: await prepare(model, s, dir) });
      s.model.dispose();
    }
    runAll([...prepared.values()].flatMap((p) => p.runs));
  }, 900_000);

  it.each(CASES)('on $model: every method reproduces the app masks and logits', ({ model }) => {
    const { graph, runs } = prepared.get(model)!;
    for (const r of runs) {
      const log = readFileSync(r.log, 'utf8');
      expect(log, `${model} ${r.method}`).toContain('agree with the app on 100 of 100');
      expectSameAsApp(graph, r);
    }
  });
});
