import { lazy, Suspense, useMemo, useState } from 'react';
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
import type { LayerSpec } from '../core/types.ts';
import { useApp } from '../store/index.ts';
import { sceneAt } from '../store/lessons.ts';
import { describeLayer, PruningPanel } from './PruningPanel.tsx';
import { presenterHeight } from './presenterHeight.ts';
import { fmtCount, fmtPct } from './format.ts';
import { useMetrics } from './useMetrics.ts';
import { guarded } from './ErrorBoundary.tsx';
import { ChartDownload } from './ChartDownload.tsx';
import { AccuracyCurve, Confusion, SparsityBars, TrainingCurves } from './WorkbenchCharts.tsx';
import { BrokenGallery } from './BrokenGallery.tsx';
import { DrawPanel } from './DrawPanel.tsx';

// The export dialog (zip writer, recipes) loads after the first screen.
const ExportDialog = lazy(() =>
  import('./ExportDialog.tsx').then((m) => ({ default: m.ExportDialog })),
);

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

/** The selected layer: its weight heatmap (with hover and zoom) and histogram with thresholds. */
function LayerDetail({ layer }: { layer: LayerSpec }) {
  const weights = useApp((s) => s.weights);
  const masks = useApp((s) => s.masks);
  const theme = useApp((s) => s.theme);
  const layerMethod = useApp((s) => s.config.layers[layer.name]?.method ?? s.config.method);
  const metrics = useMetrics();
  const {
    ref: heatRef,
    width: heatWidth,
    height: heatBoxHeight,
  } = useElementSize<HTMLDivElement>();
  const presenter = useApp((s) => s.presenter);
  const { ref: histRef, width: histWidth } = useElementSize<HTMLDivElement>();
  const [hover, setHover] = useState<HeatmapHoverInfo | null>(null);
  const kernel = layer.tensors.find((t) => t.role === 'kernel');
  const rec = layer.tensors.find((t) => t.role === 'recurrentKernel');
  const m = metrics?.layers.find((x) => x.layer === layer.name);
  const w = kernel && weights ? weights[kernel.key] : undefined;
  const rw = rec && weights ? weights[rec.key] : undefined;
  const km = kernel ? masks[kernel.key] : undefined;
  const rm = rec ? masks[rec.key] : undefined;
  const maxAbs = useMemo(() => maxAbsOf(w, rw), [w, rw]);
  const allW = useMemo(() => (w ? concat(w, rw) : new Float32Array(0)), [w, rw]);
  const allM = useMemo(() => concatMask(km, rm, w?.length ?? 0, rw?.length ?? 0), [km, rm, w, rw]);
  const thr = useMemo(() => (allM && allW.length ? thresholdOf(allW, allM) : null), [allW, allM]);
  const layout = heatmapKindOf(layer.kind);
  const grid = useMemo(
    () =>
      kernel ? heatmapLayout(kernel.shape, layout, rec ? { recurrentShape: rec.shape } : {}) : null,
    [kernel, rec, layout],
  );
  if (!kernel || !w || !grid) return null;
  const thresholds =
    thr && thr.maxPruned !== null && thr.minKept !== null && thr.maxPruned <= thr.minKept
      ? [thr.maxPruned]
      : [];
  const cell = Math.max(1, (heatWidth - HEATMAP_MARGIN.left - HEATMAP_MARGIN.right) / grid.width);
  const heatHeight = presenterHeight(
    presenter,
    heatBoxHeight,
    Math.round(
      Math.max(220, Math.min(440, grid.height * cell + HEATMAP_MARGIN.top + HEATMAP_MARGIN.bottom)),
    ),
  );
  return (
    <>
      <section className="panel span-2" aria-label={`Layer ${layer.name}`}>
        <div className="layer-title">
          <h2 style={{ margin: 0 }}>
            <span className="mono">{layer.name}</span>
          </h2>
          <span className="kind">
            {describeLayer(layer)} · {fmtCount(allW.length)} weights
            {m && m.elements > allW.length
              ? ` + ${fmtCount(m.elements - allW.length)} biases`
              : ''}{' '}
            ·{' '}
            <strong data-testid="layer-pruned">
              {fmtPct(allM ? sparsityOf(allM) : 0, 1)} of weights pruned
            </strong>
            {m &&
              m.removedUnits.length > 0 &&
              ` · ${m.removedUnits.length} of ${layer.units} units removed`}
          </span>
          {layerMethod === 'nm-2-4' && nmRemainderText(allW.length, layer.units)}
          <ChartDownload
            title="weight heatmap"
            file={`heatmap-${layer.name}`}
            detail={`layer ${layer.name}`}
          />
        </div>
        <div className="legend-row" style={{ margin: '6px 0' }}>
          <HeatmapLegend
            maxAbs={maxAbs}
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
        <div ref={heatRef} className="chart-box" style={{ width: '100%' }}>
          {heatWidth > 0 && (
            <WeightHeatmap
              weights={w}
              mask={km}
              shape={kernel.shape}
              layout={layout}
              recurrent={rec && rw ? { weights: rw, mask: rm, shape: rec.shape } : undefined}
              maxAbs={maxAbs}
              theme={theme}
              width={heatWidth}
              height={heatHeight}
              ariaLabel={`Weight heatmap of ${layer.name}`}
              onHover={setHover}
            />
          )}
        </div>
      </section>
      <section className="panel" aria-label="Weight histogram">
        <div className="panel-head">
          <h2>Weights of {layer.name}</h2>
          <ChartDownload
            title="weight histogram"
            file={`histogram-${layer.name}`}
            detail={`layer ${layer.name}`}
          />
        </div>
        <div ref={histRef} style={{ width: '100%' }}>
          {histWidth > 0 && (
            <WeightHistogram
              weights={allW}
              mask={allM}
              thresholds={thresholds}
              width={histWidth}
              height={280}
              xLabel={rec ? 'weight (input and recurrent kernels)' : 'weight'}
              ariaLabel={`Histogram of the weights of ${layer.name}`}
            />
          )}
        </div>
      </section>
    </>
  );
}

/** The main screen. */
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

/** The chart the open lesson's step is about (presenter mode shows it big), or null. */
function useLessonFocus(): string | null {
  const lesson = useApp((s) => s.lesson);
  return lesson ? (sceneAt(lesson.id, lesson.position)?.focus ?? null) : null;
}

export function Workbench() {
  const graph = useApp((s) => s.graph);
  const selected = useApp((s) => s.selectedLayer);
  const focus = useLessonFocus();
  const layer =
    graph?.layers.find((l) => l.name === selected && l.tensors.length > 0) ??
    graph?.layers.find((l) => l.tensors.length > 0);
  return (
    <div className="workbench" data-focus={focus ?? undefined}>
      {guarded('the pruning panel', <PruningPanel />)}
      <div className="main-col">
        {layer && guarded(`layer ${layer.name}`, <LayerDetail key={layer.name} layer={layer} />)}
        {guarded('the sparsity bars', <SparsityBars />)}
        {guarded('the accuracy curve', <AccuracyCurve />)}
        {guarded('the training curves', <TrainingCurves />)}
        {guarded('the confusion matrix', <Confusion />)}
        {guarded('the gallery of broken images', <BrokenGallery />)}
        {guarded('the drawing pad', <DrawPanel />)}
        {guarded(
          'export',
          <Suspense fallback={null}>
            <ExportDialog />
          </Suspense>,
        )}
      </div>
    </div>
  );
}
