/**
 * The sparse kernel's figures in words: where (if anywhere) it beats the dense path on this
 * machine, and the two series of the latency-vs-sparsity chart.
 */
import type { SparseLatencyResult } from '../engine/api.ts';

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** "At 93% sparsity the sparse kernel beats dense on this machine", or that it never does. */
export function crossoverSentence(r: SparseLatencyResult): string {
  const top = r.points.length ? Math.max(...r.points.map((p) => p.sparsity)) : 0;
  if (r.crossover === null)
    return `The sparse kernel never beats dense on this machine, up to ${pct(top)} sparsity.`;
  return `At ${pct(r.crossover)} sparsity the sparse kernel beats dense on this machine.`;
}

/** Latency (ms) against sparsity (0..1): one series per path, sorted by sparsity. */
export function sparseSeries(r: SparseLatencyResult): {
  id: string;
  label: string;
  points: { x: number; y: number }[];
  dashed?: boolean;
}[] {
  const pts = r.points.slice().sort((a, b) => a.sparsity - b.sparsity);
  return [
    { id: 'dense', label: 'dense', points: pts.map((p) => ({ x: p.sparsity, y: p.denseMs })) },
    {
      id: 'sparse',
      label: 'sparse (CSR)',
      points: pts.map((p) => ({ x: p.sparsity, y: p.sparseMs })),
      dashed: true,
    },
  ];
}
