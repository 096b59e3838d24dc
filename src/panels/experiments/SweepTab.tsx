/** Method sweep: accuracy against sparsity, one line per method, on the same trained weights. */
import type { ReactElement } from 'react';
import type { MethodId } from '../../core/types.ts';
import { OFFERED_METHODS } from '../../core/methods.ts';
import {
  patchSweep,
  runSweep,
  setSweepAxis,
  sweepSeries,
  useExperiments,
  type SweepAxis,
  type SweepForm,
} from '../../store/experiments.ts';
import {
  ChartCard,
  GridField,
  NumberField,
  QuickModeCheck,
  SelectField,
  useBusy,
} from './common.tsx';
import { ExperimentLayout, RunResults, SettingsPanel, accuracyChart } from './SettingsPanel.tsx';
import { Tip } from '../Tip.tsx';

const AXES: { id: SweepAxis; label: string }[] = [
  { id: 'sparsity', label: 'Sparsity' },
  { id: 'compression', label: 'Compression (log2)' },
  { id: 'speedup', label: 'Theoretical speed-up (FLOPs)' },
];

const AFTER_OPTIONS = [
  { id: 'none', label: 'nothing (one-shot)' },
  { id: 'finetune', label: 'fine-tune with masks held' },
  {
    id: 'lottery',
    label: 'rewind to initial weights and retrain (lottery ticket) vs random re-init',
  },
] as const;

/** The axis label and format for each x axis. */
export const AXIS_SPEC: Record<
  SweepAxis,
  { label: string; scale: 'linear' | 'log2'; format: string }
> = {
  sparsity: {
    label: 'sparsity (fraction of weights pruned, biases aside)',
    scale: 'linear',
    format: '.0%',
  },
  compression: {
    label: 'compression ratio (weights / weights kept), log2 scale',
    scale: 'log2',
    format: ',d',
  },
  speedup: {
    label: 'theoretical speed-up (dense FLOPs / FLOPs left), log2 scale',
    scale: 'log2',
    format: ',d',
  },
};

/** One check box per offered method. */
function MethodChecks({ form, disabled }: { form: SweepForm; disabled: boolean }): ReactElement {
  const toggle = (id: MethodId, on: boolean): void =>
    patchSweep({
      methods: on
        ? [...form.methods.filter((m) => m !== id), id]
        : form.methods.filter((m) => m !== id),
    });
  return (
    <fieldset disabled={disabled}>
      <legend>Methods</legend>
      {OFFERED_METHODS.map((m) => (
        <label key={m.id} className="xp-check">
          <Tip text={m.short} side="right">
            <input
              type="checkbox"
              checked={form.methods.includes(m.id)}
              onChange={(e) => toggle(m.id, e.target.checked)}
            />
          </Tip>
          {m.label}
        </label>
      ))}
    </fieldset>
  );
}

/** What each choice of "After pruning" does. */
const AFTER_EXPLAIN: Record<SweepForm['after'], string> = {
  none: 'The quickest: prune and evaluate.',
  finetune:
    'Fine-tuning lets the surviving weights compensate; compare with a one-shot sweep in History.',
  lottery:
    'The lottery-ticket test: the mask applied to the ORIGINAL initial weights, retrained, against the same mask on a fresh random initialisation. If the rewound line stays higher, the mask found a winning ticket.',
};

/** What follows the pruning at each point, and for how many batches it trains. */
function AfterFields({ form, disabled }: { form: SweepForm; disabled: boolean }): ReactElement {
  return (
    <>
      <SelectField
        label="After pruning"
        value={form.after}
        options={AFTER_OPTIONS}
        disabled={disabled}
        onChange={(after) => patchSweep({ after })}
      >
        <span className="explain">{AFTER_EXPLAIN[form.after]}</span>
      </SelectField>
      {form.after !== 'none' && (
        <NumberField
          label="Training batches per point"
          min={1}
          max={5000}
          value={form.finetuneBatches}
          disabled={disabled}
          onChange={(v) => patchSweep({ finetuneBatches: Math.max(1, Math.round(v || 1)) })}
        />
      )}
    </>
  );
}

/** The sweep settings: methods, grid, what follows the pruning, quick mode, the run button. */
function SweepSettings(): ReactElement {
  const form = useExperiments((s) => s.sweep);
  const busy = useBusy();
  return (
    <SettingsPanel
      label="Sweep settings"
      title="Method sweep"
      explain="Every method prunes the same trained weights to each sparsity of the grid (the same sparsity in every layer), and the pruned model is evaluated. Look for the sparsity where each line leaves the dashed unpruned line: the later, the better the method holds accuracy."
      run={{
        kind: 'sweep',
        label: 'Run sweep',
        onRun: runSweep,
        disabled: busy || form.methods.length === 0,
      }}
    >
      <MethodChecks form={form} disabled={busy} />
      <GridField
        value={form.gridText}
        disabled={busy}
        onChange={(gridText) => patchSweep({ gridText })}
      >
        <span className="explain">
          Comma-separated; denser near the top, where methods part ways. N:M 2:4 is always 50%.
        </span>
      </GridField>
      <AfterFields form={form} disabled={busy} />
      <QuickModeCheck
        subset={form.subset}
        disabled={busy}
        onChange={(subset) => patchSweep({ subset })}
      />
    </SettingsPanel>
  );
}

/** The switch of the chart's x axis. */
function AxisSelect({ axis }: { axis: SweepAxis }): ReactElement {
  return (
    <select
      className="select"
      aria-label="X axis"
      value={axis}
      onChange={(e) => setSweepAxis(e.target.value as SweepAxis)}
    >
      {AXES.map((a) => (
        <option key={a.id} value={a.id}>
          x: {a.label}
        </option>
      ))}
    </select>
  );
}

/** The sweep settings, chart and results. */
export function SweepTab(): ReactElement {
  const axis = useExperiments((s) => s.sweepAxis);
  const run = useExperiments((s) => s.current.sweep);
  const spec = AXIS_SPEC[axis];
  const series = run ? sweepSeries(run.rows, axis) : [];
  return (
    <ExperimentLayout settings={<SweepSettings />}>
      <ChartCard
        title="Accuracy vs sparsity"
        fileBase={run ? `${run.id}-accuracy-vs-${axis}` : 'sweep'}
        testId="sweep-chart"
        explain="Hover to read every method at one point. Switch the x axis to see the same results as compression (how many times smaller) or as theoretical speed-up (how many times fewer multiply-adds)."
        controls={<AxisSelect axis={axis} />}
        chart={accuracyChart(run, {
          series,
          xLabel: spec.label,
          yLabel: `test accuracy (${run?.subset === 'preview' ? 'preview' : 'full test set'})`,
          xScale: spec.scale,
          xDomain: axis === 'sparsity' ? [0, 1] : undefined,
          yDomain: [0, 1],
          xFormat: spec.format,
          ariaLabel: 'Accuracy against sparsity, one line per method',
        })}
      />
      <RunResults run={run} empty="Pick methods and press “Run sweep”." />
    </ExperimentLayout>
  );
}
