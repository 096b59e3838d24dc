/** The workbench's chart panels below the selected layer: curve, sparsity bars, training, confusion. */
import { memo, useEffect, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { BarChart, ConfusionMatrix, LineChart, useElementSize } from '../charts/index.ts';
import type { NetworkMetrics } from '../core/index.ts';
import { methodInfo } from '../core/methods.ts';
import type { MethodId } from '../core/types.ts';
import { classNames } from '../data/index.ts';
import { computeCurve, selectLayer } from '../store/actions.ts';
import { useApp } from '../store/index.ts';
import { selectAccuracy } from '../store/selectors.ts';
import { ChartDownload } from './ChartDownload.tsx';
import { accuracyCurveView, type AccuracyCurveView } from './accuracyCurveView.ts';
import { useMetrics } from './useMetrics.ts';
import { useChartBox } from './useChartBox.ts';
import { laggingProps, useLagging } from './useLagging.ts';

/** The accuracy chart itself (re-renders only when what it draws changes). */
const CurveChart = memo(function CurveChart({
  method,
  view,
}: {
  method: MethodId;
  view: AccuracyCurveView;
}) {
  const { ref, width, height } = useChartBox();
  return (
    <div ref={ref} className="chart-box" style={{ width: '100%' }}>
      {width > 0 && (
        <LineChart
          series={[
            {
              id: method,
              label: `${methodInfo(method).label}, every layer's slider at one value`,
              points: view.points,
            },
          ]}
          xLabel="sparsity (fraction of weights pruned)"
          yLabel="test accuracy (preview)"
          xDomain={[0, 1]}
          yDomain={[0, 1]}
          xFormat=".0%"
          yFormat=".0%"
          referenceY={view.reference}
          marker={view.marker}
          width={width}
          height={height(280)}
          ariaLabel="Accuracy against sparsity for the current method"
        />
      )}
    </div>
  );
});

/** Accuracy against sparsity for the current method, with "you are here" (lags a slider step). */
export function AccuracyCurve() {
  const curve = useApp((s) => s.curve);
  const method = useApp((s) => s.config.method);
  const weights = useApp((s) => s.weights);
  const accuracy = useApp(useShallow(selectAccuracy));
  const metrics = useMetrics();
  useEffect(() => {
    void computeCurve();
  }, [method, weights]);
  // The marker shows the summary's value against the summary's baseline (one selector for both),
  // at the same x as the curve: the fraction of weights pruned.
  const view = useMemo(
    () => accuracyCurveView(curve, method, metrics, accuracy),
    [curve, method, metrics, accuracy],
  );
  const [shown, lagging] = useLagging(useMemo(() => ({ method, view }), [method, view]));
  return (
    <section className="panel" aria-label="Accuracy against sparsity" {...laggingProps(lagging)}>
      <div className="panel-head">
        <h2>Accuracy vs sparsity · {methodInfo(shown.method).label}</h2>
        <ChartDownload title="accuracy curve" file="accuracy-curve" />
      </div>
      <CurveChart method={shown.method} view={shown.view} />
    </section>
  );
}

/** The bars of SparsityBars (re-render only when the metrics or the selection change). */
const SparsityBarChart = memo(function SparsityBarChart({
  metrics,
  selected,
}: {
  metrics: NetworkMetrics | null;
  selected: string | null;
}) {
  const { ref, width } = useElementSize<HTMLDivElement>();
  const bars = (metrics?.layers ?? []).map((l) => ({
    id: l.layer,
    label: l.layer,
    value: l.weightSparsity,
    highlight: l.layer === selected,
  }));
  return (
    <div ref={ref} style={{ width: '100%' }}>
      {width > 0 && (
        <BarChart
          bars={bars}
          valueFormat=".0%"
          yDomain={[0, 1]}
          width={width}
          height={280}
          valueLabel="sparsity"
          onSelect={selectLayer}
          ariaLabel="Sparsity per layer"
        />
      )}
    </div>
  );
});

/** Sparsity per layer as bars; clicking a bar selects the layer (lags a slider step). */
export function SparsityBars() {
  const [metrics, lagging] = useLagging(useMetrics());
  const selected = useApp((s) => s.selectedLayer);
  return (
    <section className="panel" aria-label="Sparsity per layer" {...laggingProps(lagging)}>
      <div className="panel-head">
        <h2>Sparsity per layer</h2>
        <ChartDownload title="sparsity bars" file="sparsity-per-layer" />
      </div>
      <SparsityBarChart metrics={metrics} selected={selected} />
    </section>
  );
}

/** Loss and accuracy per batch of the current (or last) training run. */
export function TrainingCurves() {
  const history = useApp((s) => s.trainHistory);
  const { ref, width } = useElementSize<HTMLDivElement>();
  if (history.length < 2) return null;
  const loss = history.map((p) => ({ x: p.done, y: p.loss }));
  const acc = history.map((p) => ({ x: p.done, y: p.accuracy }));
  const half = Math.max(0, Math.floor((width - 12) / 2));
  return (
    <section className="panel span-2" aria-label="Training curves">
      <h2>Training</h2>
      <div ref={ref} style={{ display: 'flex', gap: 12 }}>
        {width > 0 && (
          <>
            <LineChart
              series={[{ id: 'loss', label: 'training loss', points: loss, showPoints: false }]}
              xLabel="batches"
              yLabel="loss"
              width={half}
              height={240}
              ariaLabel="Training loss per batch"
            />
            <LineChart
              series={[{ id: 'acc', label: 'training accuracy', points: acc, showPoints: false }]}
              xLabel="batches"
              yLabel="accuracy (batch)"
              yFormat=".0%"
              yDomain={[0, 1]}
              width={half}
              height={240}
              ariaLabel="Training accuracy per batch"
            />
          </>
        )}
      </div>
    </section>
  );
}

/** Which classes the pruned model confuses (full test set). */
export function Confusion() {
  const full = useApp((s) => s.full);
  const dataset = useApp((s) => s.datasetId);
  const { ref, width, height } = useChartBox();
  if (!full) return null;
  const names = classNames[dataset];
  return (
    <section className="panel" aria-label="Confusion matrix">
      <div className="panel-head">
        <h2>Confusion matrix · full test set</h2>
        <ChartDownload title="confusion matrix" file="confusion-matrix" detail="full test set" />
      </div>
      <p className="explain">
        Rows: true class; columns: predicted. Pruning damage shows as new off-diagonal cells.
      </p>
      <div ref={ref} className="chart-box" style={{ width: '100%' }}>
        {width > 0 && (
          <ConfusionMatrix
            matrix={full.confusion}
            classNames={[...names]}
            width={width}
            height={height(Math.min(width, 380))}
            ariaLabel="Confusion matrix of the pruned model"
          />
        )}
      </div>
    </section>
  );
}
