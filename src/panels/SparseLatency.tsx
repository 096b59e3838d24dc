/**
 * The sparse kernel beside the latency readout: its time at this setup, the crossover in words,
 * and a chart of latency against sparsity (dense vs sparse). Marked as a previous setup's when the
 * setup changed since it was measured.
 */
import { LineChart } from '../charts/LineChart.tsx';
import { useApp } from '../store/index.ts';
import { selectLatencyStale } from '../store/selectors.ts';
import { crossoverSentence, sparseSeries } from './sparseWords.ts';
import { ChartDownload } from './ChartDownload.tsx';
import type { SparseLatencyResult } from '../engine/api.ts';

/** Latency of the dense and sparse paths against sparsity, with the crossover in its label. */
export function SparseLatencyChart({
  r,
  width,
  height,
}: {
  r: SparseLatencyResult;
  width: number;
  height: number;
}) {
  return (
    <LineChart
      series={sparseSeries(r)}
      xLabel="sparsity"
      yLabel={`ms per batch of ${r.batch}`}
      xDomain={[0, 1]}
      xFormat=".0%"
      yFormat=".1f"
      width={width}
      height={height}
      legend
      ariaLabel={`Latency of the dense and sparse paths against sparsity on ${r.backend}. ${crossoverSentence(r)}`}
    />
  );
}

export function SparseLatency() {
  const sparse = useApp((s) => s.sparseLatency);
  const stale = useApp(selectLatencyStale);
  const running = useApp((s) => s.latencyState === 'running');
  if (!sparse) return running ? <span className="stat-sub">sparse kernel: measuring…</span> : null;
  const r = sparse.result;
  if (!r) return <span className="stat-sub">no sparse kernel for recurrent layers</span>;
  return (
    <div
      className="stat-sub sparse-latency"
      data-testid="sparse-latency"
      data-state={stale ? 'stale' : 'current'}
    >
      <span>
        sparse (CSR) {r.current.sparseMs.toFixed(1)} ms vs dense {r.current.denseMs.toFixed(1)} ms ·{' '}
        {crossoverSentence(r)}
      </span>
      <details>
        <summary>Latency vs sparsity</summary>
        <ChartDownload
          scope=".sparse-latency"
          title="latency chart"
          file="latency"
          detail={`batch ${r.batch} on ${r.backend}`}
        />
        <SparseLatencyChart r={r} width={340} height={200} />
      </details>
    </div>
  );
}
