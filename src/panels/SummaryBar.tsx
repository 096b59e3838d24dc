import { useLayoutEffect, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../store/index.ts';
import type { SizeMetrics } from '../core/index.ts';
import { selectAccuracy } from '../store/selectors.ts';
import { removedLayerNames, selectRemovalEffect } from '../store/removal.ts';
import { AccuracyNoise } from './AccuracyNoise.tsx';
import { LatencyStat } from './LatencyStat.tsx';
import { removalSentences } from './removalWords.ts';
import { Stat } from './Stat.tsx';
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

/** Why "parameters kept" moved with the layers removed whole, from the setup's own numbers. */
function RemovalNote() {
  const removing = useApp((s) => removedLayerNames(s).length > 0);
  const effect = useApp(selectRemovalEffect);
  if (!removing) return null;
  return (
    <p className="removal-note" data-testid="removal-note" aria-live="polite">
      {effect ? (
        removalSentences(effect).map((line) => <span key={line}>{line}</span>)
      ) : (
        <span>Working out what removing the layer changes…</span>
      )}
    </p>
  );
}

/** The smallest of the storage formats (the one the model size shows). */
function smallestFormat(t: SizeMetrics): { format: string; bytes: number } {
  return (
    [
      { format: 'dense float32', bytes: t.bytesDense },
      { format: 'bitmask + values', bytes: t.bytesBitmask },
      { format: 'CSR', bytes: t.bytesCsr },
      { format: 'compacted', bytes: t.bytesCompacted },
    ] as const
  ).reduce((a, b) => (b.bytes < a.bytes ? b : a));
}

/** The numbers a class looks at: accuracy (and its change), parameters, FLOPs, size, latency. */
export function SummaryBar() {
  const t = useMetrics()?.total;
  const size = t ? smallestFormat(t) : null;
  return (
    <section className="summary" aria-label="Summary">
      <AccuracyStat />
      <Stat
        label="Parameters kept"
        testId="params-kept"
        value={t ? fmtCount(t.nonzeros) : '—'}
        sub={t ? `of ${fmtCount(t.elements)} · ${fmtPct(1 - t.sparsity, 1)} kept` : ''}
      />
      <Stat
        label="FLOPs (theoretical)"
        value={t ? (t.flopsRatio < 1.005 ? 'no saving' : `${fmtRatio(t.flopsRatio)} fewer`) : '—'}
        sub={t ? `${fmtFlops(t.prunedFlops)} of ${fmtFlops(t.denseFlops)} per example` : ''}
      />
      <Stat
        label="Model size"
        testId="model-size"
        value={size ? fmtBytes(size.bytes) : '—'}
        sub={
          t && size
            ? `as ${size.format}; dense ${fmtBytes(t.bytesDense)}, CSR ${fmtBytes(t.bytesCsr)}, compacted ${fmtBytes(t.bytesCompacted)}`
            : ''
        }
      />
      <LatencyStat />
      <RemovalNote />
    </section>
  );
}
