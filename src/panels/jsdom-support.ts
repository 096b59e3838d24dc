/** Set-up the panels' jsdom tests share. */
import { vi } from 'vitest';

/**
 * jsdom lays nothing out and has no ResizeObserver: installs one that never reports, so sizes
 * stay 0 (a chart waiting for a width draws nothing) and a tooltip's positioning can run.
 */
export function stubResizeObserver(): void {
  vi.stubGlobal(
    'ResizeObserver',
    class {
      observe(): void {}
      unobserve(): void {}
      disconnect(): void {}
    },
  );
}
