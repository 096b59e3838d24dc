import type { ReactNode } from 'react';

interface StatProps {
  label: ReactNode;
  value: ReactNode;
  sub?: ReactNode;
  /** data-testid of the value. */
  testId?: string;
  children?: ReactNode;
}

/** One readout of the summary bar: a label, a large value and a line below it. */
export function Stat({ label, value, sub, testId, children }: StatProps) {
  return (
    <div className="stat">
      <span className="stat-label">{label}</span>
      <span className="stat-value" data-testid={testId}>
        {value}
      </span>
      <span className="stat-sub">{sub}</span>
      {children}
    </div>
  );
}
