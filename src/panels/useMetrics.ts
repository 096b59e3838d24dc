import type { NetworkMetrics } from '../core/index.ts';
import { useApp } from '../store/index.ts';

/** Parameters, FLOPs and storage for the current masks (computed once per change, in the store). */
export function useMetrics(): NetworkMetrics | null {
  return useApp((s) => s.metrics);
}
