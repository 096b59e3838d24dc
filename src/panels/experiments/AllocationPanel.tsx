/**
 * The per-layer allocation under the sensitivity curves: the sparsity of each layer that meets a
 * global target while losing the least predicted accuracy, checked by evaluation, applied with one
 * click.
 */
import { useMemo, useState, type ReactElement } from 'react';
import { allocateSparsity, type Allocation, type LayerCurve } from '../../core/allocate.ts';
import type { MethodId, NetGraph } from '../../core/types.ts';
import { errorText } from '../../store/actions.ts';
import {
  applyAllocation,
  evaluateAllocation,
  methodLabel,
  patchSensitivity,
  sensitivitySeries,
  useExperiments,
  type RunRecord,
} from '../../store/experiments.ts';
import { pushNotice } from '../../store/index.ts';
import { fmtCount, fmtPct } from '../format.ts';
import { NumberField, SelectField, useBusy } from './common.tsx';

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

type AllocationResult = { a: Allocation } | { error: string };

/** The allocation the form asks of the curves, and the accuracy measured for it (when it was). */
function useAllocation(run: RunRecord, graph: NetGraph) {
  const form = useExperiments((s) => s.sensitivity);
  const method = (
    typeof run.settings.method === 'string' ? run.settings.method : 'magnitude'
  ) as MethodId;
  const curves = useMemo(() => curvesOf(run, graph), [run, graph]);
  const [check, setCheck] = useState<{ key: string; accuracy: number } | null>(null);
  const result = useMemo((): AllocationResult => {
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
  const evaluate = async (): Promise<void> => {
    if (!a) return;
    try {
      const accuracy = await evaluateAllocation(method, a.sparsities, a.total, run.subset);
      setCheck({ key, accuracy });
    } catch (e) {
      pushNotice('error', `Could not evaluate the allocation: ${errorText(e)}`);
    }
  };
  const measured = check && check.key === key ? check.accuracy : null;
  return { method, curves, result, measured, evaluate };
}

/** The target sparsity and how the per-layer sparsities are chosen. */
function AllocationFields(): ReactElement {
  const form = useExperiments((s) => s.sensitivity);
  return (
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
  );
}

/** Each layer's size, allotted sparsity and predicted accuracy drop. */
function AllocationTable({ curves, a }: { curves: LayerCurve[]; a: Allocation }): ReactElement {
  return (
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
  );
}

/** The allocation's total and predicted accuracy, and the measured one once evaluated. */
function AllocationSummary(props: { a: Allocation; measured: number | null }): ReactElement {
  return (
    <p>
      Total <strong>{fmtPct(props.a.total, 1)}</strong> of the layers’ weights · predicted accuracy{' '}
      <strong>{fmtPct(props.a.predictedAccuracy, 1)}</strong>
      {props.measured !== null ? (
        <>
          {' '}
          · measured <strong data-testid="allocation-measured">{fmtPct(props.measured, 1)}</strong>
        </>
      ) : null}
    </p>
  );
}

/** The allocation panel of a sensitivity run on the model graph `graph`. */
export function AllocationPanel({ run, graph }: { run: RunRecord; graph: NetGraph }): ReactElement {
  const busy = useBusy();
  const { method, curves, result, measured, evaluate } = useAllocation(run, graph);
  const a = 'a' in result ? result.a : null;
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
        <AllocationFields />
        {'error' in result && <p className="notice warning">{result.error}</p>}
        {a && (
          <>
            <AllocationTable curves={curves} a={a} />
            <AllocationSummary a={a} measured={measured} />
            <div className="xp-row">
              <button
                className="btn primary"
                disabled={busy}
                onClick={() => void applyAllocation(method, a.sparsities, a.total)}
              >
                Apply to workbench
              </button>
              <button className="btn" disabled={busy} onClick={() => void evaluate()}>
                Evaluate allocation
              </button>
            </div>
          </>
        )}
      </div>
    </section>
  );
}
