/** Lessons 1-3: what pruning removes; size, compute and speed; accuracy and the test set's noise. */
import { choiceQuestion, nearBest, numberQuestion, pct } from './checks.ts';
import {
  accuracyQuestion,
  changeQuestion,
  gapQuestion,
  removedQuestion,
  shareQuestion,
} from './questions.ts';
import { baselineLow, curveAt, noiseVerdict } from './read.ts';
import { cnn, step, YES_NO } from './scene.ts';
import type { Lesson, LessonObservation } from './types.ts';

const COMPARED = [
  { id: 'magnitude', label: 'Magnitude' },
  { id: 'random', label: 'Random' },
  { id: 'l1-structured', label: 'Structured L1' },
] as const;

function bestAt(o: LessonObservation, s: number): string[] | null {
  const acc: Record<string, number> = {};
  for (const m of COMPARED) {
    const a = curveAt(o, m.id, s);
    if (a === null) return null;
    acc[m.id] = a;
  }
  return nearBest(acc, 0.5);
}

export const KINDS: Lesson = {
  id: 'kinds',
  title: 'What pruning removes',
  summary: 'Unstructured, structured and magnitude-based pruning, seen in the heatmap.',
  steps: [
    step(
      'Single weights',
      cnn('magnitude', 0.5, 'conv2', { focus: 'heatmap' }),
      'Magnitude pruning removes the half of each layer with the smallest |w|. In conv2’s heatmap each tile is one filter; grey cells are pruned weights.',
      removedQuestion(
        'kinds-mag-filters',
        'How many of conv2’s filters are gone entirely (every cell grey)?',
        'conv2',
        () => 'Unstructured pruning leaves holes scattered through every filter.',
      ),
    ),
    step(
      'Whole filters',
      cnn('l1-structured', 0.5, 'conv2', { focus: 'heatmap' }),
      'Structured L1 ranks whole filters by the sum of |w| and removes the weakest: whole tiles turn grey.',
      removedQuestion(
        'kinds-l1-filters',
        'Now how many of conv2’s filters are removed whole?',
        'conv2',
      ),
    ),
    step(
      'The next layer pays too',
      cnn('l1-structured', 0.5, 'conv3', { focus: 'heatmap' }),
      'A removed filter of conv2 leaves conv3 without that input channel, so conv3 loses rows as well as its own filters.',
      shareQuestion(
        'kinds-l1-conv3',
        'What share of conv3’s weights is pruned, in percent?',
        'conv3',
        1.5,
        () => 'Half the filters and half the input channels: about three quarters.',
      ),
    ),
    step(
      'Not looking: random',
      cnn('random', 0.5, 'dense1', { focus: 'histogram' }),
      'Random pruning removes weights of every size: the histogram’s grey part is spread over the whole range, not a band around zero.',
      accuracyQuestion(
        'kinds-random-acc',
        'What accuracy does the readout show with random pruning at 50%?',
      ),
    ),
  ],
  quiz: [
    choiceQuestion({
      id: 'kinds-quiz-best',
      prompt: 'On the curves, which method keeps the most accuracy at 50% sparsity?',
      options: [...COMPARED],
      needs: ['curve', 'random-curve'],
      value: (o) => bestAt(o, 0.5),
    }),
    gapQuestion(
      'kinds-quiz-gap',
      'How many points of accuracy does random lose against magnitude at 50%?',
      'magnitude',
      'random',
      0.5,
    ),
  ],
};

const STORAGE = [
  { id: 'dense', label: 'dense' },
  { id: 'bitmask', label: 'bitmask' },
  { id: 'csr', label: 'CSR' },
  { id: 'compacted', label: 'compacted' },
];

function smallestStorage(o: LessonObservation): string[] {
  const b = o.bytes;
  const inv: Record<string, number> = {
    dense: -b.dense,
    bitmask: -b.bitmask,
    csr: -b.csr,
    compacted: -b.compacted,
  };
  return nearBest(inv, 0.01 * b.dense);
}

/** 'faster' / 'same' / 'slower' for masked against dense latency (±10% counts as the same). */
function maskedVerdict(o: LessonObservation): string[] | null {
  if (!o.latency) return null;
  const r = o.latency.maskedMs / o.latency.denseMs;
  const out: string[] = [];
  if (r < 0.93) out.push('faster');
  if (r > 1.07) out.push('slower');
  if (r >= 0.87 && r <= 1.13) out.push('same');
  return out;
}

export const COSTS: Lesson = {
  id: 'costs',
  title: 'Smaller, lighter — and faster?',
  summary: 'Parameters, memory, FLOPs, and why masks alone do not speed up inference.',
  steps: [
    step(
      'Parameters',
      cnn('magnitude', 0.9, 'dense1', { focus: 'size' }),
      'At 90% magnitude sparsity, the summary counts the weights still kept.',
      numberQuestion({
        id: 'costs-kept',
        prompt: 'How many weights are kept?',
        unit: 'count',
        needs: [],
        tolerance: 0,
        relTolerance: 0.01,
        value: (o) => o.params.kept,
      }),
    ),
    step(
      'Memory',
      cnn('magnitude', 0.9, 'dense1', { focus: 'size' }),
      'A pruned layer can be stored dense (zeros included), dense with a bitmask, as CSR (values plus indices), or compacted (pruned units cut out).',
      choiceQuestion({
        id: 'costs-smallest',
        prompt: 'Which storage is smallest at 90% unstructured sparsity?',
        options: STORAGE,
        needs: [],
        value: smallestStorage,
      }),
    ),
    step(
      'Compute',
      cnn('magnitude', 0.9, 'dense1', { focus: 'size' }),
      'FLOPs count the multiply-adds that touch a kept weight.',
      numberQuestion({
        id: 'costs-flops',
        prompt: 'What percentage of the dense FLOPs remain?',
        unit: '%',
        needs: [],
        tolerance: 1,
        value: (o) => pct(o.flops.pruned / o.flops.dense),
      }),
    ),
    step(
      'Masks are not speed',
      cnn('magnitude', 0.9, 'dense1', { focus: 'latency' }),
      'Press “Measure latency”. The masked model multiplies by zeros: the same dense kernels run.',
      choiceQuestion({
        id: 'costs-masked',
        prompt: 'Compared with dense, is the masked model faster, the same, or slower?',
        options: [
          { id: 'faster', label: 'faster' },
          { id: 'same', label: 'the same' },
          { id: 'slower', label: 'slower' },
        ],
        needs: ['latency'],
        value: maskedVerdict,
      }),
    ),
    step(
      'Compaction is speed',
      cnn('l1-structured', 0.5, 'conv2', { focus: 'latency' }),
      'Structured pruning removes whole filters, so the compacted model has smaller layers. Measure latency again.',
      numberQuestion({
        id: 'costs-speedup',
        prompt: 'Speed-up of the compacted model: dense ms ÷ compacted ms?',
        unit: 'x',
        needs: ['latency'],
        tolerance: 0.05,
        relTolerance: 0.08,
        value: (o) => (o.latency ? o.latency.denseMs / o.latency.compactedMs : null),
      }),
    ),
  ],
  quiz: [
    numberQuestion({
      id: 'costs-quiz-bytes',
      prompt: 'Compacted size as a percentage of the dense size?',
      unit: '%',
      needs: [],
      tolerance: 1,
      value: (o) => pct(o.bytes.compacted / o.bytes.dense),
    }),
    choiceQuestion({
      id: 'costs-quiz-faster',
      prompt: 'Which ran faster: masked or compacted?',
      options: [
        { id: 'masked', label: 'masked' },
        { id: 'compacted', label: 'compacted' },
      ],
      needs: ['latency'],
      value: (o) =>
        o.latency
          ? nearBest({ masked: -o.latency.maskedMs, compacted: -o.latency.compactedMs }, 0)
          : null,
    }),
  ],
};

export const NOISE: Lesson = {
  id: 'noise',
  title: 'A little pruning, honestly measured',
  summary: 'Accuracy holds or even rises at low sparsity — within the test set’s noise.',
  steps: [
    step(
      'The reference',
      cnn('magnitude', 0, 'dense1', { focus: 'curve' }),
      'Nothing is pruned. The band around the curve is the 95% Wilson interval: where the accuracy could be with another test set of the same size.',
      numberQuestion({
        id: 'noise-low',
        prompt: 'Lower edge of the band at 0% sparsity, in percent?',
        unit: '%',
        needs: ['accuracy'],
        tolerance: 0.3,
        value: baselineLow,
      }),
    ),
    step(
      'Prune 30%',
      cnn('magnitude', 0.3, 'dense1', { focus: 'curve' }),
      'Compare the readout with the unpruned accuracy.',
      changeQuestion('noise-change', 'Change in accuracy in points (negative if it fell)?', 0.15),
    ),
    step(
      'Inside the band?',
      cnn('magnitude', 0.3, 'dense1', { focus: 'curve' }),
      'A change smaller than the band is not evidence that pruning helped or hurt.',
      choiceQuestion({
        id: 'noise-within',
        prompt: 'Is the change within the test set’s noise?',
        options: YES_NO,
        needs: ['accuracy'],
        value: noiseVerdict,
      }),
    ),
    step(
      'Changed minds',
      cnn('magnitude', 0.3, 'dense1', { focus: 'gallery' }),
      'Even when accuracy hardly moves, individual predictions change: some fixed, some broken.',
      numberQuestion({
        id: 'noise-flipped',
        prompt: 'How many test predictions changed class?',
        unit: 'count',
        needs: ['flipped'],
        tolerance: 0,
        value: (o) => o.flipped?.changed ?? null,
        explain: (o) => (o.flipped ? `${o.flipped.fixed} fixed, ${o.flipped.broken} broken.` : ''),
      }),
    ),
  ],
  quiz: [
    numberQuestion({
      id: 'noise-quiz-fixed',
      prompt: 'How many predictions did pruning fix (wrong before, right after)?',
      unit: 'count',
      needs: ['flipped'],
      tolerance: 0,
      value: (o) => o.flipped?.fixed ?? null,
    }),
    choiceQuestion({
      id: 'noise-quiz-within',
      prompt: 'Could this change be test-set noise?',
      options: YES_NO,
      needs: ['accuracy'],
      value: noiseVerdict,
    }),
  ],
};
