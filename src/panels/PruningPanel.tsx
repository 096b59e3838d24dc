import { Gate } from './Gate.tsx';
import type { LayerPruning, MethodId } from '../core/types.ts';
import { OFFERED_METHODS, methodInfo } from '../core/methods.ts';
import { canRemoveLayer, removalBlocker } from '../core/graph.ts';
import { useApp } from '../store/index.ts';
import { setGlobal, setMethod } from '../store/actions.ts';
import { SparsitySlider } from './SparsitySlider.tsx';
import { useMetrics } from './useMetrics.ts';
import { fmtPct } from './format.ts';
import { describeLayer, LayerRow } from './LayerRow.tsx';

const DEFAULT_LAYER: LayerPruning = { sparsity: 0, locked: false };

/** Method picker, global slider and the per-layer list with sliders, locks and overrides. */
export function PruningPanel() {
  const graph = useApp((s) => s.graph);
  const config = useApp((s) => s.config);
  const selected = useApp((s) => s.selectedLayer);
  const metrics = useMetrics();
  if (!graph) return null;
  const info = methodInfo(config.method);
  const isGlobal = config.method === 'global-magnitude';
  const achieved = new Map(metrics?.layers.map((m) => [m.layer, m.weightSparsity]) ?? []);

  return (
    <aside className="panel" aria-label="Pruning controls">
      <Gate id="method">
        <h2>Method</h2>
        <select
          className="select"
          style={{ width: '100%' }}
          aria-label="Pruning method"
          value={config.method}
          onChange={(e) => setMethod(e.target.value as MethodId)}
        >
          {OFFERED_METHODS.map((m) => (
            <option key={m.id} value={m.id}>
              {m.label}
            </option>
          ))}
        </select>
        <p className="explain" data-testid="method-explanation">
          <strong style={{ textTransform: 'capitalize' }}>{info.family}.</strong> {info.short}
        </p>
      </Gate>
      <Gate id="global">
        <SparsitySlider
          label="Global sparsity"
          value={info.fixedSparsity ?? config.globalSparsity}
          disabled={info.fixedSparsity !== undefined}
          valueText={
            metrics && config.globalSparsity > 0
              ? `${fmtPct(config.globalSparsity, 0)}${Math.abs(metrics.total.weightSparsity - config.globalSparsity) > 0.02 ? ` (${fmtPct(metrics.total.weightSparsity, 0)} of weights)` : ''}`
              : undefined
          }
          onChange={(v, phase) => setGlobal(v, phase)}
        />
      </Gate>
      <Gate id="layers">
        <h3>Layers</h3>
        <ol className="layers" aria-label="Layers, input to output">
          {graph.layers.map((l, i) => {
            if (l.tensors.length === 0)
              return (
                <li key={l.name} className="layer-item passive">
                  {l.name} · {describeLayer(l)}
                </li>
              );
            const lp = config.layers[l.name] ?? DEFAULT_LAYER;
            return (
              <LayerRow
                key={l.name}
                layer={l}
                lp={lp}
                method={lp.method ?? config.method}
                isGlobal={isGlobal}
                got={achieved.get(l.name) ?? 0}
                selected={selected === l.name}
                removeBlocked={canRemoveLayer(l) ? removalBlocker(graph.layers, i) : null}
              />
            );
          })}
        </ol>
      </Gate>
    </aside>
  );
}
