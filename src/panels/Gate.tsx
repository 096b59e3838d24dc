import type { ReactNode } from 'react';
import { GateLocked } from './gateContext.ts';
import { useApp } from '../store/index.ts';
import type { ControlId } from '../store/url.ts';

/**
 * A control a teacher's link may hide (`hide=…`: nothing rendered) or lock (`lock=…`: shown,
 * disabled). `data-control` names it for tests and styles.
 */
export function Gate({ id, children }: { id: ControlId; children: ReactNode }) {
  const hidden = useApp((s) => s.hidden.includes(id));
  const locked = useApp((s) => s.locked.includes(id));
  if (hidden) return null;
  return (
    <fieldset className={`gate${locked ? ' gate-locked' : ''}`} data-control={id} disabled={locked}>
      {locked && <legend className="gate-legend">locked by this link</legend>}
      <GateLocked.Provider value={locked}>{children}</GateLocked.Provider>
    </fieldset>
  );
}

/** The on-screen note that a link hid or locked controls, or nothing. */
export function GateNote() {
  const hidden = useApp((s) => s.hidden);
  const locked = useApp((s) => s.locked);
  if (hidden.length === 0 && locked.length === 0) return null;
  const parts = [
    hidden.length ? `hidden: ${hidden.join(', ')}` : '',
    locked.length ? `locked: ${locked.join(', ')}` : '',
  ].filter(Boolean);
  return (
    <p className="gate-note" role="note" data-testid="gate-note">
      Some controls are {hidden.length ? 'hidden' : 'locked'} by this link ({parts.join('; ')}).{' '}
      <button
        type="button"
        className="btn"
        onClick={() => useApp.setState({ hidden: [], locked: [] })}
      >
        Show all controls
      </button>
    </p>
  );
}
