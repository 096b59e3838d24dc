/**
 * Experiment reports: the results table's cells and the CSV (identical text by construction),
 * a run as JSON, and rows grouped into chart series.
 */
import { methodLabel } from '../core/methods.ts';
import type { ResultRow, RowVariant, RunRecord, RunTrace } from './history.ts';

export { methodLabel };

/** What the x axis of a sweep chart shows. */
export type SweepAxis = 'sparsity' | 'compression' | 'speedup';

/** CSV column names, in table order. */
export const CSV_COLUMNS = [
  'run',
  'method',
  'sparsity',
  'compression',
  'flops_ratio',
  'accuracy',
  'loss',
  'variant',
  'layer',
  'round',
  'target',
] as const;

function fixed(v: number, digits: number): string {
  if (v === Infinity) return 'inf';
  if (!Number.isFinite(v)) return '';
  return v.toFixed(digits);
}

/**
 * A row's cells as text, in CSV_COLUMNS order: sparsities, accuracy and loss with 4 decimals
 * (fractions), ratios with 2 ('inf' when nothing is kept), round blank outside iterative runs.
 */
export function rowCells(r: ResultRow): string[] {
  return [
    r.run,
    r.method,
    fixed(r.sparsity, 4),
    fixed(r.compression, 2),
    fixed(r.flopsRatio, 2),
    fixed(r.accuracy, 4),
    fixed(r.loss, 4),
    r.variant,
    r.layer,
    r.round > 0 ? String(r.round) : '',
    fixed(r.target, 4),
  ];
}

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The rows as CSV (header line, then one line per row, '\n' line ends, RFC 4180 quoting). */
export function rowsToCsv(rows: readonly ResultRow[]): string {
  const lines = [CSV_COLUMNS.join(','), ...rows.map((r) => rowCells(r).map(csvField).join(','))];
  return `${lines.join('\n')}\n`;
}

/** A run as pretty JSON (settings, reference, rows, traces). */
export function runToJson(run: RunRecord): string {
  return JSON.stringify(run, (_k, v: unknown) => (v === Infinity ? 'inf' : v), 2);
}

const VARIANT_LABELS: Record<RowVariant, string> = {
  oneshot: '',
  finetuned: 'fine-tuned',
  rewound: 'rewound (lottery ticket)',
  reinit: 'random re-init (control)',
  gradual: 'gradual',
  pruned: 'after pruning',
  retrained: 'after retraining',
};

/** The series a row belongs to in a sweep chart, and its legend text. */
export function seriesOf(r: ResultRow): { id: string; label: string } {
  const v = VARIANT_LABELS[r.variant];
  return {
    id: `${r.method}/${r.variant}`,
    label: v ? `${methodLabel(r.method)} · ${v}` : methodLabel(r.method),
  };
}

/** The x value of a row on a sweep chart's axis. */
export function xOf(r: ResultRow, axis: SweepAxis): number {
  return axis === 'sparsity' ? r.sparsity : axis === 'compression' ? r.compression : r.flopsRatio;
}

/** Rows grouped into chart series by `series`, one point per row, points sorted by x. */
function groupSeries(
  rows: readonly ResultRow[],
  series: (r: ResultRow) => { id: string; label: string },
  point: (r: ResultRow) => { x: number; y: number },
): RunTrace[] {
  const by = new Map<string, RunTrace>();
  for (const r of rows) {
    const s = series(r);
    let t = by.get(s.id);
    if (!t) by.set(s.id, (t = { id: s.id, label: s.label, points: [] }));
    t.points.push(point(r));
  }
  for (const t of by.values()) t.points.sort((a, b) => a.x - b.x);
  return [...by.values()];
}

/** Sweep rows grouped into chart series (one per method and variant), points sorted by x. */
export function sweepSeries(rows: readonly ResultRow[], axis: SweepAxis): RunTrace[] {
  return groupSeries(rows, seriesOf, (r) => ({ x: xOf(r, axis), y: r.accuracy }));
}

/** Sensitivity rows grouped into one series per layer (x = target sparsity of that layer). */
export function sensitivitySeries(rows: readonly ResultRow[]): RunTrace[] {
  return groupSeries(
    rows,
    (r) => ({ id: r.layer, label: r.layer }),
    (r) => ({ x: r.target, y: r.accuracy }),
  );
}

/** Iterative-pruning rows of one variant as (round, accuracy) points, in run order. */
export function impPoints(
  rows: readonly ResultRow[],
  variant: 'pruned' | 'retrained',
): { x: number; y: number }[] {
  return rows.filter((r) => r.variant === variant).map((r) => ({ x: r.round, y: r.accuracy }));
}
