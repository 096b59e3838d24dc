import { useMemo } from 'react';
import { networkMetrics } from '../core/index.ts';
import { useApp } from '../store/index.ts';

/** Parameters, FLOPs and storage for the current masks (recomputed when the masks change). */
export function useMetrics() {
  const graph = useApp((s) => s.graph);
  const masks = useApp((s) => s.masks);
  return useMemo(() => (graph ? networkMetrics(graph, masks) : null), [graph, masks]);
}
