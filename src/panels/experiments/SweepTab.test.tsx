// @vitest-environment jsdom
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen } from '@testing-library/react';
import { stubResizeObserver } from '../jsdom-support.ts';
import { layerConfig, randomWeights, removableCnn } from '../../core/fixture-graphs.ts';
import { OFFERED_METHODS } from '../../core/methods.ts';
import { initialState, useApp } from '../../store/index.ts';
import { SweepTab } from './SweepTab.tsx';

afterEach(cleanup);
beforeAll(stubResizeObserver);

const graph = removableCnn();
beforeEach(() => {
  useApp.setState(initialState, true);
  useApp.setState({
    status: 'ready',
    graph,
    weights: randomWeights(graph, 5),
    config: layerConfig(graph, 'magnitude', 0.5),
  });
});

describe('SweepTab', () => {
  it('offers every method as a check box whose explanation shows on keyboard focus', async () => {
    render(<SweepTab />);
    for (const m of OFFERED_METHODS)
      expect(screen.getByRole('checkbox', { name: m.label })).toBeTruthy();
    const m = OFFERED_METHODS[1];
    const box = screen.getByRole('checkbox', { name: m.label });
    act(() => box.focus());
    const tip = await screen.findByRole('tooltip');
    expect(tip.textContent).toBe(m.short);
    expect(box.getAttribute('aria-describedby')).toBe(tip.id);
  });
});
