// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { COSTS, KINDS } from '../../lessons/course-basics.ts';
import { observe } from '../../lessons/fixtures.ts';
import type { Lesson, LessonObservation } from '../../lessons/types.ts';
import { LessonPanel, type LessonPanelProps } from './LessonPanel.tsx';

afterEach(cleanup);

function renderPanel(
  lesson: Lesson,
  position: number,
  observation: LessonObservation | null,
  extra: Partial<LessonPanelProps> = {},
) {
  const onNavigate = vi.fn();
  const onChecked = vi.fn();
  const onToggle = vi.fn();
  const r = render(
    <LessonPanel
      lesson={lesson}
      position={position}
      observation={observation}
      collapsed={false}
      onToggle={onToggle}
      onNavigate={onNavigate}
      onChecked={onChecked}
      shortcuts
      {...extra}
    />,
  );
  return { ...r, onNavigate, onChecked, onToggle };
}

let first: LessonObservation;
let smallest: LessonObservation;
beforeAll(async () => {
  first = await observe(KINDS.steps[0].scene);
  smallest = await observe(COSTS.steps[1].scene);
}, 60_000);

describe('LessonPanel', () => {
  it('shows progress, the step and its question; Enter checks a typed answer', () => {
    const { onChecked } = renderPanel(KINDS, 0, first);
    expect(screen.getByText(`Step 1 of ${KINDS.steps.length}`)).toBeTruthy();
    expect(screen.getByRole('heading', { name: KINDS.steps[0].title })).toBeTruthy();
    const input = screen.getByLabelText(KINDS.steps[0].prompt);
    fireEvent.change(input, { target: { value: '5' } });
    fireEvent.submit(input.closest('form')!);
    expect(screen.getByRole('status').textContent).toMatch(/Not quite/);
    const right = KINDS.steps[0].expected(first)!;
    fireEvent.change(input, { target: { value: right } });
    fireEvent.submit(input.closest('form')!);
    expect(screen.getByRole('status').textContent).toMatch(/^Right/);
    expect(onChecked).toHaveBeenLastCalledWith(
      KINDS.steps[0].id,
      expect.objectContaining({ ok: true }),
    );
  });

  it('offers options as radio buttons and says when measurements are not in yet', () => {
    renderPanel(COSTS, 1, smallest);
    const radios = screen.getAllByRole('radio');
    expect(radios.map((r) => (r as HTMLInputElement).value)).toEqual([
      'dense',
      'bitmask',
      'csr',
      'compacted',
    ]);
    const right = COSTS.steps[1].expected(smallest)!;
    const pick = radios.find((r) => (r as HTMLInputElement).value === right)!;
    fireEvent.click(pick);
    fireEvent.keyDown(pick, { key: 'Enter' });
    expect(screen.getByRole('status').textContent).toMatch(/^Right/);
    cleanup();
    renderPanel(COSTS, 1, null);
    fireEvent.click(screen.getByRole('button', { name: 'Check' }));
    expect(screen.getByRole('status').textContent).toMatch(/still measuring/);
  });

  it('steps with Next / Back and the presenter keys, but not while typing', () => {
    const { onNavigate } = renderPanel(KINDS, 1, first);
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(onNavigate).toHaveBeenLastCalledWith(2);
    fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    expect(onNavigate).toHaveBeenLastCalledWith(0);
    fireEvent.keyDown(window, { key: 'PageDown' });
    expect(onNavigate).toHaveBeenLastCalledWith(2);
    fireEvent.keyDown(window, { key: 'ArrowLeft' });
    expect(onNavigate).toHaveBeenLastCalledWith(0);
    onNavigate.mockClear();
    fireEvent.keyDown(screen.getByRole('textbox'), { key: 'ArrowRight' });
    expect(onNavigate).not.toHaveBeenCalled();
  });

  it('ends with the quiz, and Next is disabled on the last question', () => {
    const last = KINDS.steps.length + KINDS.quiz.length - 1;
    const { onNavigate } = renderPanel(KINDS, last, first);
    expect(screen.getByText(`Quiz ${KINDS.quiz.length} of ${KINDS.quiz.length}`)).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Next' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.keyDown(window, { key: 'ArrowRight' });
    expect(onNavigate).not.toHaveBeenCalled();
  });

  it('keeps every control reachable by Tab, and collapses to its title and toggle', () => {
    const { container, onToggle } = renderPanel(KINDS, 1, first);
    const focusable = Array.from(container.querySelectorAll<HTMLElement>('button, input'));
    expect(focusable.length).toBeGreaterThanOrEqual(4);
    for (const el of focusable) expect(el.tabIndex).toBeGreaterThanOrEqual(0);
    fireEvent.click(screen.getByRole('button', { name: 'Hide lesson' }));
    expect(onToggle).toHaveBeenCalled();
    cleanup();
    renderPanel(KINDS, 1, first, { collapsed: true });
    const toggle = screen.getByRole('button', { name: 'Show lesson' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('button', { name: 'Check' })).toBeNull();
  });
});
