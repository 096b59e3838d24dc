/** Lessons 4-6: the method for the architecture; monitoring and per-class damage; sensitivity vs global. */
import { choiceQuestion, nearBest, numberQuestion, pct } from './checks.ts';
import { accuracyQuestion, changeQuestion, removedQuestion, shareQuestion } from './questions.ts';
import { curveAt, firstBelow, sensitivityAt, worstClasses } from './read.ts';
import { cnn, DIGITS, scene, step, YES_NO } from './scene.ts';
import type { Lesson, LessonObservation } from './types.ts';

const LSTM_GATES = [
  { id: 'i', label: 'input (i)' },
  { id: 'f', label: 'forget (f)' },
  { id: 'c', label: 'cell (c)' },
  { id: 'o', label: 'output (o)' },
];

/** Gates (ids) whose pruned share is within 1 point of the least pruned. */
function leastPrunedGates(o: LessonObservation, layer: string): string[] | null {
  const g = o.gateSparsity[layer];
  if (!g) return null;
  const kept: Record<string, number> = {};
  g.forEach((s, i) => (kept[LSTM_GATES[i].id] = pct(1 - s)));
  return nearBest(kept, 1);
}

function sameGates(o: LessonObservation, layer: string): 'yes' | 'no' | null {
  const g = o.gateSparsity[layer];
  if (!g) return null;
  return Math.max(...g) - Math.min(...g) < 0.005 ? 'yes' : 'no';
}

export const ARCHITECTURE: Lesson = {
  id: 'architecture',
  title: 'The method for the architecture',
  summary: 'Filters in a CNN, hidden units in an RNN — gate by gate.',
  steps: [
    step(
      'CNN: filters',
      cnn('l1-structured', 0.5, 'conv1', { focus: 'heatmap' }),
      'In a CNN the unit is a filter: structured pruning removes whole 3x3 tiles of conv1.',
      removedQuestion('arch-conv1', 'How many of conv1’s 8 filters are removed?', 'conv1'),
    ),
    step(
      'LSTM: four gates',
      scene('lstm', 'waves', 'magnitude', 0.6, 'lstm1', { focus: 'heatmap' }),
      'The LSTM heatmap splits the kernel and the recurrent kernel into the input, forget, cell and output gates. Magnitude pruning treats every weight alone.',
      choiceQuestion({
        id: 'arch-lstm-gate',
        prompt: 'Which gate keeps the largest share of its weights?',
        options: LSTM_GATES,
        needs: [],
        value: (o) => leastPrunedGates(o, 'lstm1'),
      }),
    ),
    step(
      'LSTM: whole units',
      scene('lstm', 'waves', 'l1-structured', 0.5, 'lstm1', { focus: 'heatmap' }),
      'Structured pruning removes a hidden unit: its column in all four gates and its recurrent row.',
      choiceQuestion({
        id: 'arch-lstm-same',
        prompt: 'Do all four gates now lose the same share of weights?',
        options: YES_NO,
        needs: [],
        value: (o) => sameGates(o, 'lstm1'),
      }),
    ),
    step(
      'GRU',
      scene('gru', 'waves', 'l1-structured', 0.5, 'gru1', { focus: 'heatmap' }),
      'A GRU has update, reset and candidate gates; a removed unit goes from all three.',
      removedQuestion('arch-gru-units', 'How many of gru1’s hidden units are removed?', 'gru1'),
    ),
  ],
  quiz: [
    shareQuestion('arch-quiz-share', 'What share of gru1’s weights is pruned, in percent?', 'gru1'),
    choiceQuestion({
      id: 'arch-quiz-gates',
      prompt: 'How many gates does the heatmap show for gru1?',
      options: [
        { id: '3', label: '3' },
        { id: '4', label: '4' },
      ],
      needs: [],
      value: (o) => (o.gateSparsity.gru1 ? String(o.gateSparsity.gru1.length) : null),
    }),
  ],
};

export const MONITORING: Lesson = {
  id: 'monitoring',
  title: 'Watching accuracy while pruning',
  summary: 'The live curve, and which digits break first.',
  steps: [
    step(
      'Drag one layer',
      cnn('magnitude', 0, 'conv1', { focus: 'curve' }),
      'Drag conv1’s slider up slowly and watch the accuracy readout; every position is measured.',
      numberQuestion({
        id: 'mon-conv1',
        prompt: 'At which conv1 sparsity did accuracy first fall below 90%?',
        unit: '%',
        needs: ['trail'],
        tolerance: 5,
        value: (o) => firstBelow(o, 'conv1', 0.9),
      }),
    ),
    step(
      'Which digits break',
      cnn('magnitude', 0.8, 'dense1', { focus: 'confusion' }),
      'At 80% in every layer, compare the confusion matrix before and after: the diagonal is the right answers.',
      choiceQuestion({
        id: 'mon-worst',
        prompt: 'Which digit lost the most accuracy?',
        options: DIGITS,
        needs: ['perClass'],
        value: (o) => worstClasses(o),
      }),
    ),
    step(
      'What broke',
      cnn('magnitude', 0.8, 'dense1', { focus: 'gallery' }),
      'The gallery shows test images the unpruned model got right and the pruned one gets wrong.',
      numberQuestion({
        id: 'mon-broken',
        prompt: 'How many test images did pruning break?',
        unit: 'count',
        needs: ['flipped'],
        tolerance: 0,
        value: (o) => o.flipped?.broken ?? null,
      }),
    ),
    step(
      'One threshold instead',
      cnn('global-magnitude', 0.8, 'dense1', { focus: 'confusion' }),
      'The same 80%, taken by one global threshold: most of it from the big dense layer.',
      accuracyQuestion('mon-global', 'Accuracy now, in percent?'),
    ),
  ],
  quiz: [
    choiceQuestion({
      id: 'mon-quiz-worst',
      prompt: 'With the global threshold, which digit lost the most accuracy?',
      options: DIGITS,
      needs: ['perClass'],
      value: (o) => worstClasses(o),
    }),
    changeQuestion('mon-quiz-drop', 'Accuracy change against unpruned, in points?', 0.3),
  ],
};

const CNN_LAYERS = ['conv1', 'conv2', 'conv3', 'dense1', 'dense2'].map((l) => ({
  id: l,
  label: l,
}));

function mostSensitive(o: LessonObservation): string[] | null {
  const acc = sensitivityAt(o, 0.9);
  if (!acc) return null;
  const neg: Record<string, number> = {};
  for (const [k, v] of Object.entries(acc)) neg[k] = -v;
  return nearBest(neg, 1);
}

function allocationVsGlobal(o: LessonObservation): string[] | null {
  const a = o.allocation;
  const g = a ? curveAt(o, 'global-magnitude', a.target) : null;
  if (!a || g === null) return null;
  return nearBest({ sensitivity: pct(a.accuracy), global: g }, 0.5);
}

/** The sensitivity tab with a small analysis (preview subset, three sparsities, target 80%). */
const sensitivityTab = (layer: string, method: 'magnitude' | 'global-magnitude', s: number) =>
  cnn(method, s, layer, {
    view: 'experiments',
    experimentTab: 'sensitivity',
    focus: 'sensitivity',
    experiment: { sensitivity: { grid: [0, 0.5, 0.9], subset: 'preview', target: 0.8 } },
  });

export const SENSITIVITY: Lesson = {
  id: 'sensitivity',
  title: 'Layer by layer, or one threshold',
  summary: 'Sparsities chosen from a sensitivity analysis against a single global threshold.',
  steps: [
    step(
      'Each layer alone',
      sensitivityTab('conv1', 'magnitude', 0),
      'Run the sensitivity analysis: each layer is pruned alone at rising sparsity, the others kept whole.',
      choiceQuestion({
        id: 'sens-most',
        prompt: 'Which layer loses the most accuracy when pruned alone to 90%?',
        options: CNN_LAYERS,
        needs: ['sensitivity'],
        value: mostSensitive,
      }),
    ),
    step(
      'The big layer',
      sensitivityTab('dense1', 'magnitude', 0),
      'dense1 holds most of the weights. Read its curve.',
      numberQuestion({
        id: 'sens-dense1',
        prompt: 'Accuracy with dense1 alone pruned to 90%, in percent?',
        unit: '%',
        needs: ['sensitivity'],
        tolerance: 1,
        value: (o) => sensitivityAt(o, 0.9)?.dense1 ?? null,
      }),
    ),
    step(
      'Layer-wise from sensitivity',
      sensitivityTab('dense1', 'magnitude', 0.8),
      'Below the curves, the analysis allocates sparsities for an 80% total: sensitive layers get less. Press “Apply to workbench” and read the accuracy.',
      numberQuestion({
        id: 'sens-alloc-acc',
        prompt: 'Accuracy with the allocated sparsities, in percent?',
        unit: '%',
        needs: ['allocation'],
        tolerance: 0.5,
        value: (o) => (o.allocation ? pct(o.allocation.accuracy) : null),
      }),
    ),
    step(
      'One global threshold',
      cnn('global-magnitude', 0.8, 'dense1', { focus: 'curve' }),
      'Now one |w| threshold for the whole network at the same 80%.',
      accuracyQuestion('sens-global-acc', 'Accuracy with the global threshold, in percent?'),
    ),
  ],
  quiz: [
    choiceQuestion({
      id: 'sens-quiz-winner',
      prompt: 'At the same total sparsity, which kept more accuracy?',
      options: [
        { id: 'sensitivity', label: 'layer-wise from sensitivity' },
        { id: 'global', label: 'one global threshold' },
      ],
      needs: ['allocation', 'curve'],
      value: allocationVsGlobal,
    }),
    shareQuestion(
      'sens-quiz-dense1',
      'Sparsity of dense1 under the global threshold, in percent?',
      'dense1',
    ),
  ],
};
