// @vitest-environment jsdom
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen } from '@testing-library/react';
import { storeOnSmallCnn, stubResizeObserver } from '../jsdom-support.ts';
import { OFFERED_METHODS } from '../../core/methods.ts';
import { SweepTab } from './SweepTab.tsx';

afterEach(cleanup);
beforeAll(stubResizeObserver);

beforeEach(() => {
  storeOnSmallCnn(0.5);
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
