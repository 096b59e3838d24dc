// @vitest-environment jsdom
/**
 * The workbench's charts wait for the model's first result: until then the readout's evaluation
 * has the machine to itself; then they mount, one per task.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { useApp } from '../store/index.ts';
import { storeOnSmallCnn, stubResizeObserver } from './jsdom-support.ts';
import { Workbench } from './Workbench.tsx';

afterEach(cleanup);
beforeEach(() => {
  stubResizeObserver();
  storeOnSmallCnn(0.5);
});

const sparsityChart = () => screen.queryByRole('region', { name: 'Sparsity per layer' });

describe('Workbench', () => {
  it('mounts its charts only once the first evaluation is in (or failed)', async () => {
    render(<Workbench />);
    await new Promise((r) => setTimeout(r, 50));
    expect(sparsityChart()).toBeNull();
    act(() => useApp.setState({ evalError: 'The engine stopped.' }));
    await waitFor(() => expect(sparsityChart()).not.toBeNull());
  });
});
