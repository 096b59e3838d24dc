// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { TimeLapse, type TimeLapseFrameData, type TimeLapseProps } from './TimeLapse.tsx';

beforeEach(() => {
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(() => null);
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  vi.useRealTimers();
});

/** Frames of a 4x4 dense kernel losing 4 more weights per frame, smallest |w| first. */
function frames(): TimeLapseFrameData[] {
  const weights = Float32Array.from({ length: 16 }, (_, i) => (i + 1) * (i % 2 ? -0.1 : 0.1));
  return [0, 1, 2, 3].map((k) => ({
    step: k * 10,
    sparsity: k / 4,
    accuracy: 0.97 - k * 0.05,
    weights,
    mask: Uint8Array.from({ length: 16 }, (_, i) => (i < 4 * k ? 0 : 1)),
  }));
}

/** The time-lapse of frames() on layer fc1, light theme, with `props` on top; onFrame is a spy. */
function renderLapse(props: Partial<TimeLapseProps> = {}) {
  const onFrame = vi.fn();
  const base: TimeLapseProps = {
    frames: frames(),
    layer: 'fc1',
    shape: [4, 4],
    layout: 'dense',
    theme: 'light',
    width: 300,
    heatmapHeight: 200,
    onFrame,
  };
  return { ...render(<TimeLapse {...base} {...props} />), onFrame };
}

describe('TimeLapse', () => {
  it('scrubs with the keyboard-operable range input and shows the frame’s numbers', () => {
    const { container, onFrame } = renderLapse();
    expect(screen.getByTestId('time-lapse-readout').textContent).toBe(
      'fc1 · batch 0 · sparsity 0.0% (layer 0.0% pruned) · training accuracy 97.0%',
    );
    const slider = screen.getByRole('slider', { name: 'Frame' });
    fireEvent.change(slider, { target: { value: '2' } });
    expect(container.querySelector('.time-lapse')!.getAttribute('data-frame')).toBe('2');
    expect(screen.getByTestId('time-lapse-readout').textContent).toBe(
      'fc1 · batch 20 · sparsity 50.0% (layer 50.0% pruned) · training accuracy 87.0%',
    );
    expect(onFrame).toHaveBeenLastCalledWith(2);
    // The histogram counts the frame's pruned weights as pruned.
    expect(container.textContent).toContain('3 / 4');
    const marker = container.querySelector('[data-role="frame-marker"]')!;
    const x2 = Number(marker.getAttribute('x1'));
    fireEvent.change(slider, { target: { value: '3' } });
    expect(
      Number(container.querySelector('[data-role="frame-marker"]')!.getAttribute('x1')),
    ).toBeGreaterThan(x2);
  });

  it('plays to the last frame and stops; Play again starts over', () => {
    vi.useFakeTimers();
    const { container } = renderLapse();
    const button = screen.getByRole('button', { name: 'Play' });
    fireEvent.click(button);
    expect(button.getAttribute('aria-pressed')).toBe('true');
    act(() => vi.advanceTimersByTime(400 * 5));
    expect(container.querySelector('.time-lapse')!.getAttribute('data-frame')).toBe('3');
    expect(screen.getByRole('button', { name: 'Play' }).getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(screen.getByRole('button', { name: 'Play' }));
    expect(container.querySelector('.time-lapse')!.getAttribute('data-frame')).toBe('0');
  });

  it('Space on the scrubber plays and pauses', () => {
    vi.useFakeTimers();
    const { container } = renderLapse();
    const slider = screen.getByRole('slider', { name: 'Frame' });
    fireEvent.keyDown(slider, { key: ' ' });
    expect(screen.getByRole('button', { name: 'Pause' }).getAttribute('aria-pressed')).toBe('true');
    act(() => vi.advanceTimersByTime(400));
    fireEvent.keyDown(slider, { key: ' ' });
    act(() => vi.advanceTimersByTime(400 * 3));
    expect(container.querySelector('.time-lapse')!.getAttribute('data-frame')).toBe('1');
    expect(screen.getByTestId('time-lapse-readout').textContent).toContain(
      'batch 10 · sparsity 25.0% (layer 25.0% pruned)',
    );
  });

  it('says how to get frames when there are none', () => {
    renderLapse({ frames: [], theme: 'dark', onFrame: undefined });
    expect(screen.getByText(/Run gradual pruning/)).toBeTruthy();
  });
});
