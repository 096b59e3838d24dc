/** Lessons 7-8: fine-tuning, gradual, iterative and the lottery ticket; the literature's checkpoints. */
import { choiceQuestion, nearBest, numberQuestion, pct } from './checks.ts';
import { curveAt, latestRun } from './read.ts';
import { cnn, scene, step, YES_NO } from './scene.ts';
import type { Lesson, LessonObservation, RunObservation } from './types.ts';

function runAcc(r: RunObservation | null): number | null {
  return r ? pct(r.accuracy) : null;
}

function accuracyNow(o: LessonObservation): number | null {
  return o.accuracy === null ? null : pct(o.accuracy);
}

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

export const RETRAINING: Lesson = {
  id: 'retraining',
  title: 'Training after pruning',
  summary: 'Fine-tuning, gradual against one-shot, iterative pruning and the lottery ticket.',
  steps: [
    step(
      'One shot',
      cnn('magnitude', 0.8, 'dense1', { focus: 'curve' }),
      'Every layer pruned to 80% at once, no retraining.',
      numberQuestion({
        id: 'rt-oneshot',
        prompt: 'Accuracy straight after pruning, in percent?',
        unit: '%',
        needs: ['accuracy'],
        tolerance: 0.5,
        value: accuracyNow,
      }),
    ),
    step(
      'Fine-tune',
      cnn('magnitude', 0.8, 'dense1', { focus: 'finetune' }),
      'Fine-tune with the masks held: pruned weights stay zero, the rest adapt.',
      numberQuestion({
        id: 'rt-finetune',
        prompt: 'Accuracy after fine-tuning, in percent?',
        unit: '%',
        needs: ['runs'],
        tolerance: 0.5,
        value: (o) => runAcc(latestRun(o, 'finetune', 'cnn', 0.8)),
      }),
    ),
    step(
      'Gradual',
      cnn('magnitude', 0.8, 'dense1', {
        view: 'experiments',
        experimentTab: 'schedules',
        focus: 'schedules',
      }),
      'Run the gradual schedule: sparsity rises from 0 to 80% during the same number of batches.',
      numberQuestion({
        id: 'rt-gradual',
        prompt: 'Accuracy at the end of the gradual run, in percent?',
        unit: '%',
        needs: ['runs'],
        tolerance: 0.5,
        value: (o) => runAcc(latestRun(o, 'gradual', 'cnn', 0.8)),
      }),
    ),
    step(
      'Iterative',
      cnn('magnitude', 0.8, 'dense1', {
        view: 'experiments',
        experimentTab: 'schedules',
        focus: 'schedules',
      }),
      'Iterative pruning prunes a little, fine-tunes, and repeats until the target.',
      numberQuestion({
        id: 'rt-iterative',
        prompt: 'Accuracy after the last round, in percent?',
        unit: '%',
        needs: ['runs'],
        tolerance: 0.5,
        value: (o) => runAcc(latestRun(o, 'iterative', 'cnn')),
      }),
    ),
    step(
      'The lottery ticket',
      cnn('magnitude', 0.8, 'dense1', { view: 'experiments', experimentTab: 'sweep' }),
      'Train the pruned mask again from the original initial weights (rewound) and from fresh random ones (re-initialised).',
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

const lenet = (method: 'magnitude' | 'global-magnitude', focus: 'curve' | 'finetune') =>
  scene('lenet-300-100', 'mnist', method, 0.92, 'fc1', { focus });

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
      lenet('magnitude', 'curve'),
      'LeNet-300-100, every layer pruned to 92% by magnitude, no retraining.',
      numberQuestion({
        id: 'lit-layer',
        prompt: 'Accuracy, in percent?',
        unit: '%',
        needs: ['accuracy'],
        tolerance: 0.5,
        value: accuracyNow,
      }),
    ),
    step(
      'Global at 92%',
      lenet('global-magnitude', 'curve'),
      'The same 92% with one global threshold: fc1 (784 × 300) gives up the most.',
      numberQuestion({
        id: 'lit-fc1',
        prompt: 'Sparsity of fc1, in percent?',
        unit: '%',
        needs: [],
        tolerance: 1,
        value: (o) => (o.layerSparsity.fc1 === undefined ? null : pct(o.layerSparsity.fc1)),
      }),
    ),
    step(
      'Retrain',
      lenet('global-magnitude', 'finetune'),
      'Fine-tune with the masks held, as Han et al. retrained the pruned network.',
      numberQuestion({
        id: 'lit-retrained',
        prompt: 'Points below the unpruned accuracy after retraining?',
        unit: 'pt',
        needs: ['runs', 'accuracy'],
        tolerance: 0.5,
        value: (o) => {
          const r = latestRun(o, 'finetune', 'lenet-300-100', 0.92);
          return r && o.baselineAccuracy !== null ? pct(o.baselineAccuracy - r.accuracy) : null;
        },
      }),
    ),
    step(
      'Magnitude against random',
      cnn('magnitude', 0.5, 'dense1', { focus: 'curve' }),
      'Show the Random curve beside magnitude: the gap is what choosing by |w| is worth.',
      numberQuestion({
        id: 'lit-random',
        prompt: 'Magnitude minus random accuracy at 50%, in points?',
        unit: 'pt',
        needs: ['curve', 'random-curve'],
        tolerance: 2,
        value: (o) => {
          const m = curveAt(o, 'magnitude', 0.5);
          const r = curveAt(o, 'random', 0.5);
          return m === null || r === null ? null : m - r;
        },
      }),
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
