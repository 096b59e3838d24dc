/**
 * The selected layer: its weight heatmap (with hover and zoom) and its histogram with the
 * pruning threshold, both drawn from the masks of the setup on screen.
 */
import { useMemo, useState } from 'react';
import {
  HeatmapLegend,
  WeightHeatmap,
  WeightHistogram,
  describeWeight,
  heatmapLayout,
  HEATMAP_MARGIN,
  maxAbsOf,
  useElementSize,
  type HeatmapHoverInfo,
  heatmapKindOf,
} from '../charts/index.ts';
import { sparsityOf, thresholdOf } from '../core/index.ts';
import type { LayerMetrics, LayerSpec, TensorSpec } from '../core/index.ts';
import { useApp } from '../store/index.ts';
import { describeLayer } from './LayerRow.tsx';
import { fmtCount, fmtPct } from './format.ts';
import { useMetrics } from './useMetrics.ts';
import { useChartBox } from './useChartBox.ts';
import { ChartDownload } from './ChartDownload.tsx';

function concat(a: Float32Array, b?: Float32Array): Float32Array {
  if (!b) return a;
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function concatMask(a?: Uint8Array, b?: Uint8Array, la = 0, lb = 0): Uint8Array | undefined {
  if (!a && !b) return undefined;
  const out = new Uint8Array(la + lb).fill(1);
  if (a) out.set(a);
  if (b) out.set(b, la);
  return out;
}

/**
 * Why N:M 2:4 prunes less than half of a layer: each unit's inputs are cut into groups of 4 and
 * a last group of fewer than 4 stays whole. Null when the inputs divide into groups of 4.
 */
function nmRemainderText(weights: number, units: number) {
  const fanIn = units > 0 ? Math.round(weights / units) : 0;
  const rest = fanIn % 4;
  if (fanIn === 0 || rest === 0) return null;
  const pruned = (Math.floor(fanIn / 4) * 2) / fanIn;
  return (
    <p className="explain" data-testid="nm-remainder">
      N:M 2:4 zeroes 2 of every 4 inputs of a unit. Here each unit has {fanIn} inputs:{' '}
      {fanIn - rest} fall into full groups of 4, the last {rest} do not and stay, so{' '}
      {fmtPct(pruned, 1)} is pruned rather than the 50% the slider shows.
    </p>
  );
}

/** A layer's kernel (and recurrent kernel) with their masks, joined for the histogram. */
interface LayerWeights {
  kernel: TensorSpec | undefined;
  rec: TensorSpec | undefined;
  w: Float32Array | undefined;
  rw: Float32Array | undefined;
  km: Uint8Array | undefined;
  rm: Uint8Array | undefined;
  maxAbs: number;
  allW: Float32Array;
  allM: Uint8Array | undefined;
  /** The pruning threshold, when one magnitude separates pruned from kept. */
  thresholds: number[];
}

function useLayerWeights(layer: LayerSpec): LayerWeights {
  const weights = useApp((s) => s.weights);
  const masks = useApp((s) => s.masks);
  const kernel = layer.tensors.find((t) => t.role === 'kernel');
  const rec = layer.tensors.find((t) => t.role === 'recurrentKernel');
  const w = kernel && weights ? weights[kernel.key] : undefined;
  const rw = rec && weights ? weights[rec.key] : undefined;
  const km = kernel ? masks[kernel.key] : undefined;
  const rm = rec ? masks[rec.key] : undefined;
  const maxAbs = useMemo(() => maxAbsOf(w, rw), [w, rw]);
  const allW = useMemo(() => (w ? concat(w, rw) : new Float32Array(0)), [w, rw]);
  const allM = useMemo(() => concatMask(km, rm, w?.length ?? 0, rw?.length ?? 0), [km, rm, w, rw]);
  const thr = useMemo(() => (allM && allW.length ? thresholdOf(allW, allM) : null), [allW, allM]);
  const thresholds =
    thr && thr.maxPruned !== null && thr.minKept !== null && thr.maxPruned <= thr.minKept
      ? [thr.maxPruned]
      : [];
  return { kernel, rec, w, rw, km, rm, maxAbs, allW, allM, thresholds };
}

/** "Conv2D 3×3, 1 → 8 · 72 weights + 8 biases · 50.0% of weights pruned · 4 of 8 units removed". */
function LayerSummary({ layer, lw, m }: { layer: LayerSpec; lw: LayerWeights; m?: LayerMetrics }) {
  const n = lw.allW.length;
  return (
    <span className="kind">
      {describeLayer(layer)} · {fmtCount(n)} weights
      {m && m.elements > n ? ` + ${fmtCount(m.elements - n)} biases` : ''} ·{' '}
      <strong data-testid="layer-pruned">
        {fmtPct(lw.allM ? sparsityOf(lw.allM) : 0, 1)} of weights pruned
      </strong>
      {m &&
        m.removedUnits.length > 0 &&
        ` · ${m.removedUnits.length} of ${layer.units} units removed`}
    </span>
  );
}

/** The layer's weight heatmap with its colour scale and the value under the pointer. */
function LayerHeatmap({ layer, lw }: { layer: LayerSpec; lw: LayerWeights }) {
  const theme = useApp((s) => s.theme);
  const layerMethod = useApp((s) => s.config.layers[layer.name]?.method ?? s.config.method);
  const m = useMetrics()?.layers.find((x) => x.layer === layer.name);
  const { ref, width, height: boxHeight } = useChartBox();
  const [hover, setHover] = useState<HeatmapHoverInfo | null>(null);
  const { kernel, rec, w, rw } = lw;
  const layout = heatmapKindOf(layer.kind);
  const grid = useMemo(
    () =>
      kernel ? heatmapLayout(kernel.shape, layout, rec ? { recurrentShape: rec.shape } : {}) : null,
    [kernel, rec, layout],
  );
  if (!kernel || !w || !grid) return null;
  const cell = Math.max(1, (width - HEATMAP_MARGIN.left - HEATMAP_MARGIN.right) / grid.width);
  const height = boxHeight(
    Math.round(
      Math.max(220, Math.min(440, grid.height * cell + HEATMAP_MARGIN.top + HEATMAP_MARGIN.bottom)),
    ),
  );
  return (
    <section className="panel span-2" aria-label={`Layer ${layer.name}`}>
      <div className="layer-title">
        <h2 style={{ margin: 0 }}>
          <span className="mono">{layer.name}</span>
        </h2>
        <LayerSummary layer={layer} lw={lw} m={m} />
        {layerMethod === 'nm-2-4' && nmRemainderText(lw.allW.length, layer.units)}
        <ChartDownload
          title="weight heatmap"
          file={`heatmap-${layer.name}`}
          detail={`layer ${layer.name}`}
        />
      </div>
      <div className="legend-row" style={{ margin: '6px 0' }}>
        <HeatmapLegend
          maxAbs={lw.maxAbs}
          theme={theme}
          width={360}
          ariaLabel="Weight colour scale"
        />
        <span
          aria-live="polite"
          className="mono"
          style={{ minHeight: 20 }}
          data-testid="heatmap-hover"
        >
          {hover
            ? describeWeight(hover)
            : 'Hover a cell to read its weight · scroll to zoom · drag to pan'}
        </span>
      </div>
      <div ref={ref} className="chart-box" style={{ width: '100%' }}>
        {width > 0 && (
          <WeightHeatmap
            weights={w}
            mask={lw.km}
            shape={kernel.shape}
            layout={layout}
            recurrent={rec && rw ? { weights: rw, mask: lw.rm, shape: rec.shape } : undefined}
            maxAbs={lw.maxAbs}
            theme={theme}
            width={width}
            height={height}
            ariaLabel={`Weight heatmap of ${layer.name}`}
            onHover={setHover}
          />
        )}
      </div>
    </section>
  );
}

/** The histogram of the layer's weights, kept and pruned, with the pruning threshold. */
function LayerHistogram({ layer, lw }: { layer: LayerSpec; lw: LayerWeights }) {
  const { ref, width } = useElementSize<HTMLDivElement>();
  return (
    <section className="panel" aria-label="Weight histogram">
      <div className="panel-head">
        <h2>Weights of {layer.name}</h2>
        <ChartDownload
          title="weight histogram"
          file={`histogram-${layer.name}`}
          detail={`layer ${layer.name}`}
        />
      </div>
      <div ref={ref} style={{ width: '100%' }}>
        {width > 0 && (
          <WeightHistogram
            weights={lw.allW}
            mask={lw.allM}
            thresholds={lw.thresholds}
            width={width}
            height={280}
            xLabel={lw.rec ? 'weight (input and recurrent kernels)' : 'weight'}
            ariaLabel={`Histogram of the weights of ${layer.name}`}
          />
        )}
      </div>
    </section>
  );
}

/** The selected layer: its weight heatmap and histogram. */
export function LayerDetail({ layer }: { layer: LayerSpec }) {
  const lw = useLayerWeights(layer);
  if (!lw.kernel || !lw.w) return null;
  return (
    <>
      <LayerHeatmap layer={layer} lw={lw} />
      <LayerHistogram layer={layer} lw={lw} />
    </>
  );
}
