// @vitest-environment jsdom
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { storeOnSmallCnn, stubResizeObserver } from '../jsdom-support.ts';
import { countToPrune } from '../../core/masks.ts';
import { MaskCompareTab } from './MaskCompareTab.tsx';

afterEach(cleanup);
beforeAll(stubResizeObserver);

beforeEach(() => {
  storeOnSmallCnn(0.8);
});

/** The numbers beside the Jaccard index: both, either, A, B, size. */
function counts(): number[] {
  const text = screen.getByTestId('jaccard').parentElement!.textContent ?? '';
  return [...text.matchAll(/(?:both|either|by A|by B|of) ([\d\s]+)/g)].map((m) =>
    Number(m[1].replace(/\s/g, '')),
  );
}

describe('MaskCompareTab', () => {
  it('compares magnitude and random on conv1 at the global sparsity: counts and Jaccard agree', () => {
    render(<MaskCompareTab />);
    const [both, either, a, b, size] = counts();
    // conv1's kernel is 3·3·1·4 = 36 weights; both methods prune round(0.8 · 36) of them.
    expect(size).toBe(36);
    expect(a).toBe(countToPrune(36, 0.8));
    expect(b).toBe(countToPrune(36, 0.8));
    expect(either).toBe(a + b - both);
    expect(screen.getByTestId('jaccard').textContent).toBe(
      `${((both / either) * 100).toFixed(1)}%`,
    );
  });

  it('a method against itself overlaps fully, on whichever layer is picked', () => {
    render(<MaskCompareTab />);
    fireEvent.change(screen.getByLabelText('Method B'), { target: { value: 'magnitude' } });
    fireEvent.change(screen.getByLabelText('Layer'), { target: { value: 'dense1' } });
    expect(screen.getByTestId('jaccard').textContent).toBe('100.0%');
    const [both, either, , , size] = counts();
    expect(size).toBe(64 * 5);
    expect(both).toBe(either);
  });
});
