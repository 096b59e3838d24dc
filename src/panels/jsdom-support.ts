/** Set-up the panels' jsdom tests share. */
import { vi } from 'vitest';
import { layerConfig, randomWeights, removableCnn } from '../core/fixture-graphs.ts';
import { initialState, useApp } from '../store/index.ts';

/**
 * jsdom lays nothing out and has no ResizeObserver: installs one that never reports, so sizes
 * stay 0 (a chart waiting for a width draws nothing) and a tooltip's positioning can run.
 */
export function stubResizeObserver(): void {
  vi.stubGlobal(
    'ResizeObserver',
    class {
      observe(): void {}
      unobserve(): void {}
      disconnect(): void {}
    },
  );
}

/** The store reset, then ready on the small removable CNN with seeded weights, every layer at
 * `sparsity` by per-layer magnitude. */
export function storeOnSmallCnn(sparsity: number): void {
  const graph = removableCnn();
  useApp.setState(initialState, true);
  useApp.setState({
    status: 'ready',
    graph,
    weights: randomWeights(graph, 5),
    config: layerConfig(graph, 'magnitude', sparsity),
  });
}
