// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from '@testing-library/react';
import { predictedClass, ProbabilityBars } from './ProbabilityBars.tsx';

afterEach(cleanup);

const NAMES = Array.from({ length: 10 }, (_, c) => String(c));
const onehot = (k: number, p: number) => NAMES.map((_, c) => (c === k ? p : (1 - p) / 9));

describe('ProbabilityBars', () => {
  it('shows both models with each predicted class highlighted and bar lengths by probability', () => {
    const { container } = render(
      <ProbabilityBars
        unpruned={onehot(7, 0.9)}
        pruned={onehot(1, 0.6)}
        classNames={NAMES}
        width={400}
        ariaLabel="Drawn digit"
      />,
    );
    const a = container.querySelector('[data-model="unpruned"]')!;
    const b = container.querySelector('[data-model="pruned"]')!;
    expect(a.getAttribute('data-predicted')).toBe('7');
    expect(b.getAttribute('data-predicted')).toBe('1');
    expect(a.querySelector('[data-top]')!.getAttribute('data-class')).toBe('7');
    expect(b.querySelector('[data-top]')!.getAttribute('data-class')).toBe('1');
    const bar = (g: Element, c: number) =>
      Number(g.querySelectorAll(`[data-class="${c}"] rect`)[1].getAttribute('width'));
    expect(bar(a, 7)).toBeGreaterThan(bar(b, 7));
    expect(bar(b, 1) / bar(a, 7)).toBeCloseTo(0.6 / 0.9, 2);
    expect(a.textContent).toContain('90%');
    expect(container.querySelector('svg')!.getAttribute('aria-label')).toContain(
      'Unpruned: 7; Pruned: 1',
    );
  });

  it('shows empty columns while nothing is drawn', () => {
    const { container } = render(
      <ProbabilityBars
        unpruned={null}
        pruned={null}
        classNames={NAMES}
        width={300}
        ariaLabel="x"
      />,
    );
    expect(container.querySelector('[data-predicted]')).toBeNull();
    expect(container.textContent).not.toContain('%');
    expect(predictedClass([0.2, 0.5, 0.3])).toBe(1);
    expect(predictedClass(null)).toBe(-1);
  });
});
