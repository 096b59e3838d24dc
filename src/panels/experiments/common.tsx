/**
 * Building blocks shared by the experiment tabs: a chart card with SVG / PNG export, the results
 * table (same text as the CSV), CSV / JSON export buttons, the progress bar with time left and the
 * labelled form fields of the settings panels.
 */
import { useRef, type ReactElement, type ReactNode } from 'react';
import {
  LineChart,
  downloadBlob,
  svgBlob,
  svgToPngBlob,
  useElementSize,
  type LineChartProps,
} from '../../charts/index.ts';
import { pushNotice } from '../../store/index.ts';
import {
  CSV_COLUMNS,
  cancelExperiment,
  rowCells,
  rowsToCsv,
  runToJson,
  useExperiments,
  type RunKind,
  type RunRecord,
} from '../../store/experiments.ts';

/** Header text of each column (the CSV uses CSV_COLUMNS). */
const COLUMN_LABELS: Record<(typeof CSV_COLUMNS)[number], string> = {
  run: 'Run',
  method: 'Method',
  sparsity: 'Sparsity (network)',
  compression: 'Compression ×',
  flops_ratio: 'FLOPs ratio ×',
  accuracy: 'Accuracy',
  loss: 'Loss',
  variant: 'After pruning',
  layer: 'Layer',
  round: 'Round',
  target: 'Target',
};

/** "1:05" from seconds; "—" when unknown. */
export function fmtDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

function safeName(s: string): string {
  return s.replace(/[^\w.-]+/g, '-');
}

/** A chart in a panel with its title, explanation and SVG / PNG export buttons. */
export function ChartCard(props: {
  title: string;
  /** Base of the exported file names. */
  fileBase: string;
  explain?: ReactNode;
  height?: number;
  chart: Omit<LineChartProps, 'width' | 'height' | 'svgRef'>;
  /** Extra controls in the header (e.g. an axis switch). */
  controls?: ReactNode;
  testId?: string;
}): ReactElement {
  const { ref: boxRef, width: boxWidth } = useElementSize<HTMLDivElement>();
  const svg = useRef<SVGSVGElement | null>(null);
  const name = safeName(props.fileBase);
  const exportSvg = (): void => {
    if (svg.current) downloadBlob(svgBlob(svg.current), `${name}.svg`);
  };
  const exportPng = (): void => {
    if (!svg.current) return;
    svgToPngBlob(svg.current, 2)
      .then((b) => downloadBlob(b, `${name}.png`))
      .catch((e: unknown) =>
        pushNotice('error', `PNG export failed: ${e instanceof Error ? e.message : String(e)}`),
      );
  };
  return (
    <section className="panel" aria-label={props.title} data-testid={props.testId}>
      <div className="xp-card-head">
        <h2>{props.title}</h2>
        <div className="xp-exports">
          {props.controls}
          <button className="btn" onClick={exportSvg} aria-label={`Export ${props.title} as SVG`}>
            SVG
          </button>
          <button className="btn" onClick={exportPng} aria-label={`Export ${props.title} as PNG`}>
            PNG
          </button>
        </div>
      </div>
      {props.explain ? <p className="explain">{props.explain}</p> : null}
      <div ref={boxRef} style={{ width: '100%' }}>
        {boxWidth > 0 && (
          <LineChart {...props.chart} width={boxWidth} height={props.height ?? 380} svgRef={svg} />
        )}
      </div>
    </section>
  );
}

/** CSV and JSON download buttons for a run. */
export function ExportButtons({ run }: { run: RunRecord }): ReactElement {
  return (
    <div className="xp-exports">
      <button
        className="btn"
        onClick={() =>
          downloadBlob(
            new Blob([rowsToCsv(run.rows)], { type: 'text/csv;charset=utf-8' }),
            `${run.id}.csv`,
          )
        }
      >
        CSV
      </button>
      <button
        className="btn"
        onClick={() =>
          downloadBlob(new Blob([runToJson(run)], { type: 'application/json' }), `${run.id}.json`)
        }
      >
        JSON
      </button>
    </div>
  );
}

/** The results of a run as a table whose cells are exactly the CSV's text. */
export function ResultsTable({
  run,
  title = 'Results',
}: {
  run: RunRecord;
  title?: string;
}): ReactElement {
  return (
    <section className="panel" aria-label={`${title} table`}>
      <div className="xp-card-head">
        <h2>
          {title}{' '}
          <span className="muted" style={{ fontWeight: 400, fontSize: 14 }}>
            {run.rows.length} rows · {run.subset === 'full' ? 'full test set' : 'preview subset'} ·{' '}
            {run.status}
          </span>
        </h2>
        <ExportButtons run={run} />
      </div>
      <p className="explain">
        Sparsity, accuracy and loss are fractions; “Sparsity (network)” counts every weight
        including biases, “Target” is what was asked for. Compression = weights / weights kept;
        FLOPs ratio = dense FLOPs / FLOPs left (a theoretical speed-up).
      </p>
      <div className="xp-table-wrap">
        <table
          className="xp-table"
          role="table"
          aria-label={`${title} of ${run.id}`}
          data-testid={`table-${run.kind}`}
        >
          <thead>
            <tr>
              {CSV_COLUMNS.map((c) => (
                <th key={c} scope="col" data-col={c}>
                  {COLUMN_LABELS[c]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {run.rows.map((r, i) => (
              <tr key={i}>
                {rowCells(r).map((cell, j) => (
                  <td key={j}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The run button's companion: progress bar, what is happening, time left, cancel. */
export function RunProgress({
  kind,
  children,
}: {
  kind: RunKind;
  children: ReactNode;
}): ReactElement {
  const job = useExperiments((s) => s.job);
  const current = useExperiments((s) => s.current[kind]);
  const mine = job && job.kind === kind ? job : null;
  const busy = job !== null;
  const pct = mine
    ? Math.round(mine.fraction * 100)
    : current && current.status !== 'running'
      ? 100
      : 0;
  return (
    <div className="xp-run">
      <div className="xp-row">
        {children}
        {mine ? (
          <button
            className="btn"
            onClick={cancelExperiment}
            disabled={mine.status === 'cancelling'}
          >
            ■ Cancel
          </button>
        ) : null}
      </div>
      <div
        className="progress"
        role="progressbar"
        aria-label={`${kind} progress`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        data-status={mine ? mine.status : (current?.status ?? 'idle')}
      >
        <div style={{ width: `${pct}%` }} />
      </div>
      <div className="xp-run-status" aria-live="polite" data-testid={`status-${kind}`}>
        {mine
          ? `${mine.label} · ${pct}% · ${fmtDuration(mine.etaMs)} left`
          : busy
            ? 'Another experiment is running.'
            : current
              ? current.status === 'done'
                ? `Done: ${current.rows.length} results.`
                : current.status === 'cancelled'
                  ? `Cancelled: ${current.rows.length} results kept.`
                  : current.status === 'error'
                    ? `Stopped: ${current.message ?? 'error'}`
                    : ''
              : 'Not run yet.'}
      </div>
    </div>
  );
}

/** True while any experiment runs (controls are disabled). */
export function useBusy(): boolean {
  return useExperiments((s) => s.job !== null);
}

/** A labelled number input; with `percent` a fraction is shown and typed in percent. */
export function NumberField(props: {
  label: string;
  value: number;
  /** Receives the typed number (a fraction with `percent`); non-numbers are ignored. */
  onChange: (v: number) => void;
  min?: number;
  max?: number;
  step?: number;
  disabled?: boolean;
  /** Show and edit as percent. */
  percent?: boolean;
  /** Decimals of the percent shown (default 1). */
  percentDigits?: number;
  /** Shown under the input (e.g. an explanation). */
  children?: ReactNode;
}): ReactElement {
  const f = 10 ** (props.percentDigits ?? 1);
  const shown = props.percent ? Math.round(props.value * (100 * f)) / f : props.value;
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
      {props.children}
    </label>
  );
}

/** One choice of a SelectField. */
export interface SelectOption<T extends string> {
  id: T;
  label: string;
}

/** A labelled drop-down over a fixed set of string ids. */
export function SelectField<T extends string>(props: {
  label: string;
  value: T;
  options: readonly SelectOption<T>[];
  onChange: (v: T) => void;
  disabled?: boolean;
  /** Shown under the drop-down (e.g. an explanation). */
  children?: ReactNode;
}): ReactElement {
  return (
    <label className="xp-field">
      {props.label}
      <select
        className="select"
        value={props.value}
        disabled={props.disabled}
        onChange={(e) => props.onChange(e.target.value as T)}
      >
        {props.options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </select>
      {props.children}
    </label>
  );
}

/** The "Sparsities (%)" text field of a grid of sparsities, e.g. "0, 50, 90". */
export function GridField(props: {
  value: string;
  onChange: (text: string) => void;
  disabled: boolean;
  /** Shown under the input (e.g. an explanation). */
  children?: ReactNode;
}): ReactElement {
  return (
    <label className="xp-field">
      Sparsities (%)
      <input
        type="text"
        value={props.value}
        disabled={props.disabled}
        onChange={(e) => props.onChange(e.target.value)}
        spellCheck={false}
      />
      {props.children}
    </label>
  );
}

/** The "Quick mode" check box: evaluate on the preview subset instead of the full test set. */
export function QuickModeCheck(props: {
  subset: 'preview' | 'full';
  onChange: (subset: 'preview' | 'full') => void;
  disabled: boolean;
}): ReactElement {
  return (
    <label className="xp-check">
      <input
        type="checkbox"
        checked={props.subset === 'preview'}
        disabled={props.disabled}
        onChange={(e) => props.onChange(e.target.checked ? 'preview' : 'full')}
      />
      Quick mode (preview subset of the test set)
    </label>
  );
}
