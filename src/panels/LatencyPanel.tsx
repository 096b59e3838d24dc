/**
 * A lesson step about latency, in presenter mode: the measured times of the dense, masked and
 * compacted models as big bars, and the sparse kernel's latency against sparsity, in the place of
 * the heatmap (the summary bar's card keeps the small version). Marked as a previous setup's when
 * the setup changed since the measurement; a button measures (again).
 */
import { BarChart } from '../charts/index.ts';
import { measureLatency } from '../store/actions.ts';
import { useApp } from '../store/index.ts';
import { selectLatencyStale } from '../store/selectors.ts';
import { crossoverSentence } from './sparseWords.ts';
import { SparseLatencyChart } from './SparseLatency.tsx';
import { useChartBox } from './useChartBox.ts';

export function LatencyPanel() {
  const latency = useApp((s) => s.latency?.result ?? null);
  const sparse = useApp((s) => s.sparseLatency?.result ?? null);
  const state = useApp((s) => s.latencyState);
  const stale = useApp(selectLatencyStale);
  const { ref, width, height } = useChartBox();
  const running = state === 'running';
  const chartWidth = sparse ? Math.floor((width - 16) / 2) : width;
  return (
    <section
      className="panel"
      aria-label="Latency"
      data-state={latency ? (stale ? 'stale' : 'current') : 'none'}
      aria-busy={running}
    >
      <div className="panel-head">
        <h2>Latency, batch of 64{latency ? ` · ${latency.backend}` : ''}</h2>
        <button className="btn" onClick={() => void measureLatency()} disabled={running}>
          {running ? 'Measuring…' : latency ? 'Measure again' : 'Measure latency'}
        </button>
      </div>
      <p className="stat-sub">
        {running
          ? 'Measuring the dense, masked and compacted models…'
          : !latency
            ? 'Not measured for this setup yet.'
            : stale
              ? 'Previous setup: measure again for this one.'
              : sparse
                ? crossoverSentence(sparse)
                : 'Masked weights cost as much time as dense ones; only compaction removes work.'}
      </p>
      <div ref={ref} className="chart-box latency-charts">
        {latency && width > 0 && (
          <BarChart
            bars={[
              { id: 'dense', label: 'dense', value: latency.denseMs },
              { id: 'masked', label: 'masked', value: latency.maskedMs },
              { id: 'compacted', label: 'compacted', value: latency.compactedMs },
            ]}
            valueFormat=".1f"
            valueLabel="ms per batch"
            width={chartWidth}
            height={height(240)}
            ariaLabel={`Latency per batch of 64: dense ${latency.denseMs.toFixed(1)} ms, masked ${latency.maskedMs.toFixed(1)} ms, compacted ${latency.compactedMs.toFixed(1)} ms`}
          />
        )}
        {latency && sparse && width > 0 && (
          <SparseLatencyChart r={sparse} width={chartWidth} height={height(240)} />
        )}
      </div>
    </section>
  );
}
