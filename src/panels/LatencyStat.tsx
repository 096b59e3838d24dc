import { useApp } from '../store/index.ts';
import { measureLatency } from '../store/actions.ts';
import { selectLatencyStale } from '../store/selectors.ts';
import { SparseLatency } from './SparseLatency.tsx';
import { fmtCount } from './format.ts';

/**
 * Latency of the dense, masked and compacted models. A figure measured for an earlier setup stays
 * readable but is marked as the previous setup's (data-state="stale", greyed, in words) until it is
 * measured again.
 */
export function LatencyStat() {
  const latency = useApp((s) => s.latency);
  const state = useApp((s) => s.latencyState);
  const stale = useApp(selectLatencyStale);
  const ready = useApp((s) => s.status === 'ready');
  const r = latency?.result;
  return (
    <div className="stat latency-stat" data-state={r ? (stale ? 'stale' : 'current') : 'none'}>
      <span className="stat-label">Latency (batch 64)</span>
      {r ? (
        <>
          <span
            className="stat-value"
            data-testid="latency"
            data-state={stale ? 'stale' : 'current'}
          >
            {r.compactedMs.toFixed(1)} ms
          </span>
          <span className="stat-sub" data-testid="latency-detail">
            {stale && <strong>previous setup · measure again · </strong>}
            dense {r.denseMs.toFixed(1)} · masked {r.maskedMs.toFixed(1)} · compacted{' '}
            {r.compactedMs.toFixed(1)} ms ({fmtCount(r.compactedParams)} params)
          </span>
        </>
      ) : null}
      <button
        className="btn stat-action"
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
