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
import { ChartCard, ResultsTable, RunProgress, useBusy } from './common.tsx';
import { FormNumber, FormRow, type FieldSpec } from './FormFields.tsx';
import { GradualSection } from './GradualSection.tsx';
import { integerTicks, referenceLine } from './labels.ts';

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
  return (
    <div className="xp-layout">
      <aside className="panel" aria-label="Iterative pruning settings">
        <h2>Iterative magnitude pruning</h2>
        <p className="explain">
          k rounds of: prune a fraction of the weights still kept (smallest |w|), then retrain with
          the masks held. Each round removes the same fraction of what is left, reaching the final
          sparsity in the last round. Watch the gap between the two lines: retraining recovers what
          each pruning step costs.
        </p>
        <div className="xp-form">
          <FormRow specs={IMP_FIELDS} form={f} patch={patchImp} disabled={busy} />
          <FormNumber spec={IMP_BATCHES} form={f} patch={patchImp} disabled={busy} />
          <RunProgress kind="imp">
            <button className="btn primary" disabled={busy} onClick={() => void runImp()}>
              ▶ Run iterative pruning
            </button>
          </RunProgress>
        </div>
      </aside>
      <div className="xp-main">
        <ChartCard
          title="Accuracy per round"
          fileBase={run ? `${run.id}-rounds` : 'imp'}
          height={320}
          chart={{
            series,
            xLabel: 'round',
            yLabel: 'test accuracy (full test set)',
            xDomain: [1, Math.max(2, f.rounds)],
            xFormat: integerTicks,
            yFormat: '.0%',
            legend: true,
            referenceY: referenceLine(run?.reference),
            ariaLabel: 'Accuracy per round of iterative pruning',
          }}
        />
        {run && <ResultsTable run={run} title="Iterative pruning results" />}
      </div>
    </div>
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
