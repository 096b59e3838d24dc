/**
 * The PyTorch recipe: one runnable Python 3 script (prune_torch.py) that rebuilds the network as a
 * torch.nn.Module, loads the trained weights from model-dense/ (TensorFlow.js files next to it),
 * reproduces the app's masks with torch.nn.utils.prune, makes them permanent with prune.remove,
 * prints a summary, and compares its predictions with the app's on the shipped check images
 * (`--check OUT.json` also writes masks, logits and predictions). Files it reads, next to it:
 * model-dense/model.json + weights.bin, masks.bin (only for methods torch cannot recompute),
 * check_inputs.bin + check_expected.json (optional).
 */
import { isRecurrent } from '../graph.ts';
import type { CheckData, RecipeInput } from './types.ts';
import type { MaskSet, NetGraph } from '../types.ts';
import {
  PRELUDE_ACTIVATIONS,
  PRELUDE_BN,
  PRELUDE_IO,
  PRELUDE_RNN,
  PRELUDE_UNITS,
} from './torch-prelude.ts';
import { TORCH_MAIN } from './torch-main.ts';
import { torchModelSource } from './torch-model.ts';
import { torchPruneCode } from './torch-prune.ts';
import { pyStr } from './python.ts';

/** File names the PyTorch recipe reads, relative to the script. */
export const TORCH_FILES = {
  script: 'prune_torch.py',
  denseModel: 'model-dense/model.json',
  masks: 'masks.bin',
  checkInputs: 'check_inputs.bin',
  checkExpected: 'check_expected.json',
} as const;

/**
 * All masks of a graph as one byte array (masks.bin): uint8, 1 = kept, TF.js layouts, tensors in
 * graph order; a tensor without a mask is written as all ones.
 */
export function packMasks(graph: NetGraph, masks: MaskSet): Uint8Array {
  const specs = graph.layers.flatMap((l) => l.tensors);
  const total = specs.reduce((n, t) => n + t.shape.reduce((a, b) => a * b, 1), 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const t of specs) {
    const n = t.shape.reduce((a, b) => a * b, 1);
    const m = masks[t.key];
    if (m && m.length !== n)
      throw new Error(`The mask of ${t.key} has ${m.length} entries, not ${n}.`);
    if (m) out.set(m, at);
    else out.fill(1, at, at + n);
    at += n;
  }
  return out;
}

function maskLayoutSource(graph: NetGraph): string {
  let at = 0;
  const rows = graph.layers.flatMap((l) =>
    l.tensors.map((t) => {
      const row = `    ${pyStr(t.key)}: (${at}, [${t.shape.join(', ')}], ${pyStr(l.kind)}, ${pyStr(t.role)}),`;
      at += t.shape.reduce((a, b) => a * b, 1);
      return row;
    }),
  );
  return [
    '',
    "# Where each of the app's masks sits in masks.bin: (byte offset, TensorFlow.js shape, kind, role).",
    'MASK_LAYOUT = {',
    ...rows,
    '}',
    '',
    '',
    'def app_mask(key):',
    '    """The app\'s mask of one tensor (1 = kept), converted to torch layout."""',
    '    offset, shape, kind, role = MASK_LAYOUT[key]',
    '    with open(MASKS_FILE, "rb") as f:',
    '        f.seek(offset)',
    '        data = bytearray(f.read(math.prod(shape)))',
    '    return to_torch(kind, role, torch.frombuffer(data, dtype=torch.uint8).float().reshape(shape))',
    '',
  ].join('\n');
}

function header(input: RecipeInput): string {
  const { graph, config } = input;
  return [
    '#!/usr/bin/env python3',
    `"""Pruning Lab recipe for PyTorch: ${graph.id} on ${input.datasetId}, ${config.method} at ${Math.round(config.globalSparsity * 1000) / 10}%.`,
    '',
    'Rebuilds the network as a torch.nn.Module, loads its trained weights from model-dense/',
    '(TensorFlow.js files), prunes it with torch.nn.utils.prune exactly as the app did, makes the',
    "pruning permanent (prune.remove) and compares its predictions with the app's.",
    '',
    'Run:   python3 prune_torch.py [--check OUT_JSON] [--save pruned.pt]',
    'Needs: Python 3.8+ and PyTorch (pip install torch; Debian/Ubuntu: apt install python3-torch).',
    '"""',
  ].join('\n');
}

/**
 * The PyTorch recipe as Python source (see the module comment).
 * @returns the script text and whether it reads masks.bin (ship packMasks beside it then)
 * @throws RecipeError for a layer kind or activation the recipe cannot mirror
 */
export function torchRecipe(input: RecipeInput): { source: string; usesMaskFile: boolean } {
  const { graph } = input;
  const prune = torchPruneCode(graph, input.config, input.masks);
  const has = (test: (l: NetGraph['layers'][number]) => boolean) => graph.layers.some(test);
  const parts = [
    header(input),
    PRELUDE_IO,
    PRELUDE_ACTIVATIONS,
    has((l) => l.kind === 'batchnorm') ? PRELUDE_BN : '',
    has((l) => isRecurrent(l.kind)) ? PRELUDE_RNN : '',
    PRELUDE_UNITS,
    torchModelSource(graph),
    prune.usesMaskFile ? maskLayoutSource(graph) : '',
    '',
    'def prune_like_the_app(model):',
    ...prune.lines,
    TORCH_MAIN,
  ];
  return { source: parts.join('\n'), usesMaskFile: prune.usesMaskFile };
}

/**
 * The check files the recipe reads: check_inputs.bin (float32 inputs, row-major) and
 * check_expected.json ({n, inputShape, labels, appPredictions, appOutputs}).
 */
export function checkFiles(
  check: CheckData,
  classes: number,
): { inputs: Uint8Array; expected: string } {
  const preds: number[] = [];
  for (let r = 0; r < check.n; r++) {
    let best = 0;
    for (let c = 1; c < classes; c++)
      if (check.outputs[r * classes + c] > check.outputs[r * classes + best]) best = c;
    preds.push(best);
  }
  const expected = {
    n: check.n,
    inputShape: check.inputShape,
    labels: check.labels,
    appPredictions: preds,
    appOutputs: Array.from(check.outputs),
  };
  const inputs = new Uint8Array(
    check.inputs.buffer.slice(
      check.inputs.byteOffset,
      check.inputs.byteOffset + check.inputs.byteLength,
    ),
  );
  return { inputs, expected: JSON.stringify(expected) };
}
