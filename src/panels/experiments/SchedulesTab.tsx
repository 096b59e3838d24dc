/**
 * Schedules: gradual pruning during training (polynomial decay) against one-shot pruning fine-tuned
 * for the same number of batches, and iterative magnitude pruning round by round.
 */
import { useMemo, type ReactElement } from 'react';
import type { LineSeries } from '../../charts/index.ts';
import { scheduleCurves } from '../../core/sweep.ts';
import type { MethodId } from '../../core/types.ts';
import { errorText } from '../../store/actions.ts';
import {
  GRADUAL_METHODS,
  methodLabel,
  patchGradual,
  patchImp,
  runGradual,
  runImp,
  useExperiments,
  type GradualForm,
} from '../../store/experiments.ts';
import { fmtPct } from '../format.ts';
import { ChartCard, ResultsTable, RunProgress, useBusy } from './common.tsx';
import { refLabel } from './labels.ts';

/** Tick labels on whole numbers only (rounds). */
function integerTicks(v: number): string {
  return Number.isInteger(v) ? String(v) : '';
}

function NumberField(props: {
  label: string;
  value: number;
  onChange: (v: number) => void;
  min?: number;
  max?: number;
  step?: number;
  disabled: boolean;
  /** Show and edit as percent. */
  percent?: boolean;
}): ReactElement {
  const shown = props.percent ? Math.round(props.value * 1000) / 10 : props.value;
  return (
    <label className="xp-field">
      {props.label}
      <input
        type="number"
        value={shown}
        min={props.min}
        max={props.max}
        step={props.step ?? 1}
        disabled={props.disabled}
        onChange={(e) => {
          const v = Number(e.target.value);
          if (Number.isFinite(v)) props.onChange(props.percent ? v / 100 : v);
        }}
      />
    </label>
  );
}

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
  const row = (v: string) => run?.rows.find((r) => r.variant === v);
  const ints = (k: 'batches' | 'beginStep' | 'endStep' | 'frequency') => (v: number) =>
    set({ [k]: Math.max(k === 'batches' || k === 'frequency' ? 1 : 0, Math.round(v)) });
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
          <label className="xp-field">
            Method
            <select
              className="select"
              value={f.method}
              disabled={busy}
              onChange={(e) => set({ method: e.target.value as MethodId })}
            >
              {GRADUAL_METHODS.map((m) => (
                <option key={m} value={m}>
                  {methodLabel(m)}
                </option>
              ))}
            </select>
          </label>
          <div className="xp-row">
            <NumberField
              label="Training batches"
              value={f.batches}
              min={1}
              disabled={busy}
              onChange={ints('batches')}
            />
            <NumberField
              label="Power"
              value={f.power}
              min={1}
              max={10}
              disabled={busy}
              onChange={(v) => set({ power: v })}
            />
          </div>
          <div className="xp-row">
            <NumberField
              label="Initial sparsity (%)"
              percent
              value={f.initialSparsity}
              min={0}
              max={99}
              disabled={busy}
              onChange={(v) => set({ initialSparsity: v })}
            />
            <NumberField
              label="Final sparsity (%)"
              percent
              value={f.finalSparsity}
              min={0}
              max={99}
              disabled={busy}
              onChange={(v) => set({ finalSparsity: v })}
            />
          </div>
          <div className="xp-row">
            <NumberField
              label="Begin (batch)"
              value={f.beginStep}
              min={0}
              disabled={busy}
              onChange={ints('beginStep')}
            />
            <NumberField
              label="End (batch)"
              value={f.endStep}
              min={0}
              disabled={busy}
              onChange={ints('endStep')}
            />
            <NumberField
              label="Every (batches)"
              value={f.frequency}
              min={1}
              disabled={busy}
              onChange={ints('frequency')}
            />
          </div>
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
                Gradual:{' '}
                <strong className="xp-big">
                  {row('gradual') ? fmtPct(row('gradual')!.accuracy, 1) : '…'}
                </strong>
                <br />
                One-shot then fine-tuned:{' '}
                <strong className="xp-big">
                  {row('finetuned') ? fmtPct(row('finetuned')!.accuracy, 1) : '…'}
                </strong>
                <br />
                <span className="muted">
                  One-shot, not fine-tuned:{' '}
                  {row('oneshot') ? fmtPct(row('oneshot')!.accuracy, 1) : '…'}
                </span>
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
    points: (run?.rows ?? [])
      .filter((r) => r.variant === v)
      .map((r) => ({ x: r.round, y: r.accuracy })),
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
            <NumberField
              label="Rounds"
              value={f.rounds}
              min={1}
              max={20}
              disabled={busy}
              onChange={(v) => patchImp({ rounds: Math.max(1, Math.round(v)) })}
            />
            <NumberField
              label="Final sparsity (%)"
              percent
              value={f.finalSparsity}
              min={0}
              max={99}
              disabled={busy}
              onChange={(v) => patchImp({ finalSparsity: v })}
            />
          </div>
          <NumberField
            label="Batches per round"
            value={f.batchesPerRound}
            min={1}
            disabled={busy}
            onChange={(v) => patchImp({ batchesPerRound: Math.max(1, Math.round(v)) })}
          />
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
            referenceY:
              run?.reference != null
                ? { value: run.reference, label: refLabel(run.reference) }
                : undefined,
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
