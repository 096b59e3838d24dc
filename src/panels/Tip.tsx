/**
 * Help texts as accessible tooltips (Radix Tooltip): shown when the control is hovered or reached
 * with the keyboard, dismissed by Escape, and announced as the control's description. Radix
 * positions the tip with style properties set from script, which the page's content security
 * policy (style-src 'self') allows; it injects no <style> element.
 */
import * as Tooltip from '@radix-ui/react-tooltip';
import type { ReactElement, ReactNode } from 'react';
import './tip.css';

interface TipProps {
  /** The help text. */
  text: ReactNode;
  /**
   * One focusable element (a button, an input, or an element with tabIndex 0) that takes the
   * tip's trigger props. Its own data-state is replaced by the tip's: wrap no element that sets one.
   */
  children: ReactElement;
  side?: 'top' | 'right' | 'bottom' | 'left';
}

/** The help text of `children`, on hover and on keyboard focus (an empty text: no tip). */
export function Tip({ text, children, side = 'bottom' }: TipProps) {
  if (text === '' || text === null || text === undefined) return children;
  return (
    <Tooltip.Provider delayDuration={400} skipDelayDuration={300}>
      <Tooltip.Root>
        <Tooltip.Trigger asChild>{children}</Tooltip.Trigger>
        <Tooltip.Portal>
          <Tooltip.Content className="tip" side={side} sideOffset={6} collisionPadding={8}>
            {text}
            <Tooltip.Arrow className="tip-arrow" width={10} height={5} />
          </Tooltip.Content>
        </Tooltip.Portal>
      </Tooltip.Root>
    </Tooltip.Provider>
  );
}

/** A small "?" button holding the help text about `about` (for text that is no control itself). */
export function Help({ text, about }: { text: ReactNode; about: string }) {
  return (
    <Tip text={text}>
      <button type="button" className="help-btn" aria-label={`About ${about}`}>
        ?
      </button>
    </Tip>
  );
}
