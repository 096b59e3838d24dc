/**
 * Sensitivity analysis: each layer pruned alone over the grid, one curve per layer; from the curves,
 * a per-layer allocation meeting a global target, applied to the workbench with one click.
 */
import { useMemo, useState, type ReactElement } from 'react';
import { allocateSparsity, type Allocation, type LayerCurve } from '../../core/allocate.ts';
import type { MethodId, NetGraph } from '../../core/types.ts';
import { OFFERED_METHODS } from '../../core/methods.ts';
import { errorText } from '../../store/actions.ts';
import {
  FIXED_SPARSITY,
  applyAllocation,
  evaluateAllocation,
  methodLabel,
  patchSensitivity,
  runSensitivity,
  sensitivitySeries,
  useExperiments,
  type RunRecord,
} from '../../store/experiments.ts';
import { pushNotice, useApp } from '../../store/index.ts';
import { fmtCount, fmtPct } from '../format.ts';
import {
  ChartCard,
  GridField,
  NumberField,
  QuickModeCheck,
  ResultsTable,
  RunProgress,
  SelectField,
  useBusy,
} from './common.tsx';
import { referenceLine } from './labels.ts';

const SENSITIVITY_METHODS = OFFERED_METHODS.filter(
  (m) => m.id !== 'global-magnitude' && FIXED_SPARSITY[m.id] === undefined,
);

/** Prunable weights per layer (kernels and recurrent kernels: what a layer's sparsity applies to). */
export function layerSizes(graph: NetGraph): Record<string, number> {
  const out: Record<string, number> = {};
  for (const l of graph.layers) {
    let n = 0;
    for (const t of l.tensors) if (t.role !== 'bias') n += t.shape.reduce((a, b) => a * b, 1);
    if (n > 0) out[l.name] = n;
  }
  return out;
}

const MODE_OPTIONS = [
  { id: 'grid', label: 'on the grid (meets the target or a little more)' },
  { id: 'interpolate', label: 'interpolated (meets the target exactly)' },
] as const;

function curvesOf(run: RunRecord, graph: NetGraph): LayerCurve[] {
  const sizes = layerSizes(graph);
  return sensitivitySeries(run.rows)
    .filter((s) => sizes[s.id] !== undefined)
    .map((s) => ({
      layer: s.id,
      size: sizes[s.id],
      points: s.points.map((p) => ({ sparsity: p.x, accuracy: p.y })),
    }));
}

function AllocationPanel({ run, graph }: { run: RunRecord; graph: NetGraph }): ReactElement {
  const form = useExperiments((s) => s.sensitivity);
  const busy = useBusy();
  const method = (
    typeof run.settings.method === 'string' ? run.settings.method : 'magnitude'
  ) as MethodId;
  const curves = useMemo(() => curvesOf(run, graph), [run, graph]);
  const [check, setCheck] = useState<{ key: string; accuracy: number } | null>(null);
  const result = useMemo((): { a: Allocation } | { error: string } => {
    try {
      return {
        a: allocateSparsity(curves, form.target, {
          mode: form.mode,
          baseAccuracy: run.reference ?? undefined,
        }),
      };
    } catch (e) {
      return { error: errorText(e) };
    }
  }, [curves, form.target, form.mode, run.reference]);
  const a = 'a' in result ? result.a : null;
  const key = a ? JSON.stringify(a.sparsities) : '';
  const evaluateIt = async (): Promise<void> => {
    if (!a) return;
    try {
      const accuracy = await evaluateAllocation(method, a.sparsities, a.total, run.subset);
      setCheck({ key, accuracy });
    } catch (e) {
      pushNotice('error', `Could not evaluate the allocation: ${errorText(e)}`);
    }
  };
  return (
    <section className="panel" aria-label="Per-layer allocation">
      <h2>Allocate per-layer sparsities · {methodLabel(method)}</h2>
      <p className="explain">
        From the curves, choose how much to prune each layer so that the whole network reaches the
        target while losing the least predicted accuracy: layers whose curve stays flat take more,
        sensitive layers less. The prediction adds up each layer’s own drop; check it by evaluating
        the allocation.
      </p>
      <div className="xp-form">
        <div className="xp-row">
          <NumberField
            label="Target sparsity (%)"
            percent
            percentDigits={0}
            value={form.target}
            min={0}
            max={99}
            onChange={(v) => patchSensitivity({ target: Math.min(1, Math.max(0, v || 0)) })}
          />
          <SelectField
            label="Sparsities"
            value={form.mode}
            options={MODE_OPTIONS}
            onChange={(mode) => patchSensitivity({ mode })}
          />
        </div>
        {'error' in result ? (
          <p className="notice warning">{result.error}</p>
        ) : a ? (
          <>
            <table className="xp-table" role="table" aria-label="Allocation per layer">
              <thead>
                <tr>
                  <th scope="col">Layer</th>
                  <th scope="col">Weights</th>
                  <th scope="col">Sparsity</th>
                  <th scope="col">Predicted drop</th>
                </tr>
              </thead>
              <tbody>
                {curves.map((c) => (
                  <tr key={c.layer}>
                    <td className="mono">{c.layer}</td>
                    <td>{fmtCount(c.size)}</td>
                    <td>{fmtPct(a.sparsities[c.layer], 1)}</td>
                    <td>{(a.drops[c.layer] * 100).toFixed(2)} pts</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p>
              Total <strong>{fmtPct(a.total, 1)}</strong> of the layers’ weights · predicted
              accuracy <strong>{fmtPct(a.predictedAccuracy, 1)}</strong>
              {check && check.key === key ? (
                <>
                  {' '}
                  · measured{' '}
                  <strong data-testid="allocation-measured">{fmtPct(check.accuracy, 1)}</strong>
                </>
              ) : null}
            </p>
            <div className="xp-row">
              <button
                className="btn primary"
                disabled={busy}
                onClick={() => void applyAllocation(method, a.sparsities, a.total)}
              >
                Apply to workbench
              </button>
              <button className="btn" disabled={busy} onClick={() => void evaluateIt()}>
                Evaluate allocation
              </button>
            </div>
          </>
        ) : null}
      </div>
    </section>
  );
}

/** The sensitivity settings, curves, allocation and results. */
export function SensitivityTab(): ReactElement {
  const form = useExperiments((s) => s.sensitivity);
  const run = useExperiments((s) => s.current.sensitivity);
  const graph = useApp((s) => s.graph);
  const busy = useBusy();
  const series = run ? sensitivitySeries(run.rows) : [];
  return (
    <div className="xp-layout">
      <aside className="panel" aria-label="Sensitivity settings">
        <h2>Sensitivity analysis</h2>
        <p className="explain">
          Each layer is pruned alone over the grid while the others stay untouched (as Distiller and
          NNI do). A curve that stays flat means the layer has weights to spare; one that drops
          early marks a sensitive layer, often the first convolution or the classifier. Layers are
          run from the last to the first so cached activations of the earlier layers are reused.
        </p>
        <div className="xp-form">
          <SelectField
            label="Method"
            value={form.method}
            options={SENSITIVITY_METHODS}
            disabled={busy}
            onChange={(method) => patchSensitivity({ method })}
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
          <RunProgress kind="sensitivity">
            <button className="btn primary" onClick={() => void runSensitivity()} disabled={busy}>
              ▶ Run sensitivity analysis
            </button>
          </RunProgress>
        </div>
      </aside>
      <div className="xp-main">
        <ChartCard
          title="Accuracy when one layer is pruned"
          fileBase={run ? `${run.id}-sensitivity` : 'sensitivity'}
          testId="sensitivity-chart"
          explain="x is the sparsity of that one layer; the rest of the network is unpruned."
          chart={{
            series,
            xLabel: 'sparsity of the layer',
            yLabel: `test accuracy (${run?.subset === 'full' ? 'full test set' : 'preview'})`,
            xDomain: [0, 1],
            yDomain: [0, 1],
            xFormat: '.0%',
            yFormat: '.0%',
            legend: true,
            referenceY: referenceLine(run?.reference),
            ariaLabel: 'Sensitivity: accuracy against the sparsity of each layer',
          }}
        />
        {run && graph && run.rows.length > 0 && <AllocationPanel run={run} graph={graph} />}
        {run ? (
          <ResultsTable run={run} />
        ) : (
          <div className="panel xp-empty">Press “Run sensitivity analysis”.</div>
        )}
      </div>
    </div>
  );
}
