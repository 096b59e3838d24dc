import { useApp } from '../store/index.ts';
import { dismissNotice } from '../store/actions.ts';

/** Notices: repairs of a link, fallbacks, errors. Each stays until dismissed. */
export function Notices() {
  const notices = useApp((s) => s.notices);
  return (
    <div className="notices" aria-live="polite">
      {notices.map((n) => (
        <div
          key={n.id}
          className={`notice ${n.kind}`}
          role={n.kind === 'error' ? 'alert' : 'status'}
        >
          <p>{n.text}</p>
          <button className="btn" onClick={() => dismissNotice(n.id)} aria-label="Dismiss notice">
            ✕
          </button>
        </div>
      ))}
    </div>
  );
}
