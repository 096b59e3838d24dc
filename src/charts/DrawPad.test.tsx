// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { centreOfMass } from '../data/drawing.ts';
import { DrawPad } from './DrawPad.tsx';

afterEach(cleanup);

function stroke(el: Element, pts: [number, number][], pointerType = 'mouse'): void {
  const [first, ...rest] = pts;
  fireEvent.pointerDown(el, { pointerId: 1, pointerType, clientX: first[0], clientY: first[1] });
  for (const [x, y] of rest)
    fireEvent.pointerMove(el, { pointerId: 1, pointerType, clientX: x, clientY: y });
  fireEvent.pointerUp(el, { pointerId: 1, pointerType });
}

describe('DrawPad', () => {
  it('emits an MNIST-like 28x28 image at the end of each stroke, from any pointer', () => {
    const onDigit = vi.fn();
    render(<DrawPad size={200} onDigit={onDigit} />);
    const pad = screen.getByRole('img');
    // A vertical bar drawn with a pen near the left edge: a "1".
    stroke(
      pad,
      [
        [30, 20],
        [30, 100],
        [30, 180],
      ],
      'pen',
    );
    expect(onDigit).toHaveBeenCalledTimes(1);
    const img = onDigit.mock.calls[0][0] as Float32Array;
    expect(img).toBeInstanceOf(Float32Array);
    expect(img).toHaveLength(784);
    expect(Math.max(...img)).toBeLessThanOrEqual(1);
    const [cx, cy] = centreOfMass(img, 28, 28)!;
    expect(Math.abs(cx - 13.5)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(cy - 13.5)).toBeLessThanOrEqual(0.5);
    // A touch stroke adds to the same drawing: the ink grows.
    stroke(
      pad,
      [
        [30, 100],
        [150, 100],
      ],
      'touch',
    );
    const both = onDigit.mock.calls[1][0] as Float32Array;
    const ink = (a: Float32Array) => a.reduce((s, v) => s + v, 0);
    expect(ink(both)).toBeGreaterThan(ink(img));
  });

  it('clears with the button and with Delete on the focused pad', () => {
    const onDigit = vi.fn();
    render(<DrawPad size={100} onDigit={onDigit} />);
    const pad = screen.getByRole('img');
    stroke(pad, [
      [50, 10],
      [50, 90],
    ]);
    fireEvent.click(screen.getByRole('button', { name: 'Clear' }));
    expect(onDigit).toHaveBeenLastCalledWith(null);
    stroke(pad, [
      [10, 50],
      [90, 50],
    ]);
    expect(onDigit.mock.lastCall?.[0]).toBeInstanceOf(Float32Array);
    pad.focus();
    expect(document.activeElement).toBe(pad);
    fireEvent.keyDown(pad, { key: 'Delete' });
    expect(onDigit).toHaveBeenLastCalledWith(null);
    // After clearing, a new stroke starts a fresh drawing (a horizontal bar, wider than tall).
    stroke(pad, [
      [10, 50],
      [90, 50],
    ]);
    const img = onDigit.mock.lastCall?.[0] as Float32Array;
    const rows = new Set<number>();
    img.forEach((v, i) => v > 0.05 && rows.add(Math.floor(i / 28)));
    expect(rows.size).toBeLessThan(10);
  });
});
