/** useElementSize: the content-box size of an element, kept current with a ResizeObserver. */
import { useCallback, useLayoutEffect, useState } from 'react';

/** Size in whole CSS px plus a callback ref to attach to the element. */
export interface ElementSize<T extends Element> {
  ref: (el: T | null) => void;
  width: number;
  height: number;
}

/**
 * Measures an element: attach `ref`, read `width` / `height` (0 until measured). Sizes are floored
 * to whole px and state only changes when they change, so charts do not re-render in a loop.
 */
export function useElementSize<T extends Element = HTMLDivElement>(): ElementSize<T> {
  const [node, setNode] = useState<T | null>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  const ref = useCallback((el: T | null) => setNode(el), []);

  useLayoutEffect(() => {
    if (!node) return;
    const update = (w: number, h: number) => {
      const width = Math.max(0, Math.floor(w));
      const height = Math.max(0, Math.floor(h));
      setSize((prev) =>
        prev.width === width && prev.height === height ? prev : { width, height },
      );
    };
    const r = node.getBoundingClientRect();
    update(r.width, r.height);
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver((entries) => {
      const e = entries[entries.length - 1];
      if (e) update(e.contentRect.width, e.contentRect.height);
    });
    ro.observe(node);
    return () => ro.disconnect();
  }, [node]);

  return { ref, width: size.width, height: size.height };
}
