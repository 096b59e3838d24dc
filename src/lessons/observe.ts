/**
 * What the lessons observe: the structural part of a LessonObservation, computed from the graph and
 * the masks alone, and the measured parts read from experiment runs (sensitivity curves, sweep
 * curves, trained runs) as the run history stores them. The store adds accuracies and latency.
 */
import { gatesOf } from '../core/graph.ts';
import { networkMetrics } from '../core/metrics.ts';
import type { LayerCurve } from '../core/allocate.ts';
import type { MaskSet, MethodId, NetGraph } from '../core/types.ts';
import type { ModelId } from '../data/models.ts';
import type { CurvePoint, LessonObservation, RunObservation } from './types.ts';

/** Fields of LessonObservation that follow from the graph and masks. */
export type StructureObservation = Pick<
  LessonObservation,
  'layerSparsity' | 'removedUnits' | 'units' | 'gateSparsity' | 'params' | 'flops' | 'bytes'
>;

/**
 * Fraction pruned per gate of an RNN layer: kernel [in, G*H] and recurrent kernel [H, G*H] together,
 * gate g being columns g*H .. (g+1)*H - 1 (TF.js order: LSTM i f c o, GRU z r h).
 */
export function gateSparsities(graph: NetGraph, masks: MaskSet): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const l of graph.layers) {
    const G = gatesOf(l.kind);
    if (G <= 1) continue;
    const H = l.units;
    const pruned = new Array<number>(G).fill(0);
    const total = new Array<number>(G).fill(0);
    for (const t of l.tensors) {
      if (t.role === 'bias') continue;
      const cols = t.shape[t.shape.length - 1];
      const rows = t.shape.reduce((a, b) => a * b, 1) / cols;
      const m = masks[t.key];
      for (let r = 0; r < rows; r++)
        for (let c = 0; c < cols; c++) {
          const g = Math.floor(c / H);
          total[g]++;
          if (m && !m[r * cols + c]) pruned[g]++;
        }
    }
    out[l.name] = pruned.map((p, g) => (total[g] ? p / total[g] : 0));
  }
  return out;
}

/** Per-layer sparsity, removed units, sizes, FLOPs and bytes of the masked network. */
export function observeStructure(graph: NetGraph, masks: MaskSet): StructureObservation {
  const m = networkMetrics(graph, masks);
  const layerSparsity: Record<string, number> = {};
  const removedUnits: Record<string, number> = {};
  const units: Record<string, number> = {};
  for (const l of m.layers) {
    layerSparsity[l.layer] = l.weightSparsity;
    removedUnits[l.layer] = l.removedUnits.length;
    units[l.layer] = l.units;
  }
  const t = m.total;
  return {
    layerSparsity,
    removedUnits,
    units,
    gateSparsity: gateSparsities(graph, masks),
    params: { total: t.weights, kept: t.weightsKept },
    flops: { dense: t.denseFlops, pruned: t.prunedFlops, compacted: t.compactedFlops },
    bytes: {
      dense: t.bytesDense,
      bitmask: t.bytesBitmask,
      csr: t.bytesCsr,
      compacted: t.bytesCompacted,
    },
  };
}

/** One measured row of an experiment run, as the run history stores it (fractions 0..1). */
export interface MeasuredRow {
  method: MethodId;
  /** 'oneshot' | 'finetuned' | 'rewound' | 'reinit' | 'gradual' | 'pruned' | 'retrained'. */
  variant: string;
  /** The one layer pruned (sensitivity), else ''. */
  layer: string;
  /** Iterative round (1-based), else 0. */
  round: number;
  /** Sparsity asked for (of the one layer, in a sensitivity run). */
  target: number;
  /** Sparsity over every prunable weight of the network. */
  sparsity: number;
  accuracy: number;
}

/** An experiment run as the run history stores it (the fields the lessons read). */
export interface MeasuredRun {
  kind: 'sweep' | 'sensitivity' | 'gradual' | 'imp';
  model: string;
  dataset: string;
  status: 'running' | 'done' | 'cancelled' | 'error';
  subset: 'preview' | 'full';
  settings: Record<string, unknown>;
  reference: number | null;
  rows: MeasuredRow[];
}

/** Examples in the preview and in the full test subset of the dataset on screen. */
export interface SubsetSizes {
  preview: number;
  full: number;
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** Training batches one arm of a run spent (from its settings). */
function batchesOf(run: MeasuredRun): number {
  const s = run.settings;
  if (run.kind === 'sweep') return num(s.finetuneBatches);
  if (run.kind === 'gradual') return num(s.batches);
  if (run.kind === 'imp') return num(s.batchesPerRound) * num(s.rounds);
  return 0;
}

/** The lesson's kind of a row: sweep and schedule arms by variant, the last iterative round. */
function kindOf(
  run: MeasuredRun,
  row: MeasuredRow,
  lastRound: number,
): RunObservation['kind'] | null {
  if (run.kind === 'sensitivity') return null;
  if (run.kind === 'imp')
    return row.variant === 'retrained' && row.round === lastRound ? 'iterative' : null;
  const kinds: Record<string, RunObservation['kind']> = {
    oneshot: 'oneshot',
    finetuned: 'finetune',
    gradual: 'gradual',
    rewound: 'rewound',
    reinit: 'reinit',
  };
  return kinds[row.variant] ?? null;
}

/**
 * The finished runs of the model and dataset on screen as the lessons read them, oldest first:
 * one observation per trained arm (one-shot, fine-tuned, gradual, rewound, re-initialised) and the
 * last round of an iterative run. `runs` is newest first, as the history lists them.
 */
export function observeRuns(
  runs: readonly MeasuredRun[],
  model: string,
  dataset: string,
  sizes: SubsetSizes,
): RunObservation[] {
  const out: RunObservation[] = [];
  for (const run of [...runs].reverse()) {
    if (run.status !== 'done' || run.model !== model || run.dataset !== dataset) continue;
    const lastRound = Math.max(0, ...run.rows.map((r) => r.round));
    for (const row of run.rows) {
      const kind = kindOf(run, row, lastRound);
      if (!kind) continue;
      out.push({
        kind,
        model: run.model as ModelId,
        method: row.method,
        sparsity: row.sparsity,
        accuracy: row.accuracy,
        n: sizes[run.subset],
        reference: run.reference,
        batches: kind === 'oneshot' ? 0 : batchesOf(run),
      });
    }
  }
  return out;
}

/**
 * Sensitivity curves of a finished run on the model and dataset on screen: per layer (by
 * `sizes`, prunable weights per layer name), accuracy against that layer's sparsity, sorted.
 */
export function observeSensitivity(
  run: MeasuredRun | undefined,
  model: string,
  dataset: string,
  sizes: Record<string, number>,
): LayerCurve[] | null {
  if (!run || run.kind !== 'sensitivity' || run.status !== 'done') return null;
  if (run.model !== model || run.dataset !== dataset) return null;
  const by = new Map<string, CurvePoint[]>();
  for (const r of run.rows) {
    if (!r.layer || sizes[r.layer] === undefined) continue;
    const pts = by.get(r.layer) ?? [];
    // The layer's own sparsity (the row's `sparsity` is the whole network's).
    pts.push({ sparsity: r.target, accuracy: r.accuracy });
    by.set(r.layer, pts);
  }
  if (by.size === 0) return null;
  return [...by].map(([layer, points]) => ({
    layer,
    size: sizes[layer],
    points: points.sort((a, b) => a.sparsity - b.sparsity),
  }));
}

/**
 * Accuracy against sparsity per method from a finished sweep without training (one-shot rows) on
 * the model and dataset on screen; {} when there is none.
 */
export function observeSweepCurves(
  run: MeasuredRun | undefined,
  model: string,
  dataset: string,
): Partial<Record<MethodId, CurvePoint[]>> {
  const out: Partial<Record<MethodId, CurvePoint[]>> = {};
  if (!run || run.kind !== 'sweep' || run.status !== 'done') return out;
  if (run.model !== model || run.dataset !== dataset) return out;
  for (const r of run.rows) {
    if (r.variant !== 'oneshot') continue;
    (out[r.method] ??= []).push({ sparsity: r.sparsity, accuracy: r.accuracy });
  }
  for (const pts of Object.values(out)) pts.sort((a, b) => a.sparsity - b.sparsity);
  return out;
}
