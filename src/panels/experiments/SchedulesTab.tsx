/**
 * Schedules: gradual pruning during training (polynomial decay) against one-shot pruning fine-tuned
 * for the same number of batches, and iterative magnitude pruning round by round.
 */
import { useMemo, type ReactElement } from 'react';
import type { LineSeries } from '../../charts/index.ts';
import { scheduleCurves } from '../../core/schedules.ts';
import { errorText } from '../../store/actions.ts';
import {
  GRADUAL_METHODS,
  impPoints,
  methodLabel,
  patchGradual,
  patchImp,
  runGradual,
  runImp,
  useExperiments,
  type GradualForm,
  type ImpForm,
} from '../../store/experiments.ts';
import { fmtPct } from '../format.ts';
import {
  ChartCard,
  NumberField,
  ResultsTable,
  RunProgress,
  SelectField,
  useBusy,
} from './common.tsx';
import { integerTicks, referenceLine } from './labels.ts';

/** The numeric fields of a form whose values are numbers. */
type NumericKey<F> = { [K in keyof F]: F[K] extends number ? K : never }[keyof F] & string;

/** One number field of a settings form. */
interface FieldSpec<F> {
  key: NumericKey<F>;
  label: string;
  min: number;
  max?: number;
  /** A fraction shown in percent. */
  percent?: boolean;
  /** Whole numbers only, at least `min`. */
  int?: boolean;
}

/** A NumberField bound to one numeric field of a form. */
function FormNumber<F>(props: {
  spec: FieldSpec<F>;
  form: F;
  patch: (p: Partial<F>) => void;
  disabled: boolean;
}): ReactElement {
  const { spec } = props;
  return (
    <NumberField
      label={spec.label}
      percent={spec.percent}
      value={Number(props.form[spec.key])}
      min={spec.min}
      max={spec.max}
      disabled={props.disabled}
      onChange={(v) =>
        props.patch({
          [spec.key]: spec.int ? Math.max(spec.min, Math.round(v)) : v,
        } as Partial<F>)
      }
    />
  );
}

/** The schedule's fields, row by row. */
const GRADUAL_FIELDS: FieldSpec<GradualForm>[][] = [
  [
    { key: 'batches', label: 'Training batches', min: 1, int: true },
    { key: 'power', label: 'Power', min: 1, max: 10 },
  ],
  [
    { key: 'initialSparsity', label: 'Initial sparsity (%)', min: 0, max: 99, percent: true },
    { key: 'finalSparsity', label: 'Final sparsity (%)', min: 0, max: 99, percent: true },
  ],
  [
    { key: 'beginStep', label: 'Begin (batch)', min: 0, int: true },
    { key: 'endStep', label: 'End (batch)', min: 0, int: true },
    { key: 'frequency', label: 'Every (batches)', min: 1, int: true },
  ],
];

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

const GRADUAL_OPTIONS = GRADUAL_METHODS.map((m) => ({ id: m, label: methodLabel(m) }));

function GradualSection(): ReactElement {
  const f = useExperiments((s) => s.gradual);
  const run = useExperiments((s) => s.current.gradual);
  const busy = useBusy();
  const set = (p: Partial<GradualForm>): void => patchGradual(p);
  const curves = useMemo(() => {
    try {
      return { ...scheduleCurves(f, f.batches), error: null };
    } catch (e) {
      return { target: [], applied: [], error: errorText(e) };
    }
  }, [f]);
  const trace = (id: string) => run?.traces.find((t) => t.id === id);
  const sched: LineSeries[] = [
    {
      id: 'target',
      label: 'schedule target',
      points: curves.target,
      dashed: true,
      showPoints: false,
    },
    { id: 'applied', label: 'masks updated at', points: curves.applied, showPoints: false },
  ];
  const g = trace('gradual-sparsity');
  if (g)
    sched.push({
      id: 'live',
      label: 'gradual: live sparsity',
      points: g.points,
      showPoints: false,
    });
  const o = trace('oneshot-sparsity');
  if (o) sched.push({ id: 'oneshot', label: 'one-shot', points: o.points, showPoints: false });
  const losses: LineSeries[] = ['gradual-loss', 'oneshot-loss']
    .map((id) => trace(id))
    .filter((t) => t !== undefined)
    .map((t) => ({ id: t.id, label: t.label, points: t.points, showPoints: false }));
  /** Accuracy of the arm `v`, "…" until it is measured. */
  const accuracyOf = (v: string): string => {
    const r = run?.rows.find((x) => x.variant === v);
    return r ? fmtPct(r.accuracy, 1) : '…';
  };
  return (
    <div className="xp-layout">
      <aside className="panel" aria-label="Gradual pruning settings">
        <h2>Gradual vs one-shot</h2>
        <p className="explain">
          Gradual pruning raises the sparsity step by step while training (TF Model Optimization’s
          polynomial decay), so the network adapts as weights go. The fair comparison is one-shot
          pruning to the same final sparsity, then fine-tuned for the same number of batches. At
          high sparsity gradual usually wins.
        </p>
        <div className="xp-form">
          <SelectField
            label="Method"
            value={f.method}
            options={GRADUAL_OPTIONS}
            disabled={busy}
            onChange={(method) => set({ method })}
          />
          {GRADUAL_FIELDS.map((row, k) => (
            <div className="xp-row" key={k}>
              {row.map((spec) => (
                <FormNumber key={spec.key} spec={spec} form={f} patch={set} disabled={busy} />
              ))}
            </div>
          ))}
          {curves.error && <p className="notice warning">{curves.error}</p>}
          <RunProgress kind="gradual">
            <button
              className="btn primary"
              disabled={busy || curves.error !== null}
              onClick={() => void runGradual()}
            >
              ▶ Run gradual vs one-shot
            </button>
          </RunProgress>
          {run && (
            <div aria-label="Gradual results">
              <p>
                Gradual: <strong className="xp-big">{accuracyOf('gradual')}</strong>
                <br />
                One-shot then fine-tuned:{' '}
                <strong className="xp-big">{accuracyOf('finetuned')}</strong>
                <br />
                <span className="muted">One-shot, not fine-tuned: {accuracyOf('oneshot')}</span>
              </p>
            </div>
          )}
        </div>
      </aside>
      <div className="xp-main">
        <ChartCard
          title="Sparsity over training"
          fileBase={run ? `${run.id}-schedule` : 'schedule'}
          explain="The dashed curve is the schedule’s target; masks only change at the update steps (the staircase). During a run the live sparsity of the gradual arm is drawn on top."
          height={320}
          chart={{
            series: sched,
            xLabel: 'training batch',
            yLabel: 'sparsity',
            yDomain: [0, 1],
            yFormat: '.0%',
            xFormat: ',d',
            legend: true,
            ariaLabel: 'Pruning schedule and live sparsity over training',
          }}
        />
        {losses.length > 0 && (
          <ChartCard
            title="Training loss"
            fileBase={run ? `${run.id}-loss` : 'loss'}
            explain="Each pruning step of the gradual arm shows as a bump that training smooths out; the one-shot arm starts from the full damage."
            height={280}
            chart={{
              series: losses,
              xLabel: 'training batch',
              yLabel: 'training loss',
              xFormat: ',d',
              legend: true,
              ariaLabel: 'Training loss of both arms',
            }}
          />
        )}
        {run && <ResultsTable run={run} title="Gradual vs one-shot results" />}
      </div>
    </div>
  );
}

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
          <div className="xp-row">
            {IMP_FIELDS.map((spec) => (
              <FormNumber key={spec.key} spec={spec} form={f} patch={patchImp} disabled={busy} />
            ))}
          </div>
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
