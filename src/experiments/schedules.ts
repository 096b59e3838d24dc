/**
 * Schedule runs: gradual pruning during training against one-shot pruning then fine-tuning, and
 * iterative magnitude pruning (prune a fraction of the survivors, retrain, repeat). Both train on
 * borrowed weights; the workbench's weights are restored after each arm.
 */
import { computeMasks, intersectMasks, iterativeRounds, setGlobalSparsity } from '../core/index.ts';
import type { GradualSettings } from '../core/schedules.ts';
import { DEFAULT_COSTS, uniformConfig } from '../core/sweep.ts';
import type { EvalResult } from '../engine/api.ts';
import type { LayerSpec, MaskSet, MethodId, NetGraph, WeightSet } from '../core/types.ts';
import type { TimeLapseFrame, TrainProgress } from '../engine/api.ts';
import type { RowVariant, RunTrace } from './history.ts';
import type { RunContext } from './runner.ts';

/** Settings of the gradual-vs-one-shot comparison. */
export interface GradualForm extends GradualSettings {
  method: MethodId;
  batches: number;
}

/** Frames of the gradual arm's time-lapse kept at most (a frame holds a copy of the tensor). */
export const TIMELAPSE_FRAMES = 60;

/** A time-lapse of one tensor during the gradual arm, handed over once that arm has trained. */
export interface GradualTimeLapse {
  /** The tensor recorded, e.g. 'conv2/kernel'. */
  tensor: string;
  onFrames(frames: TimeLapseFrame[], backend: string | null): void;
}

/** Layers a time-lapse can follow: those with a kernel, in network order. */
export function timelapseLayers(graph: NetGraph): LayerSpec[] {
  return graph.layers.filter((l) => l.tensors.some((t) => t.role === 'kernel'));
}

/**
 * The layer and kernel a time-lapse follows: the layer named `wanted` (the first of the `wanted`
 * names that has a kernel), else the network's first layer with one; null when none has.
 */
export function timelapseTarget(
  graph: NetGraph,
  wanted: (string | null | undefined)[],
): { layer: LayerSpec; tensor: string } | null {
  const layers = timelapseLayers(graph);
  const layer = wanted.map((w) => layers.find((l) => l.name === w)).find((l) => l) ?? layers[0];
  const kernel = layer?.tensors.find((t) => t.role === 'kernel');
  return layer && kernel ? { layer, tensor: kernel.key } : null;
}

/** Settings of iterative magnitude pruning. */
export interface ImpForm {
  rounds: number;
  finalSparsity: number;
  batchesPerRound: number;
}

/** Records the row of one evaluated model of a gradual or iterative run (no layer). */
function evaluatedRow(
  ctx: RunContext,
  fields: { method: MethodId; variant: RowVariant; round: number; target: number },
  e: EvalResult,
  masks: MaskSet,
): void {
  ctx.row({ ...fields, layer: '', accuracy: e.accuracy, loss: e.loss }, masks);
}

/**
 * Publishes growing traces during a training: `push` copies them to the record at most every
 * 150 ms and on the last batch, `flush` at once.
 */
function tracePublisher(ctx: RunContext) {
  let last = 0;
  const flush = (traces: RunTrace[]): void => {
    for (const t of traces) ctx.trace({ ...t, points: [...t.points] });
  };
  return {
    push(p: TrainProgress, traces: RunTrace[]) {
      const now = performance.now();
      if (now - last > 150 || p.done === p.total) {
        last = now;
        flush(traces);
      }
    },
    flush,
  };
}

/** Traces of one training arm: sparsity in force and loss per batch. */
function armTraces(id: string, label: string): [RunTrace, RunTrace] {
  return [
    { id: `${id}-sparsity`, label: `${label}: sparsity in force`, points: [] },
    { id: `${id}-loss`, label, points: [] },
  ];
}

/** Trains one arm, tracing sparsity and loss; resolves with the training's masks and weights. */
async function tracedArm(
  ctx: RunContext,
  opts: Parameters<RunContext['train']>[0],
  traces: [RunTrace, RunTrace],
  label: (p: TrainProgress) => string,
  progress: (batches: number, text: string) => void,
) {
  const live = tracePublisher(ctx);
  const [sp, loss] = traces;
  const r = await ctx.train(opts, (p) => {
    // p.sparsity is what batch p.done - 1 trained with (masks update before a batch).
    sp.points.push({ x: p.done - 1, y: p.sparsity });
    loss.points.push({ x: p.done, y: p.loss });
    live.push(p, traces);
    progress(p.done, label(p));
  });
  live.flush(traces);
  return r;
}

/**
 * Gradual pruning vs one-shot then fine-tuned, both from the workbench's weights; with `lapse`,
 * the gradual arm records a time-lapse of one tensor, handed over as soon as that arm ends.
 */
export async function runGradual(
  ctx: RunContext,
  f: GradualForm,
  lapse?: GradualTimeLapse,
): Promise<void> {
  const c = DEFAULT_COSTS;
  const total = 2 * f.batches * c.trainBatch + 4 * c.evaluate;
  let done = 0;
  ctx.progress(0, total, 'Evaluating the unpruned model…');
  await ctx.reference();
  done += c.evaluate;
  const base = uniformConfig(ctx.graph, ctx.config, f.method, 0);
  const final = setGlobalSparsity(base, f.finalSparsity);
  const evaluateArm = async (label: string, variant: RowVariant, masks: MaskSet) => {
    ctx.progress(done, total, label);
    const e = await ctx.evaluate(masks);
    evaluatedRow(ctx, { method: f.method, variant, round: 0, target: f.finalSparsity }, e, masks);
    done += c.evaluate;
  };
  const step = (batches: number, text: string) =>
    ctx.progress(done + c.trainBatch * batches, total, text);
  try {
    const { beginStep, endStep, frequency, power, initialSparsity, finalSparsity } = f;
    const gradual = {
      config: base,
      initialSparsity,
      finalSparsity,
      beginStep,
      endStep,
      frequency,
      power,
    };
    const timelapse = lapse ? { tensor: lapse.tensor, maxFrames: TIMELAPSE_FRAMES } : undefined;
    const g = await tracedArm(
      ctx,
      { maxBatches: f.batches, gradual, timelapse },
      armTraces('gradual', 'gradual'),
      (p) =>
        `Gradual pruning: batch ${p.done} of ${p.total}, ${(p.sparsity * 100).toFixed(1)}% pruned`,
      step,
    );
    lapse?.onFrames(g.timelapse ?? [], g.backend ?? null);
    done += f.batches * c.trainBatch;
    const gm = g.masks ?? computeMasks(ctx.graph, g.weights, final);
    await evaluateArm('Evaluating the gradually pruned model…', 'gradual', gm);
    await ctx.restore();
    const om = computeMasks(ctx.graph, ctx.weights, final);
    await evaluateArm('Evaluating one-shot pruning…', 'oneshot', om);
    await tracedArm(
      ctx,
      { maxBatches: f.batches, masks: om },
      armTraces('oneshot', 'one-shot, fine-tuned'),
      (p) => `One-shot then fine-tune: batch ${p.done} of ${p.total}`,
      step,
    );
    done += f.batches * c.trainBatch;
    await evaluateArm('Evaluating the fine-tuned one-shot model…', 'finetuned', om);
  } finally {
    await ctx.restore();
  }
  ctx.progress(total, total, 'Done');
}

/** The sparsity targets of an iterative run; throws with a message on bad settings. */
export function impTargets(f: ImpForm): number[] {
  if (!Number.isInteger(f.batchesPerRound) || f.batchesPerRound < 1)
    throw new Error('Batches per round must be a whole number ≥ 1.');
  return iterativeRounds(f.finalSparsity, f.rounds).targets;
}

/**
 * Iterative magnitude pruning: each round prunes to its target (masks only ever grow sparser: each
 * round's mask is AND-ed with the previous one) and retrains with the masks held.
 */
export async function runImp(ctx: RunContext, f: ImpForm, targets: number[]): Promise<void> {
  const c = DEFAULT_COSTS;
  const total = c.evaluate + targets.length * (2 * c.evaluate + f.batchesPerRound * c.trainBatch);
  let done = 0;
  ctx.progress(0, total, 'Evaluating the unpruned model…');
  await ctx.reference();
  done += c.evaluate;
  let weights: WeightSet = ctx.weights;
  let prev: MaskSet | null = null;
  const base = uniformConfig(ctx.graph, ctx.config, 'magnitude', 0);
  try {
    for (let r = 0; r < targets.length; r++) {
      const round = r + 1;
      const fresh = computeMasks(ctx.graph, weights, setGlobalSparsity(base, targets[r]));
      const masks: MaskSet = prev ? intersectMasks(fresh, prev) : fresh;
      prev = masks;
      const evaluateRound = async (variant: 'pruned' | 'retrained'): Promise<void> => {
        const e = await ctx.evaluate(masks);
        evaluatedRow(ctx, { method: 'magnitude', variant, round, target: targets[r] }, e, masks);
        done += c.evaluate;
      };
      const head = `Round ${round} of ${targets.length}`;
      ctx.progress(done, total, `${head}: pruning to ${(targets[r] * 100).toFixed(1)}%`);
      await evaluateRound('pruned');
      const before = done;
      const tr = await ctx.train({ maxBatches: f.batchesPerRound, masks }, (p) =>
        ctx.progress(
          before + c.trainBatch * p.done,
          total,
          `${head}: retraining, batch ${p.done} of ${p.total}`,
        ),
      );
      weights = tr.weights;
      done += f.batchesPerRound * c.trainBatch;
      await evaluateRound('retrained');
    }
  } finally {
    await ctx.restore();
  }
  ctx.progress(total, total, 'Done');
}
