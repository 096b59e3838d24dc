import { useEffect, type RefObject } from 'react';

/** Room (px) kept between a focused control and the top edge of the bar. */
const GAP = 8;

/** True when `node` scrolls its content vertically (overflow auto/scroll with content to scroll). */
function scrollsVertically(node: HTMLElement): boolean {
  const { overflowY } = getComputedStyle(node);
  return (overflowY === 'auto' || overflowY === 'scroll') && node.scrollHeight > node.clientHeight;
}

/**
 * Scrolls the scrollable ancestors of `target`, nearest first, then the page, until the target
 * sits between the window's top and `limit` (a viewport y coordinate in CSS px, the bar's top
 * less a gap). A target taller than that room is scrolled to put its top edge at the top.
 */
export function revealAbove(target: HTMLElement, limit: number): void {
  const r = target.getBoundingClientRect();
  let delta = r.top < 0 ? r.top : Math.max(0, Math.min(r.bottom - limit, r.top));
  for (let node = target.parentElement; node && delta !== 0; node = node.parentElement) {
    if (node === document.body || node === document.documentElement) break;
    if (!scrollsVertically(node)) continue;
    const before = node.scrollTop;
    node.scrollTop = before + delta;
    delta -= node.scrollTop - before;
  }
  if (delta !== 0) window.scrollBy(0, delta);
}

/**
 * Keeps keyboard focus visible above a bar fixed to the bottom of the window: sets the root
 * element's scroll-padding-bottom to the bar's height plus a gap whenever that height changes,
 * and on every focus change outside the bar scrolls the focused
 * control's scroll containers, nearest first, so it ends above the bar (and again two frames
 * later, once the page has re-rendered for the focus).
 */
export function useKeepFocusAboveBar(bar: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const el = bar.current;
    if (!el) return;
    const root = document.documentElement;
    let published = -1;
    // scroll-padding is not inherited: setting it restyles <html> alone, where a custom property on
    // the root (as before) restyled the whole page, tens of ms each time training started or ended.
    const publish = (height: number): void => {
      const h = Math.ceil(height);
      if (h === published) return;
      published = h;
      root.style.scrollPaddingBottom = `${h + GAP}px`;
    };
    // The observer reports the bar's first size after the browser's own layout; measuring here
    // at once would force a layout of the whole page while it mounts.
    const observer =
      typeof ResizeObserver === 'undefined'
        ? null
        : new ResizeObserver((entries) => {
            // The observer's own box size: no layout read in the callback.
            const box = entries[entries.length - 1]?.borderBoxSize?.[0];
            publish(box ? box.blockSize : el.getBoundingClientRect().height);
          });
    if (observer) observer.observe(el);
    else publish(el.getBoundingClientRect().height);
    const onFocus = (e: FocusEvent) => {
      const target = e.target;
      if (!(target instanceof HTMLElement) || el.contains(target)) return;
      const reveal = () => {
        if (document.activeElement === target)
          revealAbove(target, el.getBoundingClientRect().top - GAP);
      };
      reveal();
      // again once the focus has re-rendered the page (a chart may grow or shrink on focus)
      requestAnimationFrame(() => requestAnimationFrame(reveal));
    };
    document.addEventListener('focusin', onFocus);
    return () => {
      observer?.disconnect();
      document.removeEventListener('focusin', onFocus);
      root.style.removeProperty('scroll-padding-bottom');
    };
  }, [bar]);
}
