/** Lessons 7-8: fine-tuning, gradual, iterative and the lottery ticket; the literature's checkpoints. */
import { choiceQuestion, nearBest, numberQuestion, pct } from './checks.ts';
import { accuracyQuestion, gapQuestion, runQuestion, shareQuestion } from './questions.ts';
import { curveAt, latestRun } from './read.ts';
import { cnn, scene, step, YES_NO } from './scene.ts';
import type { Lesson, LessonObservation, Scene } from './types.ts';

function lotteryGap(o: LessonObservation): number | null {
  const rew = latestRun(o, 'rewound');
  const re = latestRun(o, 'reinit');
  return rew && re ? pct(rew.accuracy - re.accuracy) : null;
}

function finetuneVsGradual(o: LessonObservation): string[] | null {
  const f = latestRun(o, 'finetune', 'cnn', 0.8);
  const g = latestRun(o, 'gradual', 'cnn', 0.8);
  return f && g ? nearBest({ finetune: pct(f.accuracy), gradual: pct(g.accuracy) }, 0.3) : null;
}

/** The schedules tab with a short gradual-vs-one-shot run and a two-round iterative run at 80%. */
const schedules = cnn('magnitude', 0.8, 'dense1', {
  view: 'experiments',
  experimentTab: 'schedules',
  focus: 'schedules',
  experiment: {
    gradual: { batches: 40, finalSparsity: 0.8 },
    imp: { rounds: 2, finalSparsity: 0.8, batchesPerRound: 20 },
  },
});

export const RETRAINING: Lesson = {
  id: 'retraining',
  title: 'Training after pruning',
  summary: 'Fine-tuning, gradual against one-shot, iterative pruning and the lottery ticket.',
  steps: [
    step(
      'One shot',
      cnn('magnitude', 0.8, 'dense1', { focus: 'curve' }),
      'Every layer pruned to 80% at once, no retraining.',
      accuracyQuestion('rt-oneshot', 'Accuracy straight after pruning, in percent?'),
    ),
    step(
      'Fine-tune',
      schedules,
      'Press “Run gradual vs one-shot”. One arm prunes to 80% at once, then fine-tunes with the masks held: pruned weights stay zero, the rest adapt.',
      runQuestion(
        'rt-finetune',
        'Accuracy of the one-shot model after fine-tuning, in percent?',
        'finetune',
        'cnn',
        0.8,
      ),
    ),
    step(
      'Gradual',
      schedules,
      'The other arm raised sparsity from 0 to 80% during the same number of batches.',
      runQuestion(
        'rt-gradual',
        'Accuracy at the end of the gradual run, in percent?',
        'gradual',
        'cnn',
        0.8,
      ),
    ),
    step(
      'Iterative',
      schedules,
      'Iterative pruning prunes a little, fine-tunes, and repeats until the target. Press “Run iterative pruning”.',
      runQuestion('rt-iterative', 'Accuracy after the last round, in percent?', 'iterative', 'cnn'),
    ),
    step(
      'The lottery ticket',
      cnn('magnitude', 0.8, 'dense1', {
        view: 'experiments',
        experimentTab: 'sweep',
        experiment: {
          sweep: {
            methods: ['magnitude'],
            grid: [0.8],
            after: 'lottery',
            finetuneBatches: 30,
            subset: 'full',
          },
        },
      }),
      'Press “Run sweep”: the pruned mask is trained again from the original initial weights (rewound) and from fresh random ones (re-initialised).',
      numberQuestion({
        id: 'rt-lottery',
        prompt: 'Rewound minus re-initialised accuracy, in points?',
        unit: 'pt',
        needs: ['runs'],
        tolerance: 0.5,
        value: lotteryGap,
      }),
    ),
  ],
  quiz: [
    choiceQuestion({
      id: 'rt-quiz-best',
      prompt: 'At 80%, which ended higher: one-shot then fine-tune, or gradual?',
      options: [
        { id: 'finetune', label: 'one-shot then fine-tune' },
        { id: 'gradual', label: 'gradual' },
      ],
      needs: ['runs'],
      value: finetuneVsGradual,
    }),
    choiceQuestion({
      id: 'rt-quiz-ticket',
      prompt: 'Did the rewound ticket beat the re-initialised one?',
      options: YES_NO,
      needs: ['runs'],
      value: (o) => {
        const g = lotteryGap(o);
        return g === null ? null : g > 0 ? 'yes' : 'no';
      },
    }),
  ],
};

const lenet = (method: 'magnitude' | 'global-magnitude', extra: Partial<Scene> = {}) =>
  scene('lenet-300-100', 'mnist', method, 0.92, 'fc1', { focus: 'curve', ...extra });

/** Points the newest fine-tuned LeNet at 92% stays below the unpruned model on the same examples. */
function retrainedGap(o: LessonObservation): number | null {
  const r = latestRun(o, 'finetune', 'lenet-300-100', 0.92);
  const ref = r?.reference ?? o.baselineAccuracy;
  return r && ref !== null ? pct(ref - r.accuracy) : null;
}

function magnitudeBeatsRandom(o: LessonObservation): 'yes' | 'no' | null {
  const m = o.curves.magnitude;
  const r = o.curves.random;
  if (!m?.length || !r?.length) return null;
  const beats = m.every((p) => {
    const ra = curveAt(o, 'random', p.sparsity);
    return ra === null || pct(p.accuracy) >= ra - 0.5;
  });
  return beats ? 'yes' : 'no';
}

export const LITERATURE: Lesson = {
  id: 'literature',
  title: 'The literature, on our data',
  summary:
    'LeNet-300-100 at about 92% sparsity after retraining (Han et al. 2015); magnitude beats random (Blalock et al. 2020).',
  steps: [
    step(
      'Per layer at 92%',
      lenet('magnitude'),
      'LeNet-300-100, every layer pruned to 92% by magnitude, no retraining.',
      accuracyQuestion('lit-layer', 'Accuracy, in percent?'),
    ),
    step(
      'Global at 92%',
      lenet('global-magnitude'),
      'The same 92% with one global threshold: fc1 (784 × 300) gives up the most.',
      shareQuestion('lit-fc1', 'Sparsity of fc1, in percent?', 'fc1'),
    ),
    step(
      'Retrain',
      lenet('global-magnitude', {
        view: 'experiments',
        experimentTab: 'sweep',
        focus: 'finetune',
        experiment: {
          sweep: {
            methods: ['global-magnitude'],
            grid: [0.92],
            after: 'finetune',
            finetuneBatches: 100,
            subset: 'full',
          },
        },
      }),
      'Press “Run sweep”: the pruned network is fine-tuned with the masks held, as Han et al. retrained theirs.',
      numberQuestion({
        id: 'lit-retrained',
        prompt: 'Points below the unpruned accuracy after retraining?',
        unit: 'pt',
        needs: ['runs'],
        tolerance: 0.5,
        value: retrainedGap,
      }),
    ),
    step(
      'Magnitude against random',
      cnn('magnitude', 0.5, 'dense1', {
        view: 'experiments',
        experimentTab: 'sweep',
        focus: 'curve',
        experiment: {
          sweep: {
            methods: ['magnitude', 'random'],
            grid: [0, 0.3, 0.5, 0.7, 0.9],
            after: 'none',
            finetuneBatches: 30,
            subset: 'preview',
          },
        },
      }),
      'Press “Run sweep” to measure magnitude and random side by side: the gap is what choosing by |w| is worth.',
      gapQuestion(
        'lit-random',
        'Magnitude minus random accuracy at 50%, in points?',
        'magnitude',
        'random',
        0.5,
      ),
    ),
  ],
  quiz: [
    choiceQuestion({
      id: 'lit-quiz-every',
      prompt: 'Does magnitude beat random at every sparsity on the curves?',
      options: YES_NO,
      needs: ['curve', 'random-curve'],
      value: magnitudeBeatsRandom,
    }),
    numberQuestion({
      id: 'lit-quiz-random50',
      prompt: 'Random’s accuracy at 50%, in percent?',
      unit: '%',
      needs: ['random-curve'],
      tolerance: 1,
      value: (o) => curveAt(o, 'random', 0.5),
    }),
  ],
};
