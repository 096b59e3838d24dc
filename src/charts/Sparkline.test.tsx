// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from '@testing-library/react';
import { Sparkline, sparklinePath } from './Sparkline.tsx';

afterEach(cleanup);

describe('Sparkline', () => {
  it('one path vertex per finite value, last point dotted at the right edge', () => {
    const values = new Float32Array([2.3, 1.9, NaN, 1.2, 0.8, 0.6]);
    const { d, last } = sparklinePath(values, 120, 24);
    expect((d.match(/[ML]/g) ?? []).length).toBe(5);
    expect(last!.x).toBeCloseTo(117);
    expect(last!.y).toBeCloseTo(21); // the minimum sits at the bottom
    const { container, getByRole } = render(
      <Sparkline values={values} width={120} height={24} ariaLabel="loss" />,
    );
    expect(getByRole('img', { name: 'loss' })).toBeTruthy();
    expect(container.querySelector('circle')).toBeTruthy();
  });

  it('empty data draws nothing', () => {
    expect(sparklinePath([], 100, 20)).toEqual({ d: '', last: null });
  });
});
