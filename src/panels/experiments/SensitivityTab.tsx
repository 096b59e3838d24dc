/**
 * Sensitivity analysis: each layer pruned alone over the grid, one curve per layer; from the curves,
 * a per-layer allocation meeting a global target, applied to the workbench with one click.
 */
import type { ReactElement } from 'react';
import { OFFERED_METHODS } from '../../core/methods.ts';
import {
  FIXED_SPARSITY,
  patchSensitivity,
  runSensitivity,
  sensitivitySeries,
  useExperiments,
} from '../../store/experiments.ts';
import { useApp } from '../../store/index.ts';
import { AllocationPanel } from './AllocationPanel.tsx';
import { ChartCard, GridField, QuickModeCheck, useBusy } from './common.tsx';
import { FormMethod } from './FormFields.tsx';
import { ExperimentLayout, RunResults, SettingsPanel, accuracyChart } from './SettingsPanel.tsx';

const SENSITIVITY_METHODS = OFFERED_METHODS.filter(
  (m) => m.id !== 'global-magnitude' && FIXED_SPARSITY[m.id] === undefined,
);

/** The sensitivity settings: method, grid, quick mode and the run button. */
function SensitivitySettings(): ReactElement {
  const form = useExperiments((s) => s.sensitivity);
  const busy = useBusy();
  return (
    <SettingsPanel
      label="Sensitivity settings"
      title="Sensitivity analysis"
      explain="Each layer is pruned alone over the grid while the others stay untouched (as Distiller and NNI do). A curve that stays flat means the layer has weights to spare; one that drops early marks a sensitive layer, often the first convolution or the classifier. Layers are run from the last to the first so cached activations of the earlier layers are reused."
      run={{
        kind: 'sensitivity',
        label: 'Run sensitivity analysis',
        onRun: runSensitivity,
        disabled: busy,
      }}
    >
      <FormMethod
        options={SENSITIVITY_METHODS}
        form={form}
        patch={patchSensitivity}
        disabled={busy}
      />
      <GridField
        value={form.gridText}
        disabled={busy}
        onChange={(gridText) => patchSensitivity({ gridText })}
      />
      <QuickModeCheck
        subset={form.subset}
        disabled={busy}
        onChange={(subset) => patchSensitivity({ subset })}
      />
    </SettingsPanel>
  );
}

/** The sensitivity settings, curves, allocation and results. */
export function SensitivityTab(): ReactElement {
  const run = useExperiments((s) => s.current.sensitivity);
  const graph = useApp((s) => s.graph);
  const series = run ? sensitivitySeries(run.rows) : [];
  return (
    <ExperimentLayout settings={<SensitivitySettings />}>
      <ChartCard
        title="Accuracy when one layer is pruned"
        fileBase={run ? `${run.id}-sensitivity` : 'sensitivity'}
        testId="sensitivity-chart"
        explain="x is the sparsity of that one layer; the rest of the network is unpruned."
        chart={accuracyChart(run, {
          series,
          xLabel: 'sparsity of the layer',
          yLabel: `test accuracy (${run?.subset === 'full' ? 'full test set' : 'preview'})`,
          xDomain: [0, 1],
          yDomain: [0, 1],
          xFormat: '.0%',
          ariaLabel: 'Sensitivity: accuracy against the sparsity of each layer',
        })}
      />
      {run && graph && run.rows.length > 0 && <AllocationPanel run={run} graph={graph} />}
      <RunResults run={run} empty="Press “Run sensitivity analysis”." />
    </ExperimentLayout>
  );
}
