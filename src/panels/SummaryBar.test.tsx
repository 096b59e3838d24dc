// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen } from '@testing-library/react';
import { computeMasks, networkMetrics } from '../core/index.ts';
import { layerConfig, randomWeights, removableCnn } from '../core/fixture-graphs.ts';
import type { MethodId } from '../core/types.ts';
import { initialState, useApp } from '../store/index.ts';
import { SummaryBar } from './SummaryBar.tsx';

afterEach(cleanup);
beforeEach(() => useApp.setState(initialState, true));

const graph = removableCnn();
const weights = randomWeights(graph, 3);

/** The store as after applying `method` at 50% on every layer, conv2 removed or not (setup version 5). */
function showSetup(method: MethodId, removed: boolean): void {
  const config = layerConfig(graph, method, 0.5, { conv2: { removed } });
  const masks = computeMasks(graph, weights, config);
  useApp.setState({
    status: 'ready',
    graph,
    weights,
    config,
    masks,
    metrics: networkMetrics(graph, masks),
    maskVersion: 5,
    masksVersion: 5,
  });
}

const note = () => screen.queryByTestId('removal-note');

describe('SummaryBar: removing a layer whole', () => {
  it('explains from the setup numbers why parameters kept rise with a structured method', () => {
    showSetup('l1-structured', false);
    render(<SummaryBar />);
    expect(note()).toBeNull();
    const keptBefore = screen.getByTestId('params-kept').textContent;

    act(() => showSetup('l1-structured', true));
    // 38 of conv2's 148 kept before, none after; dense1 gets back 32 input rows in 3 kept columns.
    const total = useApp.getState().metrics!.total;
    expect(screen.getByTestId('params-kept').textContent).not.toBe(keptBefore);
    const lines = [...note()!.querySelectorAll('span')].map((s) => s.textContent);
    const before = total.nonzeros - 96 + 38;
    const pct = (n: number) => `${((n / total.elements) * 100).toFixed(1)}%`;
    expect(lines).toEqual([
      `Removing conv2: parameters kept rise from ${pct(before)} to ${pct(total.nonzeros)} (${before} → ${total.nonzeros}).`,
      "dense1 keeps 96 more (99 → 195): the 2 filters conv2's slider pruned no longer cut its inputs.",
      'conv2 keeps none of its 148 (38 → 0): it is replaced by identity.',
    ]);
  });

  it('with per-weight magnitude only the removed layer changes, and kept falls', () => {
    showSetup('magnitude', true);
    render(<SummaryBar />);
    expect(note()!.textContent).toMatch(/parameters kept fall from .* \(\d+ → \d+\)\./);
    expect(note()!.textContent).toContain('conv2 keeps none of its 148 (76 → 0)');
    expect(note()!.textContent).not.toContain('dense1');
  });

  it('says it is working while the masks of a newer setup are computed', () => {
    showSetup('l1-structured', true);
    render(<SummaryBar />);
    act(() => useApp.setState({ maskVersion: 6 }));
    expect(note()!.textContent).toBe('Working out what removing the layer changes…');
  });
});

describe('SummaryBar: the latency card', () => {
  const result = {
    denseMs: 4.2,
    maskedMs: 4.4,
    compactedMs: 3.1,
    batch: 64,
    compactedParams: 120,
    denseParams: 480,
    maxAbsDiff: 0,
  };

  it("marks a figure measured for an earlier setup as the previous setup's until measured again", () => {
    showSetup('magnitude', false);
    useApp.setState({ latency: { result, version: 5 } });
    render(<SummaryBar />);
    const value = screen.getByTestId('latency');
    expect(value.dataset.state).toBe('current');
    expect(screen.getByTestId('latency-detail').textContent).not.toContain('previous setup');

    act(() => showSetup('magnitude', true));
    act(() => useApp.setState({ maskVersion: 6, masksVersion: 6 }));
    expect(screen.getByTestId('latency').dataset.state).toBe('stale');
    expect(screen.getByTestId('latency-detail').textContent).toMatch(
      /^previous setup · measure again/,
    );
    expect(screen.getByRole('button', { name: 'Measure again' })).toBeTruthy();

    act(() => useApp.setState({ latency: { result, version: 6 } }));
    expect(screen.getByTestId('latency').dataset.state).toBe('current');
  });
});
