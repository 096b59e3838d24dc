/**
 * The pruning part of the PyTorch recipe: torch.nn.utils.prune calls that reproduce the app's
 * masks (src/core/compute.ts semantics). Phase 1 prunes each layer by its own method, on the
 * unpruned weights: l1_unstructured (magnitude), one global_unstructured (global magnitude),
 * ln_structured along dim 0 ranked by the app's group norms (structured L1/L2 on conv and dense),
 * custom_from_mask where torch has no equivalent or cannot redraw the app's seeded choice. Phase 2
 * prunes what a removed unit feeds: its bias entries and the next layer's input channel or rows.
 * Amounts are integer counts, as the app rounds them (countToPrune), so torch prunes the same number.
 */
import { STRUCTURED_METHODS, methodOf, sparsityOfLayer, view2d } from '../compute.ts';
import { gatesOf, isRecurrent, isWeighted, unitGroups, type LayerUnits } from '../graph.ts';
import { countToPrune } from '../masks.ts';
import { keptUnits } from '../metrics.ts';
import type {
  LayerSpec,
  MethodId,
  NetGraph,
  PruningConfig,
  TensorSpec,
  MaskSet,
} from '../types.ts';
import { torchParamName } from './layout.ts';
import { pct, pyIdent, pyInts, pyStr } from './python.ts';

/** What the prune code needs from the generator's caller. */
export interface PruneCode {
  /** Python lines of the body of prune_like_the_app(model) (4-space indented). */
  lines: string[];
  /** True when the code reads the app's masks from masks.bin (app_mask). */
  usesMaskFile: boolean;
}

const CUSTOM_NOTES: Partial<Record<MethodId, string>> = {
  random:
    "Random: torch's analogue is prune.random_unstructured(module, name, amount=k), which draws from torch's own generator; the app's seeded draw is loaded instead.",
  snip: "SNIP |g * w| from one batch of the app: torch has no SNIP; the app's mask is loaded.",
  movement:
    "Movement scores accumulated during the app's fine-tuning: torch has no equivalent; the app's mask is loaded.",
  taylor:
    "First-order Taylor |g * w| from one batch of the app: torch has no equivalent; the app's mask is loaded.",
  'nm-2-4':
    "N:M 2:4 (2 of every 4 consecutive input weights kept): torch.nn.utils.prune has no N:M method; the app's mask is loaded.",
  block:
    "Block sparsity (1x4 blocks, average |w|, TF-MOT semantics): torch.nn.utils.prune has no block method; the app's mask is loaded.",
};

function prunable(t: TensorSpec): boolean {
  return t.role === 'kernel' || t.role === 'recurrentKernel';
}

function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function ref(layer: LayerSpec): string {
  return `model.${pyIdent(layer.name)}`;
}

function param(layer: LayerSpec, t: TensorSpec): string {
  return pyStr(torchParamName(layer.kind, t.role, t.shape.length));
}

/** group_norms parts of a unit group, in torch layouts (BatchNormalization followers do not score). */
function groupParts(g: LayerUnits, graph: NetGraph): string {
  const parts = g.tensors
    .filter((gt) => gt.part !== 'follower')
    .map((gt) => {
      const layer = graph.layers.find((l) => l.name === gt.layer)!;
      const w = `W[${pyStr(gt.key)}]`;
      if (gt.part === 'consumer') return `(${w}, "cols", 1, ${g.positions})`;
      const kind = gt.role === 'recurrentKernel' ? 'rec' : 'rows';
      return `(${w}, "${kind}", ${gatesOf(layer.kind)}, 1)`;
    });
  return `[${parts.join(', ')}]`;
}

/** Own-tensor unit masks of an RNN or a Taylor layer, from pruned["name"]. */
function ownUnitMasks(layer: LayerSpec, skipKernelOfConvDense: boolean): string[] {
  const G = gatesOf(layer.kind);
  const p = `pruned[${pyStr(layer.name)}]`;
  const out: string[] = [];
  for (const t of layer.tensors) {
    if (t.role === 'kernel' && skipKernelOfConvDense && G === 1) continue;
    const name = torchParamName(layer.kind, t.role, t.shape.length);
    const fn = t.role === 'recurrentKernel' ? 'rec_mask' : 'rows_mask';
    out.push(
      `prune.custom_from_mask(${ref(layer)}, "${name}", ${fn}(${ref(layer)}.${name}, ${p}, ${G}))`,
    );
  }
  return out;
}

function structuredLines(
  layer: LayerSpec,
  g: LayerUnits,
  method: MethodId,
  sparsity: number,
  graph: NetGraph,
  masks: MaskSet,
): string[] {
  const k = countToPrune(g.units, sparsity);
  const name = pyStr(layer.name);
  const head = `# ${layer.name}: ${method}, ${k} of ${g.units} units (${pct(sparsity)}) with everything they feed.`;
  if (method === 'taylor') {
    const kept = new Set(keptUnits(graph, masks)[layer.name] ?? []);
    const gone = Array.from({ length: g.units }, (_, j) => j).filter((j) => !kept.has(j));
    return [
      head,
      `# ${CUSTOM_NOTES.taylor} The units it removed:`,
      `pruned[${name}] = ${pyInts(gone)}`,
      ...ownUnitMasks(layer, false),
    ];
  }
  const p = method === 'l1-structured' ? 1 : 2;
  const lines = [
    head,
    `# The app ranks a unit by the L${p} norm of its whole group: its own weights, its bias and`,
    '# the inputs it feeds in the next layer (not its own weights alone).',
    `norms = group_norms(${groupParts(g, graph)}, ${g.units}, ${p})`,
  ];
  if (!isRecurrent(layer.kind)) {
    const w = `${ref(layer)}.weight`;
    lines.push(
      `prune.ln_structured(${ref(layer)}, "weight", amount=${k}, n=${p}, dim=0, importance_scores=rank_scores(norms, ${w}))`,
      `pruned[${name}] = pruned_rows(${ref(layer)}.weight_mask)`,
    );
    return lines;
  }
  lines.push(
    `# torch prunes a recurrent unit through custom masks: its ${g.gates} gate row(s) in weight_ih and`,
    '# weight_hh, its column of weight_hh and its bias entries.',
    `pruned[${name}] = lowest(norms, ${k})`,
    ...ownUnitMasks(layer, false),
  );
  return lines;
}

function unstructuredLines(
  layer: LayerSpec,
  method: MethodId,
  sparsity: number,
): { lines: string[]; usesMaskFile: boolean } {
  const ts = layer.tensors.filter(prunable);
  if (method === 'magnitude' || method === 'l1-structured' || method === 'l2-structured') {
    const note =
      method === 'magnitude' ? '' : ' (output layer: classes are never removed, so per weight)';
    return {
      lines: [
        `# ${layer.name}: magnitude${note}, ${pct(sparsity)} of each kernel.`,
        ...ts.map(
          (t) =>
            `prune.l1_unstructured(${ref(layer)}, ${param(layer, t)}, amount=${countToPrune(size(t.shape), sparsity)})`,
        ),
      ],
      usesMaskFile: false,
    };
  }
  const shown = method === 'nm-2-4' ? 0.5 : sparsity;
  const extra = method === 'block' ? ` 2-D view [${view2d(ts[0]?.shape ?? []).join(', ')}].` : '';
  return {
    lines: [
      `# ${layer.name}: ${method}, ${pct(shown)} of each kernel.${extra}`,
      `# ${CUSTOM_NOTES[method] ?? ''}`,
      ...ts.map(
        (t) =>
          `prune.custom_from_mask(${ref(layer)}, ${param(layer, t)}, app_mask(${pyStr(t.key)}))`,
      ),
    ],
    usesMaskFile: true,
  };
}

function globalLines(graph: NetGraph, config: PruningConfig, removed: Set<string>): string[] {
  const ts: [LayerSpec, TensorSpec][] = [];
  for (const l of graph.layers) {
    if (!isWeighted(l) || removed.has(l.name)) continue;
    if (methodOf(config, l.name) !== 'global-magnitude') continue;
    for (const t of l.tensors) if (prunable(t)) ts.push([l, t]);
  }
  if (ts.length === 0) return [];
  const total = ts.reduce((n, [, t]) => n + size(t.shape), 0);
  const k = countToPrune(total, config.globalSparsity);
  return [
    `# Global magnitude: one ranking of |w| over ${ts.length} kernels, ${k} of ${total} weights (${pct(config.globalSparsity)}).`,
    'prune.global_unstructured(',
    `    [${ts.map(([l, t]) => `(${ref(l)}, ${param(l, t)})`).join(', ')}],`,
    '    pruning_method=prune.L1Unstructured,',
    `    amount=${k},`,
    ')',
  ];
}

function dependantLines(layer: LayerSpec, g: LayerUnits, graph: NetGraph): string[] {
  const p = `pruned[${pyStr(layer.name)}]`;
  const lines = [`# What the units ${layer.name} lost fed.`];
  if (!isRecurrent(layer.kind) && layer.tensors.some((t) => t.role === 'bias')) {
    lines.push(
      `prune.custom_from_mask(${ref(layer)}, "bias", rows_mask(${ref(layer)}.bias, ${p}))`,
    );
  }
  for (const gt of g.tensors) {
    if (gt.part !== 'follower') continue;
    const bn = graph.layers.find((l) => l.name === gt.layer)!;
    const name = torchParamName(bn.kind, gt.role);
    lines.push(
      `prune.custom_from_mask(${ref(bn)}, "${name}", rows_mask(${ref(bn)}.${name}, ${p}))  # BatchNormalization entry of each removed unit`,
    );
  }
  const consumer = graph.layers.find((l) => l.name === g.consumer);
  if (consumer && g.tensors.some((t) => t.part === 'consumer')) {
    const name = torchParamName(consumer.kind, 'kernel');
    lines.push(
      `prune.custom_from_mask(${ref(consumer)}, "${name}", cols_mask(${ref(consumer)}.${name}, ${p}, ${g.positions}))`,
    );
  }
  return lines;
}

/**
 * Python body of prune_like_the_app(model) reproducing the app's masks for `config`.
 * @param masks the app's masks (used only to list the units a Taylor layer removed)
 */
export function torchPruneCode(graph: NetGraph, config: PruningConfig, masks: MaskSet): PruneCode {
  const removed = new Set(
    graph.layers.filter((l) => config.layers[l.name]?.removed && l.removable).map((l) => l.name),
  );
  const groups = new Map(unitGroups(graph).map((g) => [g.layer, g]));
  const phase1: string[] = [...globalLines(graph, config, removed)];
  const phase2: string[] = [];
  let usesMaskFile = false;
  for (const layer of graph.layers) {
    if (!isWeighted(layer)) continue;
    if (removed.has(layer.name)) {
      phase1.push(
        `# ${layer.name}: removed whole; the app replaces it by identity.`,
        ...layer.tensors.map(
          (t) =>
            `prune.custom_from_mask(${ref(layer)}, ${param(layer, t)}, torch.zeros_like(${ref(layer)}.${torchParamName(layer.kind, t.role, t.shape.length)}))`,
        ),
        `model.skip.add(${pyStr(layer.name)})`,
      );
      continue;
    }
    const method = methodOf(config, layer.name);
    if (method === 'global-magnitude') continue;
    const sparsity = sparsityOfLayer(config, layer.name);
    const g = groups.get(layer.name);
    if (STRUCTURED_METHODS.includes(method) && g) {
      phase1.push(...structuredLines(layer, g, method, sparsity, graph, masks));
      phase2.push(...dependantLines(layer, g, graph));
    } else {
      const u = unstructuredLines(layer, method, sparsity);
      phase1.push(...u.lines);
      usesMaskFile ||= u.usesMaskFile;
    }
  }
  const lines = [
    '"""Prunes the model as the app did. Returns nothing; masks stay attached until prune.remove."""',
    'W = {key: getattr(getattr(model, attr), param).detach().clone() for key, _, _, _, attr, param in TENSORS}',
    'pruned = {}  # units removed per structured layer',
    ...phase1,
    ...(phase2.length ? ['# Phase 2: the inputs and biases removed units fed.', ...phase2] : []),
  ];
  return { lines: lines.map((s) => `    ${s}`), usesMaskFile };
}
