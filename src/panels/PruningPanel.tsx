import { Gate } from './Gate.tsx';
import { memo } from 'react';
import type { LayerPruning, LayerSpec, MethodId } from '../core/types.ts';
import { OFFERED_METHODS, methodInfo } from '../core/methods.ts';
import { canRemoveLayer, removalBlocker } from '../core/graph.ts';
import { useApp } from '../store/index.ts';
import {
  selectLayer,
  setGlobal,
  setLayer,
  setLayerMethod,
  setMethod,
  toggleLock,
  toggleRemoved,
} from '../store/actions.ts';
import { SparsitySlider } from './SparsitySlider.tsx';
import { useMetrics } from './useMetrics.ts';
import { fmtCount, fmtPct } from './format.ts';
import { Tip } from './Tip.tsx';

/** "Conv2D 3×3, 8 → 16" and similar. */
export function describeLayer(l: LayerSpec): string {
  const inC = l.inputShape[l.inputShape.length - 1];
  switch (l.kind) {
    case 'conv2d':
      return `Conv2D ${l.kernelSize?.[0] ?? 3}×${l.kernelSize?.[1] ?? 3}, ${inC} → ${l.units}`;
    case 'dense':
      return `Dense ${inC} → ${l.units}${l.isOutput ? ' (output)' : ''}`;
    case 'lstm':
      return `LSTM ${inC} → ${l.units} units`;
    case 'gru':
      return `GRU ${inC} → ${l.units} units`;
    case 'maxpool':
      return `MaxPool → ${l.outputShape.join('×')}`;
    case 'flatten':
      return `Flatten → ${l.outputShape.join('×')}`;
    case 'simplernn':
      return `SimpleRNN ${inC} → ${l.units} units`;
    case 'avgpool':
      return `AvgPool → ${l.outputShape.join('×')}`;
    case 'reshape':
      return `Reshape → ${l.outputShape.join('×')}`;
    case 'dropout':
      return `Dropout ${l.rate ?? 0} (identity at inference)`;
    case 'activation':
      return `Activation ${l.activation ?? 'linear'}`;
    case 'batchnorm':
      return `BatchNorm, ${inC} channels`;
  }
}

const DEFAULT_LAYER: LayerPruning = { sparsity: 0, locked: false };

interface LayerRowProps {
  layer: LayerSpec;
  lp: LayerPruning;
  /** The method in effect for this layer. */
  method: MethodId;
  /** The global method is global magnitude. */
  isGlobal: boolean;
  /** Achieved weight sparsity of the layer. */
  got: number;
  selected: boolean;
  /** Why the layer cannot be removed whole although its shapes allow it (null: nothing stops it). */
  removeBlocked: string | null;
}

/** One layer of the list: name, shape, lock, its slider and method override. Re-renders only when its own props change. */
const LayerRow = memo(function LayerRow({
  layer: l,
  lp,
  method,
  isGlobal,
  got,
  selected,
  removeBlocked,
}: LayerRowProps) {
  const mInfo = methodInfo(method);
  const params = l.tensors.reduce((a, t) => a + t.shape.reduce((x, y) => x * y, 1), 0);
  const layerGlobal = method === 'global-magnitude';
  return (
    <li className="layer-item" aria-current={selected}>
      <div className="layer-head">
        <Tip text={`${describeLayer(l)} · ${fmtCount(params)} parameters`}>
          <button
            className="layer-name"
            onClick={() => selectLayer(l.name)}
            aria-label={`Show ${l.name}`}
          >
            {l.name}
          </button>
        </Tip>
        <span className="layer-meta">
          {describeLayer(l)} · {fmtCount(params)}
        </span>
        <Tip text="A locked layer keeps its sparsity when the global slider moves">
          <button
            className="lock"
            aria-pressed={lp.locked}
            aria-label={`Lock ${l.name}`}
            onClick={() => toggleLock(l.name)}
          >
            {lp.locked ? 'locked' : 'lock'}
          </button>
        </Tip>
      </div>
      <SparsitySlider
        hideLabel
        label={`${l.name} sparsity`}
        value={mInfo.fixedSparsity ?? lp.sparsity}
        disabled={lp.removed || mInfo.fixedSparsity !== undefined || layerGlobal}
        valueText={
          lp.removed
            ? 'removed'
            : layerGlobal || mInfo.fixedSparsity !== undefined
              ? fmtPct(got, 0)
              : `${fmtPct(lp.sparsity, 0)}${Math.abs(got - lp.sparsity) > 0.015 ? ` (${fmtPct(got, 0)})` : ''}`
        }
        onChange={(v, phase) => setLayer(l.name, v, phase)}
      />
      <div className="layer-head" style={{ marginTop: 2 }}>
        <select
          className="small-select"
          aria-label={`${l.name} method`}
          value={lp.method ?? ''}
          onChange={(e) =>
            setLayerMethod(l.name, e.target.value ? (e.target.value as MethodId) : undefined)
          }
        >
          <option value="">global method</option>
          {OFFERED_METHODS.filter((m) => m.id !== 'global-magnitude').map((m) => (
            <option key={m.id} value={m.id}>
              {m.label}
            </option>
          ))}
        </select>
        {l.removable && (
          <label
            className="muted"
            style={{ fontSize: 13, display: 'inline-flex', gap: 4, alignItems: 'center' }}
          >
            <input type="checkbox" checked={!!lp.removed} onChange={() => toggleRemoved(l.name)} />
            remove layer
          </label>
        )}
        {!l.removable && removeBlocked && (
          <Tip text={removeBlocked}>
            <span className="muted remove-blocked" style={{ fontSize: 12 }} tabIndex={0}>
              cannot be removed: {removeBlocked}
            </span>
          </Tip>
        )}
        {isGlobal && !lp.method && (
          <span className="muted" style={{ fontSize: 12 }}>
            set by global ranking
          </span>
        )}
      </div>
    </li>
  );
});

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
