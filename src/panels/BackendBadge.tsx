/**
 * The header's backend badge: what each job runs on, the probe's figures on hover or focus, and
 * a menu per job to pin it to a backend (kept in this browser).
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { BackendJob } from '../engine/api.ts';
import type { BackendName } from '../model/backends.ts';
import { refreshBackendPlan, setJobBackend } from '../store/actions.ts';
import { useApp } from '../store/index.ts';
import { PROBE_BATCH, PROBE_EVAL } from '../model/probe-sizes.ts';
import { JOB_LABELS, backendSummary, shortRenderer } from './backendLabels.ts';
import { Tip } from './Tip.tsx';

const ms = (x: number) => (x < 10 ? x.toFixed(1) : Math.round(x).toString());

/** Asks for the plan (and so the probe) once the first full accuracy readout is on screen. */
function usePlanAfterFirstReadout(): void {
  const ready = useApp((s) => s.full !== null && s.backendPlan === null);
  const asked = useRef(false);
  useEffect(() => {
    if (!ready || asked.current) return;
    asked.current = true;
    void refreshBackendPlan();
  }, [ready]);
}

function ProbeTable() {
  const plan = useApp((s) => s.backendPlan);
  if (!plan) return <p>Measuring this machine’s backends after the first readout…</p>;
  if (plan.probe.length === 0)
    return <p>No probe figures: every job runs where the app started.</p>;
  return (
    <table className="probe-table">
      <caption>Probe on this machine (ms, lower is faster)</caption>
      <thead>
        <tr>
          <th scope="col">backend</th>
          <th scope="col">eval {PROBE_EVAL}</th>
          <th scope="col">train step of {PROBE_BATCH}</th>
        </tr>
      </thead>
      <tbody>
        {plan.probe.map((p) => (
          <tr key={p.backend}>
            <Tip text={p.renderer}>
              <th scope="row" tabIndex={p.renderer ? 0 : undefined}>
                {p.backend}
                {p.backend === 'webgl'
                  ? ` (${shortRenderer(p.renderer)}${p.software ? ', software' : ''})`
                  : ''}
              </th>
            </Tip>
            <td>{ms(p.evalMs)}</td>
            <td>{Number.isFinite(p.trainMs) ? ms(p.trainMs) : 'skipped'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function JobOverrides() {
  const plan = useApp((s) => s.backendPlan);
  const overrides = useApp((s) => s.backendOverrides);
  const available: BackendName[] = plan ? plan.probe.map((p) => p.backend) : [];
  return (
    <div className="job-overrides">
      {JOB_LABELS.map(({ job, long }) => (
        <label key={job} className="field">
          <span>{long}</span>
          <select
            aria-label={`${long} backend`}
            value={overrides[job] ?? 'auto'}
            disabled={!plan}
            onChange={(e) =>
              void setJobBackend(
                job as BackendJob,
                e.target.value === 'auto' ? null : (e.target.value as BackendName),
              )
            }
          >
            <option value="auto">fastest ({plan ? plan.jobs[job] : '…'})</option>
            {available.map((b) => (
              <option key={b} value={b}>
                {b}
              </option>
            ))}
          </select>
        </label>
      ))}
    </div>
  );
}

/** The badge; the popover opens on hover, focus or click and closes with Escape. */
export function BackendBadge() {
  usePlanAfterFirstReadout();
  const plan = useApp((s) => s.backendPlan);
  const start = useApp((s) => s.backend);
  const [open, setOpen] = useState(false);
  const [pinned, setPinned] = useState(false);
  const id = useId();
  const warn = !!start?.fallbackReason;
  const show = open || pinned;
  return (
    <div
      className="backend-badge"
      onMouseEnter={() => setOpen(true)}
      onMouseLeave={() => setOpen(false)}
      onFocus={() => setOpen(true)}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) {
          setOpen(false);
          setPinned(false);
        }
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          setOpen(false);
          setPinned(false);
        }
      }}
    >
      <button
        type="button"
        className={`badge${warn ? ' warn' : ''}`}
        data-testid="backend"
        data-start={start?.backend ?? ''}
        data-renderer={start?.renderer ?? ''}
        aria-expanded={show}
        aria-controls={id}
        aria-label={`Backends: ${backendSummary(plan, start)}`}
        onClick={() => setPinned((p) => !p)}
      >
        {backendSummary(plan, start)}
      </button>
      {show && (
        <div id={id} className="popover backend-popover" role="dialog" aria-label="Backends">
          <ProbeTable />
          <JobOverrides />
        </div>
      )}
    </div>
  );
}
