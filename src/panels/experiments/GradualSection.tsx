/**
 * The gradual-vs-one-shot arm of the Schedules tab: the schedule's settings, the sparsity and loss
 * traces of both arms, their accuracies, and the time-lapse of one layer during the gradual arm.
 */
import { useMemo, type ReactElement } from 'react';
import type { LineSeries } from '../../charts/index.ts';
import { scheduleCurves } from '../../core/schedules.ts';
import { errorText } from '../../store/actions.ts';
import {
  GRADUAL_METHODS,
  methodLabel,
  patchGradual,
  runGradual,
  useExperiments,
  type GradualForm,
  type RunRecord,
} from '../../store/experiments.ts';
import { fmtPct } from '../format.ts';
import { ChartCard, ResultsTable, useBusy } from './common.tsx';
import { FormMethod, FormRow, type FieldSpec } from './FormFields.tsx';
import { GradualTimeLapse, TimeLapseLayerField } from './GradualTimeLapse.tsx';
import { ExperimentLayout, SettingsPanel } from './SettingsPanel.tsx';

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

const GRADUAL_OPTIONS = GRADUAL_METHODS.map((m) => ({ id: m, label: methodLabel(m) }));

type Curves = ReturnType<typeof scheduleCurves> & { error: string | null };

/** The schedule's target and staircase for the form, or the form's error. */
function useScheduleCurves(f: GradualForm): Curves {
  return useMemo(() => {
    try {
      return { ...scheduleCurves(f, f.batches), error: null };
    } catch (e) {
      return { target: [], applied: [], error: errorText(e) };
    }
  }, [f]);
}

/** The trace `id` of a run as a line without points. */
function traceLine(run: RunRecord | undefined, id: string, label?: string): LineSeries[] {
  const t = run?.traces.find((x) => x.id === id);
  return t ? [{ id, label: label ?? t.label, points: t.points, showPoints: false }] : [];
}

/** The schedule (target, staircase) and the live sparsity of both arms. */
function scheduleSeries(curves: Curves, run: RunRecord | undefined): LineSeries[] {
  return [
    {
      id: 'target',
      label: 'schedule target',
      points: curves.target,
      dashed: true,
      showPoints: false,
    },
    { id: 'applied', label: 'masks updated at', points: curves.applied, showPoints: false },
    ...traceLine(run, 'gradual-sparsity', 'gradual: live sparsity').map((s) => ({
      ...s,
      id: 'live',
    })),
    ...traceLine(run, 'oneshot-sparsity', 'one-shot').map((s) => ({ ...s, id: 'oneshot' })),
  ];
}

/** Accuracy of the arm `variant` of a run, "…" until it is measured. */
function accuracyOf(run: RunRecord, variant: string): string {
  const r = run.rows.find((x) => x.variant === variant);
  return r ? fmtPct(r.accuracy, 1) : '…';
}

function GradualResults({ run }: { run: RunRecord }): ReactElement {
  return (
    <div aria-label="Gradual results">
      <p>
        Gradual: <strong className="xp-big">{accuracyOf(run, 'gradual')}</strong>
        <br />
        One-shot then fine-tuned: <strong className="xp-big">{accuracyOf(run, 'finetuned')}</strong>
        <br />
        <span className="muted">One-shot, not fine-tuned: {accuracyOf(run, 'oneshot')}</span>
      </p>
    </div>
  );
}

/** A chart over the training batches of a run (its files named after the run). */
function BatchChart(props: {
  title: string;
  file: string;
  run: RunRecord | undefined;
  explain: string;
  height: number;
  series: LineSeries[];
  yLabel: string;
  /** A fraction on the y axis, shown 0-100%. */
  percent?: boolean;
  ariaLabel: string;
}): ReactElement {
  return (
    <ChartCard
      title={props.title}
      fileBase={props.run ? `${props.run.id}-${props.file}` : props.file}
      explain={props.explain}
      height={props.height}
      chart={{
        series: props.series,
        xLabel: 'training batch',
        yLabel: props.yLabel,
        xFormat: ',d',
        legend: true,
        ariaLabel: props.ariaLabel,
        ...(props.percent ? { yDomain: [0, 1] as [number, number], yFormat: '.0%' } : {}),
      }}
    />
  );
}

/** The settings panel: method, schedule, time-lapse layer, run button and results. */
function GradualSettings({ error }: { error: string | null }): ReactElement {
  const f = useExperiments((s) => s.gradual);
  const run = useExperiments((s) => s.current.gradual);
  const busy = useBusy();
  return (
    <SettingsPanel
      label="Gradual pruning settings"
      title="Gradual vs one-shot"
      explain="Gradual pruning raises the sparsity step by step while training (TF Model Optimization’s polynomial decay), so the network adapts as weights go. The fair comparison is one-shot pruning to the same final sparsity, then fine-tuned for the same number of batches. At high sparsity gradual usually wins."
      run={{
        kind: 'gradual',
        label: 'Run gradual vs one-shot',
        onRun: runGradual,
        disabled: busy || error !== null,
      }}
      after={run && <GradualResults run={run} />}
    >
      <FormMethod options={GRADUAL_OPTIONS} form={f} patch={patchGradual} disabled={busy} />
      {GRADUAL_FIELDS.map((row, k) => (
        <FormRow key={k} specs={row} form={f} patch={patchGradual} disabled={busy} />
      ))}
      <TimeLapseLayerField disabled={busy} />
      {error && <p className="notice warning">{error}</p>}
    </SettingsPanel>
  );
}

/** Gradual pruning against one-shot then fine-tuned: settings, traces, time-lapse, results. */
export function GradualSection(): ReactElement {
  const f = useExperiments((s) => s.gradual);
  const run = useExperiments((s) => s.current.gradual);
  const curves = useScheduleCurves(f);
  const losses = [...traceLine(run, 'gradual-loss'), ...traceLine(run, 'oneshot-loss')];
  return (
    <ExperimentLayout settings={<GradualSettings error={curves.error} />}>
      <BatchChart
        title="Sparsity over training"
        file="schedule"
        run={run}
        explain="The dashed curve is the schedule’s target; masks only change at the update steps (the staircase). During a run the live sparsity of the gradual arm is drawn on top."
        height={320}
        series={scheduleSeries(curves, run)}
        yLabel="sparsity"
        percent
        ariaLabel="Pruning schedule and live sparsity over training"
      />
      <GradualTimeLapse />
      {losses.length > 0 && (
        <BatchChart
          title="Training loss"
          file="loss"
          run={run}
          explain="Each pruning step of the gradual arm shows as a bump that training smooths out; the one-shot arm starts from the full damage."
          height={280}
          series={losses}
          yLabel="training loss"
          ariaLabel="Training loss of both arms"
        />
      )}
      {run && <ResultsTable run={run} title="Gradual vs one-shot results" />}
    </ExperimentLayout>
  );
}
