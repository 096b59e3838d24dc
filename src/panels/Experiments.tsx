/**
 * The experiments view: method sweeps, sensitivity analysis with per-layer allocation, gradual and
 * iterative schedules, mask comparison and the run history, as tabs.
 */
import { useEffect, type KeyboardEvent, type ReactElement } from 'react';
import {
  loadHistory,
  setExperimentTab,
  useExperiments,
  type ExperimentTab,
} from '../store/experiments.ts';
import { HistoryTab } from './experiments/HistoryTab.tsx';
import { MaskCompareTab } from './experiments/MaskCompareTab.tsx';
import { SchedulesTab } from './experiments/SchedulesTab.tsx';
import { SensitivityTab } from './experiments/SensitivityTab.tsx';
import { SweepTab } from './experiments/SweepTab.tsx';
import './experiments/experiments.css';

const TABS: { id: ExperimentTab; label: string }[] = [
  { id: 'sweep', label: 'Method sweep' },
  { id: 'sensitivity', label: 'Sensitivity' },
  { id: 'schedules', label: 'Schedules' },
  { id: 'masks', label: 'Mask comparison' },
  { id: 'history', label: 'History' },
];

/** The experiments view (sweeps, sensitivity, schedules, lottery tickets, history). */
export function Experiments(): ReactElement {
  const tab = useExperiments((s) => s.tab);
  useEffect(() => {
    void loadHistory();
  }, []);
  const onKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    const i = TABS.findIndex((t) => t.id === tab);
    const next = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : null;
    if (next === null) return;
    const t = TABS[(next + TABS.length) % TABS.length];
    setExperimentTab(t.id);
    document.getElementById(`xp-tab-${t.id}`)?.focus();
  };
  return (
    <div className="xp">
      <div className="xp-tabs" role="tablist" aria-label="Experiments" onKeyDown={onKey}>
        {TABS.map((t) => (
          <button
            key={t.id}
            id={`xp-tab-${t.id}`}
            role="tab"
            aria-selected={tab === t.id}
            aria-controls="xp-panel"
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => setExperimentTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div id="xp-panel" role="tabpanel" aria-labelledby={`xp-tab-${tab}`}>
        {tab === 'sweep' ? (
          <SweepTab />
        ) : tab === 'sensitivity' ? (
          <SensitivityTab />
        ) : tab === 'schedules' ? (
          <SchedulesTab />
        ) : tab === 'masks' ? (
          <MaskCompareTab />
        ) : (
          <HistoryTab />
        )}
      </div>
    </div>
  );
}
