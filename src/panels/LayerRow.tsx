/** One layer of the pruning panel's list: its name and shape, lock, slider and options. */
import { memo } from 'react';
import type { LayerPruning, LayerSpec, MethodId } from '../core/types.ts';
import { OFFERED_METHODS, methodInfo } from '../core/methods.ts';
import {
  selectLayer,
  setLayer,
  setLayerMethod,
  toggleLock,
  toggleRemoved,
} from '../store/actions.ts';
import { SparsitySlider } from './SparsitySlider.tsx';
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

/**
 * What a layer's slider reads: "removed", the achieved sparsity when the slider does not set it
 * (global ranking, a fixed pattern), else the setting with the achieved value when they differ.
 */
export function layerValueText(lp: LayerPruning, got: number, setBySlider: boolean): string {
  if (lp.removed) return 'removed';
  if (!setBySlider) return fmtPct(got, 0);
  const differs = Math.abs(got - lp.sparsity) > 0.015;
  return `${fmtPct(lp.sparsity, 0)}${differs ? ` (${fmtPct(got, 0)})` : ''}`;
}

/** The layer's name (selects it), its shape and size, and its lock. */
function LayerHead({ layer: l, locked }: { layer: LayerSpec; locked: boolean }) {
  const params = l.tensors.reduce((a, t) => a + t.shape.reduce((x, y) => x * y, 1), 0);
  return (
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
          aria-pressed={locked}
          aria-label={`Lock ${l.name}`}
          onClick={() => toggleLock(l.name)}
        >
          {locked ? 'locked' : 'lock'}
        </button>
      </Tip>
    </div>
  );
}

interface LayerOptionsProps {
  layer: LayerSpec;
  lp: LayerPruning;
  isGlobal: boolean;
  removeBlocked: string | null;
}

/** The layer's method override, "remove layer" (or why it cannot be), and the global-ranking note. */
function LayerOptions({ layer: l, lp, isGlobal, removeBlocked }: LayerOptionsProps) {
  return (
    <div className="layer-head layer-options">
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
        <label className="muted remove-layer">
          <input type="checkbox" checked={!!lp.removed} onChange={() => toggleRemoved(l.name)} />
          remove layer
        </label>
      )}
      {!l.removable && removeBlocked && (
        <Tip text={removeBlocked}>
          <span className="muted remove-blocked" tabIndex={0}>
            cannot be removed: {removeBlocked}
          </span>
        </Tip>
      )}
      {isGlobal && !lp.method && <span className="muted layer-note">set by global ranking</span>}
    </div>
  );
}

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

/** One layer of the list: name, shape, lock, its slider and options. Re-renders only when its own props change. */
export const LayerRow = memo(function LayerRow(props: LayerRowProps) {
  const { layer: l, lp, method, got } = props;
  const fixed = methodInfo(method).fixedSparsity;
  const setBySlider = method !== 'global-magnitude' && fixed === undefined;
  return (
    <li className="layer-item" aria-current={props.selected}>
      <LayerHead layer={l} locked={lp.locked} />
      <SparsitySlider
        hideLabel
        label={`${l.name} sparsity`}
        value={fixed ?? lp.sparsity}
        disabled={lp.removed || !setBySlider}
        valueText={layerValueText(lp, got, setBySlider)}
        onChange={(v, phase) => setLayer(l.name, v, phase)}
      />
      <LayerOptions
        layer={l}
        lp={lp}
        isGlobal={props.isGlobal}
        removeBlocked={props.removeBlocked}
      />
    </li>
  );
});
