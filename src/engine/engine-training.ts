/** The engine's training methods: train with pause / resume / cancel, and gradient scores. */
import type { MaskSet, ScoreSet } from '../core/types.ts';
import { gradientScores, TrainController } from '../model/train.ts';
import type { EngineApi, TrainResult } from './api.ts';
import type { EngineCore } from './engine-core.ts';
import { runTrainJob } from './train-job.ts';

/** Number of training examples SNIP / Taylor scores are computed from (one batch). */
export const SCORE_BATCH = 256;

type TrainingMethods = Pick<EngineApi, 'train' | 'pause' | 'resume' | 'cancel' | 'gradientScores'>;

/** The training methods of an engine, over its core. */
export function trainingMethods(core: EngineCore): TrainingMethods {
  return {
    gradientScores(kind: 'snip' | 'taylor', masks: MaskSet) {
      return core.serial(async (): Promise<ScoreSet> => {
        await core.on('scores');
        const { model: m, dataset: ds } = await core.needTrain();
        const n = Math.min(SCORE_BATCH, ds.trainY.length);
        const idx = Array.from({ length: n }, (_, i) => i);
        return gradientScores(m, ds, idx, kind, masks);
      });
    },

    train(opts, onProgress, onSnapshot) {
      return core.serial(async (): Promise<TrainResult> => {
        // The controller first: a Cancel or Pause while the backend switches or the training split
        // loads still reaches the run (its first batch sees it).
        const controller = new TrainController();
        core.controller = controller;
        try {
          const ranOn = await core.on('train');
          const { model: m, dataset: ds, evaluator: ev } = await core.needTrain();
          const ctx = {
            controller,
            lost: core.lostSignal,
            isLost: () => core.isLost(),
            known: core.known,
          };
          const r = await runTrainJob(m, ds, opts, onProgress, onSnapshot, ctx);
          if (!r.stopped || r.stopped.reason === 'diverged') {
            ev.invalidate();
            core.known = r.weights;
          }
          return { ...r, backend: ranOn };
        } finally {
          core.controller = null;
        }
      });
    },

    pause() {
      core.controller?.pause();
    },
    resume() {
      core.controller?.resume();
    },
    cancel() {
      core.controller?.cancel();
    },
  };
}
