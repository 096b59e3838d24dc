/**
 * Planned runs: a method sweep or a sensitivity analysis, from a plan made by core's planSweep.
 * One-shot jobs are evaluated; fine-tuned, rewound (lottery ticket) and re-initialised jobs train
 * on borrowed weights and the workbench's weights are restored after each.
 */
import { computeMasks, maskWeights, methodLabel } from '../core/index.ts';
import { DEFAULT_COSTS, type SweepJob, type SweepPlan } from '../core/sweep.ts';
import type { ScoreSet } from '../core/types.ts';
import type { TrainProgress } from '../engine/api.ts';
import type { RunContext } from './runner.ts';

function describeJob(job: SweepJob): string {
  const pct = (job.sparsity * 100).toFixed(job.sparsity >= 0.95 ? 1 : 0);
  return `${methodLabel(job.method)}${job.layer ? ` · ${job.layer}` : ''} at ${pct}%`;
}

const ARM_WORDS = {
  finetuned: 'fine-tuning',
  rewound: 'retraining the rewound ticket',
  reinit: 'training the re-initialised control',
} as const;

/** Trains one job's arm and evaluates it; the workbench's weights are restored afterwards. */
async function trainedArm(
  ctx: RunContext,
  job: SweepJob,
  masks: Record<string, Uint8Array>,
  onProgress: (p: TrainProgress) => void,
): Promise<{ acc: number; loss: number }> {
  try {
    if (job.arm === 'rewound') await ctx.setWeights(maskWeights(await ctx.initialWeights(), masks));
    await ctx.train(
      {
        maxBatches: job.trainBatches,
        masks,
        fromScratch: job.arm === 'reinit',
        seed: job.arm === 'reinit' ? ctx.config.seed + 1000 : ctx.config.seed,
      },
      onProgress,
    );
    const r = await ctx.evaluate(masks);
    return { acc: r.accuracy, loss: r.loss };
  } finally {
    await ctx.restore();
  }
}

/** Runs every job of `plan` in order, recording one row per job. */
export async function runPlan(ctx: RunContext, plan: SweepPlan): Promise<void> {
  const jobs = plan.jobs;
  const total = plan.totalCost + DEFAULT_COSTS.evaluate;
  let done = 0;
  ctx.progress(0, total, 'Evaluating the unpruned model…');
  await ctx.reference();
  done += DEFAULT_COSTS.evaluate;
  const scores: Partial<Record<'snip' | 'taylor', ScoreSet>> = {};
  for (const k of plan.scoreKinds) {
    ctx.progress(done, total, `Computing ${k === 'snip' ? 'SNIP' : 'Taylor'} gradient scores…`);
    scores[k] = await ctx.scores(k);
    done += DEFAULT_COSTS.scores;
  }
  const results: { acc: number; loss: number }[] = [];
  for (const job of jobs) {
    ctx.check();
    const what = `${job.index + 1} of ${jobs.length}: ${describeJob(job)}`;
    ctx.progress(done, total, what);
    const s = job.method === 'snip' || job.method === 'taylor' ? scores[job.method] : undefined;
    const masks = computeMasks(ctx.graph, ctx.weights, job.config, s);
    let res: { acc: number; loss: number };
    if (job.sameAs !== null) res = results[job.sameAs];
    else if (job.arm === 'oneshot') {
      const r = await ctx.evaluate(masks);
      res = { acc: r.accuracy, loss: r.loss };
    } else {
      const before = done;
      const share = job.cost - DEFAULT_COSTS.evaluate;
      const words = ARM_WORDS[job.arm];
      res = await trainedArm(ctx, job, masks, (p) =>
        ctx.progress(
          before + (share * p.done) / Math.max(1, p.total),
          total,
          `${what}, ${words} (batch ${p.done} of ${p.total})`,
        ),
      );
    }
    results[job.index] = res;
    done += job.cost;
    ctx.row(
      {
        method: job.method,
        variant: job.arm,
        layer: job.layer ?? '',
        round: 0,
        target: job.sparsity,
        accuracy: res.acc,
        loss: res.loss,
      },
      masks,
    );
  }
  ctx.progress(total, total, 'Done');
}
