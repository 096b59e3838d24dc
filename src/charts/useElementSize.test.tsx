// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, render } from '@testing-library/react';
import { useElementSize } from './useElementSize.ts';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('useElementSize', () => {
  it('follows ResizeObserver updates in whole pixels and disconnects on unmount', () => {
    let callback: ResizeObserverCallback = () => {};
    const disconnect = vi.fn();
    class FakeObserver {
      constructor(cb: ResizeObserverCallback) {
        callback = cb;
      }
      observe() {}
      unobserve() {}
      disconnect = disconnect;
    }
    vi.stubGlobal('ResizeObserver', FakeObserver);
    function Probe() {
      const { ref, width, height } = useElementSize<HTMLDivElement>();
      return <div ref={ref} data-testid="box">{`${width}x${height}`}</div>;
    }
    const { getByTestId, unmount } = render(<Probe />);
    expect(getByTestId('box').textContent).toBe('0x0');
    const fire = (width: number, height: number) =>
      act(() =>
        callback([{ contentRect: { width, height } } as ResizeObserverEntry], {} as ResizeObserver),
      );
    fire(640.7, 360.2);
    expect(getByTestId('box').textContent).toBe('640x360');
    fire(641.2, 359.9);
    expect(getByTestId('box').textContent).toBe('641x359');
    unmount();
    expect(disconnect).toHaveBeenCalled();
  });
});
