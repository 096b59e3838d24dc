// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from '@testing-library/react';
import { ConfusionMatrix, confusionIntensity } from './ConfusionMatrix.tsx';

afterEach(cleanup);

const matrix = [
  [90, 10, 0],
  [5, 40, 5],
  [0, 0, 1200],
];

describe('ConfusionMatrix', () => {
  it('row-normalised intensity', () => {
    const t = confusionIntensity(matrix);
    expect(t[0]).toEqual([0.9, 0.1, 0]);
    expect(t[1][1]).toBeCloseTo(0.8);
    expect(t[2][2]).toBe(1);
  });

  it('prints counts when cells are big enough, not when they are small', () => {
    const { container, rerender } = render(
      <ConfusionMatrix
        matrix={matrix}
        classNames={['0', '1', '2']}
        width={400}
        height={400}
        ariaLabel="confusion"
      />,
    );
    expect(container.querySelectorAll('[data-cell]')).toHaveLength(9);
    expect(container.querySelector('[data-cell="2,2"] text')!.textContent).toBe('1\u2009200');
    expect(container.querySelector('[data-cell="0,2"] text')).toBeNull(); // zero count left blank
    const opacity = (cell: string) =>
      Number(
        container
          .querySelector(`[data-cell="${cell}"] rect:nth-of-type(2)`)!
          .getAttribute('fill-opacity'),
      );
    expect(opacity('0,0')).toBeGreaterThan(opacity('0,1'));
    rerender(
      <ConfusionMatrix
        matrix={matrix}
        classNames={['0', '1', '2']}
        width={130}
        height={130}
        ariaLabel="confusion"
      />,
    );
    expect(container.querySelectorAll('[data-cell] text')).toHaveLength(0);
  });
});
