// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { ErrorBoundary } from './ErrorBoundary.tsx';

afterEach(cleanup);

let broken = true;
function Fragile() {
  if (broken) throw new Error('The mask of dense1/kernel has 50176 entries');
  return <p>fine again</p>;
}

describe('ErrorBoundary', () => {
  it('shows the error with "Reset this view" and keeps its siblings; reset renders again', () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const onReset = vi.fn(() => {
      broken = false;
    });
    render(
      <div>
        <p>sibling</p>
        <ErrorBoundary name="the workbench" onReset={onReset}>
          <Fragile />
        </ErrorBoundary>
      </div>,
    );
    expect(screen.getByRole('alert').textContent).toContain('50176 entries');
    expect(screen.getByText('sibling')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Reset this view' }));
    expect(onReset).toHaveBeenCalledOnce();
    expect(screen.getByText('fine again')).toBeTruthy();
    quiet.mockRestore();
  });
});
