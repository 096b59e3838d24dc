/**
 * Schedules: gradual pruning during training (polynomial decay) against one-shot pruning fine-tuned
 * for the same number of batches, and iterative magnitude pruning round by round.
 */
import type { ReactElement } from 'react';
import type { LineSeries } from '../../charts/index.ts';
import {
  impPoints,
  patchImp,
  runImp,
  useExperiments,
  type ImpForm,
} from '../../store/experiments.ts';
import { ChartCard, ResultsTable, useBusy } from './common.tsx';
import { FormNumber, FormRow, type FieldSpec } from './FormFields.tsx';
import { GradualSection } from './GradualSection.tsx';
import { integerTicks } from './labels.ts';
import { ExperimentLayout, SettingsPanel, accuracyChart } from './SettingsPanel.tsx';

const IMP_FIELDS: FieldSpec<ImpForm>[] = [
  { key: 'rounds', label: 'Rounds', min: 1, max: 20, int: true },
  { key: 'finalSparsity', label: 'Final sparsity (%)', min: 0, max: 99, percent: true },
];
const IMP_BATCHES: FieldSpec<ImpForm> = {
  key: 'batchesPerRound',
  label: 'Batches per round',
  min: 1,
  int: true,
};

function ImpSection(): ReactElement {
  const f = useExperiments((s) => s.imp);
  const run = useExperiments((s) => s.current.imp);
  const busy = useBusy();
  const series: LineSeries[] = (['pruned', 'retrained'] as const).map((v) => ({
    id: v,
    label: v === 'pruned' ? 'right after pruning' : 'after retraining',
    dashed: v === 'pruned',
    points: impPoints(run?.rows ?? [], v),
  }));
  const settings = (
    <SettingsPanel
      label="Iterative pruning settings"
      title="Iterative magnitude pruning"
      explain="k rounds of: prune a fraction of the weights still kept (smallest |w|), then retrain with the masks held. Each round removes the same fraction of what is left, reaching the final sparsity in the last round. Watch the gap between the two lines: retraining recovers what each pruning step costs."
      run={{ kind: 'imp', label: 'Run iterative pruning', onRun: runImp, disabled: busy }}
    >
      <FormRow specs={IMP_FIELDS} form={f} patch={patchImp} disabled={busy} />
      <FormNumber spec={IMP_BATCHES} form={f} patch={patchImp} disabled={busy} />
    </SettingsPanel>
  );
  return (
    <ExperimentLayout settings={settings}>
      <ChartCard
        title="Accuracy per round"
        fileBase={run ? `${run.id}-rounds` : 'imp'}
        height={320}
        chart={accuracyChart(run, {
          series,
          xLabel: 'round',
          yLabel: 'test accuracy (full test set)',
          xDomain: [1, Math.max(2, f.rounds)],
          xFormat: integerTicks,
          ariaLabel: 'Accuracy per round of iterative pruning',
        })}
      />
      {run && <ResultsTable run={run} title="Iterative pruning results" />}
    </ExperimentLayout>
  );
}

/** Gradual schedules and iterative pruning, one above the other. */
export function SchedulesTab(): ReactElement {
  return (
    <div className="xp-main">
      <GradualSection />
      <ImpSection />
    </div>
  );
}
