import { useLayoutEffect, useState } from 'react';
import { useApp } from '../store/index.ts';
import { getEngine } from '../engine/client.ts';
import type { LatencyResult } from '../engine/api.ts';
import { errorText } from '../store/actions.ts';
import { useMetrics } from './useMetrics.ts';
import { fmtBytes, fmtCount, fmtFlops, fmtPct, fmtRatio } from './format.ts';

/** The numbers a class looks at: accuracy (and its change), parameters, FLOPs, size, latency. */
export function SummaryBar() {
  const preview = useApp((s) => s.preview);
  const full = useApp((s) => s.full);
  const maskVersion = useApp((s) => s.maskVersion);
  const pretrained = useApp((s) => s.pretrainedAccuracy);
  const baseline = useApp((s) => s.baseline);
  const baselinePreview = useApp((s) => s.baselinePreview);
  const masks = useApp((s) => s.masks);
  const status = useApp((s) => s.status);
  const metrics = useMetrics();
  const [latency, setLatency] = useState<LatencyResult | null>(null);
  const [latencyState, setLatencyState] = useState<'idle' | 'running' | string>('idle');

  const current = full && full.version === maskVersion ? full : preview;
  const isFull = current === full && current !== null;
  const stale = current !== null && current.version !== maskVersion;
  const reference =
    (isFull ? baseline?.accuracy : baselinePreview?.accuracy) ?? (isFull ? pretrained : null);
  const delta = current && reference !== null ? current.accuracy - reference : null;
  useLayoutEffect(() => {
    if (current && !stale)
      performance.mark('pl:accuracy', { detail: { kind: isFull ? 'full' : 'preview' } });
  }, [current, isFull, stale]);

  const measure = async () => {
    setLatencyState('running');
    try {
      setLatency(await getEngine().latency(masks, 64));
      setLatencyState('idle');
    } catch (e) {
      setLatencyState(errorText(e));
    }
  };

  const t = metrics?.total;
  // Before the first evaluation of an unpruned model, the checkpoint's recorded test accuracy (of
  // exactly these weights) is shown, marked as such, until the engine's own value arrives.
  const recorded =
    !current && t !== undefined && t.weightsKept === t.weights && pretrained !== null;
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
      <div className="stat">
        <span className="stat-label" id="acc-label">
          Test accuracy
        </span>
        <span
          className="stat-value"
          aria-labelledby="acc-label"
          role="status"
          data-testid="test-accuracy"
          data-kind={isFull ? 'full' : current ? 'preview' : recorded ? 'recorded' : 'none'}
          style={stale ? { opacity: 0.6 } : undefined}
        >
          {current
            ? fmtPct(current.accuracy, 1)
            : recorded && pretrained !== null
              ? fmtPct(pretrained, 1)
              : status === 'ready'
                ? '…'
                : '—'}
        </span>
        <span className="stat-sub">
          {delta !== null && (
            <span className={delta < -0.0005 ? 'delta-down' : delta > 0.0005 ? 'delta-up' : ''}>
              {delta >= 0 ? '+' : '−'}
              {(Math.abs(delta) * 100).toFixed(1)} pts{' '}
            </span>
          )}
          {current
            ? isFull
              ? `full test set (${fmtCount(current.n)})`
              : `preview (${fmtCount(current.n)}) · full set running`
            : recorded
              ? 'recorded at pretraining · checking here…'
              : ''}
        </span>
      </div>
      <div className="stat">
        <span className="stat-label">Parameters kept</span>
        <span className="stat-value" data-testid="params-kept">
          {t ? fmtCount(t.nonzeros) : '—'}
        </span>
        <span className="stat-sub">
          {t ? `of ${fmtCount(t.elements)} · ${fmtPct(1 - t.sparsity, 1)} kept` : ''}
        </span>
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
      <div className="stat">
        <span className="stat-label">Latency (batch 64)</span>
        {latency ? (
          <>
            <span className="stat-value" data-testid="latency">
              {latency.compactedMs.toFixed(1)} ms
            </span>
            <span className="stat-sub">
              dense {latency.denseMs.toFixed(1)} · masked {latency.maskedMs.toFixed(1)} · compacted{' '}
              {latency.compactedMs.toFixed(1)} ms ({fmtCount(latency.compactedParams)} params)
            </span>
          </>
        ) : null}
        <button
          className="btn"
          style={{ marginTop: 2, alignSelf: 'flex-start', padding: '2px 8px' }}
          onClick={() => void measure()}
          disabled={latencyState === 'running' || status !== 'ready'}
        >
          {latencyState === 'running'
            ? 'Measuring…'
            : latency
              ? 'Measure again'
              : 'Measure latency'}
        </button>
        {latencyState !== 'idle' && latencyState !== 'running' && (
          <span className="stat-sub delta-down">{latencyState}</span>
        )}
      </div>
    </section>
  );
}
