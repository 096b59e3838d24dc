/**
 * The experiments slice: settings of each experiment (forms), the run in progress (progress, time
 * left, cancel), the latest record of each kind, and the run history. The runs themselves live in
 * src/experiments (no store there): the actions here hand them a snapshot of the workbench and the
 * engine client, and publish what they report.
 */
import { create } from 'zustand';
import { OFFERED_METHODS } from '../core/methods.ts';
import { DEFAULT_GRID, formatGrid } from '../core/grid.ts';
import { defaultGradual } from '../core/schedules.ts';
import type { AfterPruning } from '../core/sweep.ts';
import type { MethodId } from '../core/types.ts';
import type { TimeLapseFrame } from '../engine/api.ts';
import type { RunKind, RunRecord } from '../experiments/history.ts';
import type { GradualForm, ImpForm } from '../experiments/schedules.ts';
import type { SweepAxis } from '../experiments/report.ts';

export type { GradualForm, ImpForm } from '../experiments/schedules.ts';
export type { SweepAxis } from '../experiments/report.ts';
export type { ResultRow, RunKind, RunRecord, RunTrace } from '../experiments/history.ts';

/** Sub-views of the experiments view. */
export type ExperimentTab = 'sweep' | 'sensitivity' | 'schedules' | 'masks' | 'history';

/** Settings of a method sweep. */
export interface SweepForm {
  methods: MethodId[];
  /** Sparsities in percent as typed, e.g. "0, 50, 90". */
  gridText: string;
  after: AfterPruning;
  finetuneBatches: number;
  subset: 'preview' | 'full';
}

/** Settings of a sensitivity analysis and of the allocation drawn from it. */
export interface SensitivityForm {
  method: MethodId;
  gridText: string;
  subset: 'preview' | 'full';
  /** Global target for the allocation, fraction. */
  target: number;
  mode: 'grid' | 'interpolate';
}

/** The time-lapse of the latest gradual run: one layer's frames, once its gradual arm ended. */
export interface TimeLapseState {
  runId: string;
  model: string;
  layer: string;
  tensor: string;
  /** Null while the gradual arm trains (frames arrive when it ends). */
  frames: TimeLapseFrame[] | null;
  /** The backend that trained the gradual arm. */
  backend: string | null;
}

/** Progress of the run in progress. */
export interface JobProgress {
  kind: RunKind;
  runId: string;
  status: 'running' | 'cancelling';
  /** 0..1 of the estimated cost. */
  fraction: number;
  /** Estimated time left, or null before the first measurement. */
  etaMs: number | null;
  /** What is being done now, in words. */
  label: string;
}

export interface ExperimentsState {
  tab: ExperimentTab;
  sweep: SweepForm;
  sweepAxis: SweepAxis;
  sensitivity: SensitivityForm;
  gradual: GradualForm;
  imp: ImpForm;
  /** The layer the next gradual run records a time-lapse of (null: the workbench's selected one). */
  timelapseLayer: string | null;
  timelapse: TimeLapseState | null;
  /** The latest run of each kind (in progress or finished). */
  current: Partial<Record<RunKind, RunRecord>>;
  job: JobProgress | null;
  history: RunRecord[];
  historyLoaded: boolean;
  /** Runs picked for the side-by-side comparison. */
  compare: [string | null, string | null];
  /** The per-layer allocation last applied to the workbench (sparsities as fractions). */
  applied: { method: MethodId; sparsities: Record<string, number>; total: number } | null;
}

/** Methods whose masks the engine can recompute during gradual pruning (no gradient scores). */
export const GRADUAL_METHODS: readonly MethodId[] = OFFERED_METHODS.filter((m) => m.gradual).map(
  (m) => m.id,
);

/** Fixed sparsities of methods that ignore the slider (N:M 2:4). */
export const FIXED_SPARSITY: Partial<Record<MethodId, number>> = Object.fromEntries(
  OFFERED_METHODS.filter((m) => m.fixedSparsity !== undefined).map((m) => [m.id, m.fixedSparsity]),
);

const GRADUAL_BATCHES = 150;

/** Initial settings. */
export const initialExperiments: ExperimentsState = {
  tab: 'sweep',
  sweep: {
    methods: ['magnitude', 'random'],
    gridText: formatGrid(DEFAULT_GRID),
    after: 'none',
    finetuneBatches: 30,
    subset: 'full',
  },
  sweepAxis: 'sparsity',
  sensitivity: {
    method: 'magnitude',
    gridText: formatGrid(DEFAULT_GRID),
    subset: 'preview',
    target: 0.8,
    mode: 'grid',
  },
  gradual: { method: 'magnitude', batches: GRADUAL_BATCHES, ...defaultGradual(GRADUAL_BATCHES) },
  imp: { rounds: 4, finalSparsity: 0.9, batchesPerRound: 40 },
  timelapseLayer: null,
  timelapse: null,
  current: {},
  job: null,
  history: [],
  historyLoaded: false,
  compare: [null, null],
  applied: null,
};

/** The experiments store. */
export const useExperiments = create<ExperimentsState>()(() => initialExperiments);
