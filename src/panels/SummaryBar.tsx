import { useLayoutEffect, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../store/index.ts';
import { measureLatency } from '../store/actions.ts';
import { selectAccuracy, selectLatencyStale } from '../store/selectors.ts';
import { SparseLatency } from './SparseLatency.tsx';
import { AccuracyNoise } from './AccuracyNoise.tsx';
import { useMetrics } from './useMetrics.ts';
import { fmtBytes, fmtCount, fmtFlops, fmtPct, fmtRatio } from './format.ts';

/** The accuracy of the setup on screen, or what is being computed for it. */
function AccuracyStat() {
  const view = useApp(useShallow(selectAccuracy));
  const landed = view.state === 'current' ? `${view.subset}@${view.version}` : null;
  useLayoutEffect(() => {
    if (landed) performance.mark('pl:accuracy', { detail: { kind: landed.split('@')[0] } });
  }, [landed]);
  let value = '—';
  let sub: ReactNode = '';
  if (view.state === 'current') {
    value = fmtPct(view.accuracy, 1);
    const d = view.delta;
    sub = (
      <>
        {d !== null && (
          <span className={d < -0.0005 ? 'delta-down' : d > 0.0005 ? 'delta-up' : ''}>
            {d >= 0 ? '+' : '−'}
            {(Math.abs(d) * 100).toFixed(1)} pts vs unpruned{' '}
          </span>
        )}
        {view.subset === 'full'
          ? `full test set (${fmtCount(view.n)})`
          : `preview (${fmtCount(view.n)} examples) · full test set computing…`}
      </>
    );
  } else if (view.state === 'computing') {
    value = view.recorded !== null ? fmtPct(view.recorded, 1) : 'computing…';
    sub =
      view.recorded !== null
        ? `recorded at pretraining · checking here (${view.what})…`
        : `${view.what}…${view.previous !== null ? ` · previous setup: ${fmtPct(view.previous, 1)}` : ''}`;
  } else if (view.state === 'error') {
    value = 'failed';
    sub = <span className="delta-down">{view.message}</span>;
  }
  return (
    <div className="stat">
      <span className="stat-label" id="acc-label">
        Test accuracy
      </span>
      <span
        className="stat-value"
        aria-labelledby="acc-label"
        role="status"
        data-testid="test-accuracy"
        data-state={view.state}
        data-version={view.version}
        data-kind={view.state === 'current' ? view.subset : view.state}
      >
        {value}
      </span>
      <span className="stat-sub" data-testid="accuracy-detail">
        {sub}
      </span>
      <AccuracyNoise />
    </div>
  );
}

/** Latency of dense, masked and compacted models; an older setup's figure is marked as such. */
function LatencyStat() {
  const latency = useApp((s) => s.latency);
  const state = useApp((s) => s.latencyState);
  const stale = useApp(selectLatencyStale);
  const ready = useApp((s) => s.status === 'ready');
  const r = latency?.result;
  return (
    <div className="stat">
      <span className="stat-label">Latency (batch 64)</span>
      {r ? (
        <>
          <span
            className="stat-value"
            data-testid="latency"
            data-state={stale ? 'stale' : 'current'}
            style={stale ? { opacity: 0.55 } : undefined}
          >
            {r.compactedMs.toFixed(1)} ms
          </span>
          <span className="stat-sub">
            {stale && <strong>previous setup · measure again · </strong>}
            dense {r.denseMs.toFixed(1)} · masked {r.maskedMs.toFixed(1)} · compacted{' '}
            {r.compactedMs.toFixed(1)} ms ({fmtCount(r.compactedParams)} params)
          </span>
        </>
      ) : null}
      <button
        className="btn"
        style={{ marginTop: 2, alignSelf: 'flex-start', padding: '2px 8px' }}
        onClick={() => void measureLatency()}
        disabled={state === 'running' || !ready}
      >
        {state === 'running' ? 'Measuring…' : r ? 'Measure again' : 'Measure latency'}
      </button>
      <SparseLatency />
      {typeof state === 'object' && <span className="stat-sub delta-down">{state.error}</span>}
    </div>
  );
}

/** Why parameters kept can rise when a layer is removed whole, in words. */
function removalNote(removed: string[]): string {
  const names = removed.join(', ');
  return `${names} removed whole (replaced by identity): its own weights are gone, but its slider's pruning no longer applies, so with a structured method the units it pruned no longer cut the next layer's inputs and "kept" can rise. Removing a layer is not the same as pruning it.`;
}

/** The numbers a class looks at: accuracy (and its change), parameters, FLOPs, size, latency. */
export function SummaryBar() {
  const metrics = useMetrics();
  const removed = useApp(
    useShallow((s) =>
      Object.entries(s.config.layers)
        .filter(([, l]) => l.removed)
        .map(([k]) => k),
    ),
  );
  const t = metrics?.total;
  const size = t
    ? (
        [
          { format: 'dense float32', bytes: t.bytesDense },
          { format: 'bitmask + values', bytes: t.bytesBitmask },
          { format: 'CSR', bytes: t.bytesCsr },
          { format: 'compacted', bytes: t.bytesCompacted },
        ] as const
      ).reduce((a, b) => (b.bytes < a.bytes ? b : a))
    : null;
  return (
    <section className="summary" aria-label="Summary">
      <AccuracyStat />
      <div className="stat">
        <span className="stat-label">Parameters kept</span>
        <span className="stat-value" data-testid="params-kept">
          {t ? fmtCount(t.nonzeros) : '—'}
        </span>
        <span className="stat-sub">
          {t ? `of ${fmtCount(t.elements)} · ${fmtPct(1 - t.sparsity, 1)} kept` : ''}
        </span>
        {removed.length > 0 && (
          <span className="stat-sub" data-testid="removal-note">
            {removalNote(removed)}
          </span>
        )}
      </div>
      <div className="stat">
        <span className="stat-label">FLOPs (theoretical)</span>
        <span className="stat-value">
          {t ? (t.flopsRatio < 1.005 ? 'no saving' : `${fmtRatio(t.flopsRatio)} fewer`) : '—'}
        </span>
        <span className="stat-sub">
          {t ? `${fmtFlops(t.prunedFlops)} of ${fmtFlops(t.denseFlops)} per example` : ''}
        </span>
      </div>
      <div className="stat">
        <span className="stat-label">Model size</span>
        <span className="stat-value" data-testid="model-size">
          {size ? fmtBytes(size.bytes) : '—'}
        </span>
        <span className="stat-sub">
          {t && size
            ? `as ${size.format}; dense ${fmtBytes(t.bytesDense)}, CSR ${fmtBytes(t.bytesCsr)}, compacted ${fmtBytes(t.bytesCompacted)}`
            : ''}
        </span>
      </div>
      <LatencyStat />
    </section>
  );
}
