// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { stubResizeObserver } from './jsdom-support.ts';
import { Help, Tip } from './Tip.tsx';

afterEach(cleanup);

beforeAll(stubResizeObserver);

function renderTip() {
  render(
    <>
      <button>before</button>
      <Tip text="Train on one batch, then stop">
        <button>Step</button>
      </Tip>
    </>,
  );
  return screen.getByRole('button', { name: 'Step' });
}

describe('Tip', () => {
  it('shows its text when the control takes keyboard focus, as the control description', async () => {
    const step = renderTip();
    expect(screen.queryByRole('tooltip')).toBeNull();
    act(() => step.focus());
    const tip = await screen.findByRole('tooltip');
    expect(tip.textContent).toBe('Train on one batch, then stop');
    expect(step.getAttribute('aria-describedby')).toBe(tip.id);
  });

  it('is dismissed by Escape and closes when focus moves on', async () => {
    const step = renderTip();
    act(() => step.focus());
    await screen.findByRole('tooltip');
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('tooltip')).toBeNull());
    expect(document.activeElement).toBe(step);

    act(() => step.blur());
    act(() => step.focus());
    await screen.findByRole('tooltip');
    act(() => screen.getByRole('button', { name: 'before' }).focus());
    await waitFor(() => expect(screen.queryByRole('tooltip')).toBeNull());
  });

  it('shows its text on hover (after a short delay); Escape dismisses it', async () => {
    const step = renderTip();
    fireEvent.pointerMove(step, { pointerType: 'mouse' });
    const tip = await screen.findByRole('tooltip', {}, { timeout: 2000 });
    expect(tip.textContent).toBe('Train on one batch, then stop');
    fireEvent.keyDown(document.body, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('tooltip')).toBeNull());
  });

  it('Help is a focusable "?" button named after its subject', async () => {
    render(<Help about="the confidence interval" text="95% Wilson interval" />);
    const help = screen.getByRole('button', { name: 'About the confidence interval' });
    act(() => help.focus());
    expect((await screen.findByRole('tooltip')).textContent).toBe('95% Wilson interval');
  });

  it('an empty text leaves the control as it is', () => {
    render(
      <Tip text="">
        <button>Plain</button>
      </Tip>,
    );
    const b = screen.getByRole('button', { name: 'Plain' });
    act(() => b.focus());
    expect(screen.queryByRole('tooltip')).toBeNull();
    expect(b.hasAttribute('data-state')).toBe(false);
  });
});
