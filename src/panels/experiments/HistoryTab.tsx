/** Run history: every finished (or cancelled) run stored in this browser; any two side by side. */
import { useEffect, useState, type ReactElement } from 'react';
import type { LineChartProps, LineSeries } from '../../charts/index.ts';
import {
  impPoints,
  loadHistory,
  removeRun,
  sensitivitySeries,
  setCompare,
  sweepSeries,
  useExperiments,
  type RunRecord,
} from '../../store/experiments.ts';
import { useApp } from '../../store/index.ts';
import { probeStorage } from '../../store/snapshots.ts';
import { ChartCard, ExportButtons, ResultsTable } from './common.tsx';
import { integerTicks, referenceLine } from './labels.ts';

const KIND_LABELS: Record<RunRecord['kind'], string> = {
  sweep: 'Method sweep',
  sensitivity: 'Sensitivity',
  gradual: 'Gradual vs one-shot',
  imp: 'Iterative pruning',
};

/** The two sides of the comparison, in store order. */
const SIDES = ['A', 'B'] as const;

function settingsText(run: RunRecord): string {
  return Object.entries(run.settings)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(' ') : String(v)}`)
    .join(' · ');
}

/** The chart of a stored run, whatever its kind. */
export function runChart(run: RunRecord): Omit<LineChartProps, 'width' | 'height' | 'svgRef'> {
  const ref = referenceLine(run.reference);
  const base = { yFormat: '.0%', legend: true, ariaLabel: `Results of ${run.id}` } as const;
  // Sweeps and sensitivity analyses: accuracy against a sparsity fraction.
  const vsSparsity = {
    ...base,
    yLabel: 'test accuracy',
    xDomain: [0, 1] as [number, number],
    yDomain: [0, 1] as [number, number],
    xFormat: '.0%',
    referenceY: ref,
  };
  switch (run.kind) {
    case 'sweep':
      return { ...vsSparsity, series: sweepSeries(run.rows, 'sparsity'), xLabel: 'sparsity' };
    case 'sensitivity':
      return {
        ...vsSparsity,
        series: sensitivitySeries(run.rows),
        xLabel: 'sparsity of the layer',
      };
    case 'imp': {
      const series: LineSeries[] = (['pruned', 'retrained'] as const).map((v) => ({
        id: v,
        label: v === 'pruned' ? 'after pruning' : 'after retraining',
        points: impPoints(run.rows, v),
      }));
      return {
        ...base,
        series,
        xLabel: 'round',
        yLabel: 'test accuracy',
        xFormat: integerTicks,
        referenceY: ref,
      };
    }
    case 'gradual':
      return {
        ...base,
        series: run.traces
          .filter((t) => t.id.endsWith('-sparsity'))
          .map((t) => ({ ...t, showPoints: false })),
        xLabel: 'training batch',
        yLabel: 'sparsity',
        yDomain: [0, 1],
        xFormat: ',d',
      };
  }
}

function withPrefix(
  c: Omit<LineChartProps, 'width' | 'height' | 'svgRef'>,
  p: string,
  dashed: boolean,
): LineSeries[] {
  return c.series.map((s) => ({ ...s, id: `${p}:${s.id}`, label: `${p}: ${s.label}`, dashed }));
}

/** Whether runs survive a reload in this browser, and how to compare two. */
function StorageNote() {
  const storage = useApp((s) => s.storage);
  if (storage?.kind === 'unavailable')
    return (
      <p className="explain" role="status" data-testid="storage-status">
        Runs are not kept after a reload: {storage.reason} The runs of this visit are listed here,
        newest first; pick any two as A and B to compare them.
      </p>
    );
  return (
    <p className="explain" data-testid="storage-status">
      {storage === null
        ? 'Checking whether this browser can keep runs… '
        : 'Every run is kept in this browser (IndexedDB), also after a reload, newest first. '}
      Pick any two as A and B to see them side by side, or overlaid when they are of the same kind.
    </p>
  );
}

/** One saved run: pick it as A or B, what it was, its exports and Delete. */
function RunItem({ run: r, compare }: { run: RunRecord; compare: readonly (string | null)[] }) {
  return (
    <li data-run={r.id}>
      {SIDES.map((side, i) => (
        <label key={side} className="xp-check">
          <input
            type="radio"
            name={`compare-${side.toLowerCase()}`}
            checked={compare[i] === r.id}
            onChange={() => setCompare(i === 0 ? 0 : 1, r.id)}
          />
          {side}
        </label>
      ))}
      <strong className="mono">{r.id}</strong>
      <span className="xp-tag">{KIND_LABELS[r.kind]}</span>
      {r.status !== 'done' && <span className="xp-tag warn">{r.status}</span>}
      <span className="muted">
        {new Date(r.createdAt).toLocaleString()} · {r.model} / {r.dataset} · {r.rows.length} rows ·{' '}
        {settingsText(r)}
      </span>
      <span className="spacer" />
      <ExportButtons run={r} />
      <button className="btn" onClick={() => void removeRun(r.id)} aria-label={`Delete ${r.id}`}>
        Delete
      </button>
    </li>
  );
}

/** The runs picked as A and B: side by side, or overlaid on one chart, and their results. */
function RunComparison({ picked }: { picked: (RunRecord | null)[] }) {
  const [overlay, setOverlay] = useState(false);
  const [ra, rb] = picked;
  const canOverlay = ra !== null && rb !== null && ra.kind === rb.kind;
  return (
    <>
      {(ra || rb) && (
        <label className="xp-check" style={{ opacity: canOverlay ? 1 : 0.5 }}>
          <input
            type="checkbox"
            checked={overlay && canOverlay}
            disabled={!canOverlay}
            onChange={(e) => setOverlay(e.target.checked)}
          />
          Overlay A and B on one chart (same kind of run; B dashed)
        </label>
      )}
      {overlay && canOverlay && ra && rb ? (
        <ChartCard
          title={`A ${ra.id} vs B ${rb.id}`}
          fileBase={`${ra.id}-vs-${rb.id}`}
          chart={{
            ...runChart(ra),
            series: [
              ...withPrefix(runChart(ra), 'A', false),
              ...withPrefix(runChart(rb), 'B', true),
            ],
            ariaLabel: 'Two runs overlaid',
          }}
        />
      ) : (
        <div className="xp-two">
          {picked.map((r, i) =>
            r ? (
              <ChartCard
                key={`${i}-${r.id}`}
                title={`${SIDES[i]}: ${r.id}`}
                fileBase={r.id}
                height={340}
                explain={settingsText(r)}
                chart={runChart(r)}
              />
            ) : null,
          )}
        </div>
      )}
      <div className="xp-two">
        {picked.map((r, i) =>
          r ? <ResultsTable key={`${i}-${r.id}`} run={r} title={`${SIDES[i]}: results`} /> : null,
        )}
      </div>
    </>
  );
}

/** The history list and the side-by-side comparison. */
export function HistoryTab(): ReactElement {
  const history = useExperiments((s) => s.history);
  const loaded = useExperiments((s) => s.historyLoaded);
  const compare = useExperiments((s) => s.compare);
  useEffect(() => {
    void loadHistory();
    void probeStorage();
  }, []);
  const picked = compare.map((id) => history.find((r) => r.id === id) ?? null);
  return (
    <div className="xp-main">
      <section className="panel xp-history" aria-label="Run history">
        <h2>Run history</h2>
        <StorageNote />
        {!loaded ? (
          <p className="muted">Reading the saved runs…</p>
        ) : history.length === 0 ? (
          <p className="muted">No runs yet: run a sweep, a sensitivity analysis or a schedule.</p>
        ) : (
          <ul>
            {history.map((r) => (
              <RunItem key={r.id} run={r} compare={compare} />
            ))}
          </ul>
        )}
      </section>
      <RunComparison picked={picked} />
    </div>
  );
}
