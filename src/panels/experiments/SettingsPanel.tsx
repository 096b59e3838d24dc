/**
 * The frame every experiment tab shares: a settings panel (title, explanation, fields, the run
 * button with its progress) beside the main column of charts and results.
 */
import type { ReactElement, ReactNode } from 'react';
import type { LineChartProps } from '../../charts/index.ts';
import type { RunKind, RunRecord } from '../../store/experiments.ts';
import { ResultsTable, RunProgress } from './common.tsx';
import { referenceLine } from './labels.ts';

/** The run button of an experiment. */
export interface RunButtonSpec {
  kind: RunKind;
  /** The button's text, after "▶ ". */
  label: string;
  onRun: () => Promise<unknown>;
  disabled: boolean;
}

/** The run button with its progress bar, status line and cancel button. */
export function RunButton(props: RunButtonSpec): ReactElement {
  return (
    <RunProgress kind={props.kind}>
      <button className="btn primary" disabled={props.disabled} onClick={() => void props.onRun()}>
        {`▶ ${props.label}`}
      </button>
    </RunProgress>
  );
}

/** An experiment's settings panel: title, explanation, fields, run button, then `after`. */
export function SettingsPanel(props: {
  /** Accessible name of the panel, e.g. "Sweep settings". */
  label: string;
  title: string;
  explain: ReactNode;
  run: RunButtonSpec;
  /** The fields above the run button. */
  children: ReactNode;
  /** Shown under the run button (e.g. the results). */
  after?: ReactNode;
}): ReactElement {
  return (
    <aside className="panel" aria-label={props.label}>
      <h2>{props.title}</h2>
      <p className="explain">{props.explain}</p>
      <div className="xp-form">
        {props.children}
        <RunButton {...props.run} />
        {props.after}
      </div>
    </aside>
  );
}

/** A settings panel beside the main column (`children`). */
export function ExperimentLayout(props: {
  settings: ReactNode;
  children: ReactNode;
}): ReactElement {
  return (
    <div className="xp-layout">
      {props.settings}
      <div className="xp-main">{props.children}</div>
    </div>
  );
}

/** The results table of a run, or what to do while there is none. */
export function RunResults(props: { run: RunRecord | undefined; empty: string }): ReactElement {
  return props.run ? (
    <ResultsTable run={props.run} />
  ) : (
    <div className="panel xp-empty">{props.empty}</div>
  );
}

type ChartSpec = Omit<LineChartProps, 'width' | 'height' | 'svgRef'>;

/** An accuracy chart of a run: y in percent, a legend, the dashed unpruned line. */
export function accuracyChart(
  run: RunRecord | undefined,
  chart: Omit<ChartSpec, 'yFormat' | 'legend' | 'referenceY'>,
): ChartSpec {
  return { ...chart, yFormat: '.0%', legend: true, referenceY: referenceLine(run?.reference) };
}
