import {
  Fragment,
  lazy,
  startTransition,
  Suspense,
  useEffect,
  useState,
  type ReactNode,
} from 'react';
import { useApp } from '../store/index.ts';
import { sceneAt } from '../store/lessons.ts';
import { PruningPanel } from './PruningPanel.tsx';
import { LayerDetail } from './LayerDetail.tsx';
import { guarded } from './ErrorBoundary.tsx';
import { AccuracyCurve, Confusion, SparsityBars, TrainingCurves } from './WorkbenchCharts.tsx';
import { BrokenGallery } from './BrokenGallery.tsx';
import { DrawPanel } from './DrawPanel.tsx';
import { LatencyPanel } from './LatencyPanel.tsx';

// The export dialog (zip writer, recipes) loads after the first screen.
const ExportDialog = lazy(() =>
  import('./ExportDialog.tsx').then((m) => ({ default: m.ExportDialog })),
);

/** The chart the open lesson's step is about (presenter mode shows it big), or null. */
function useLessonFocus(): string | null {
  const lesson = useApp((s) => s.lesson);
  return lesson ? (sceneAt(lesson.id, lesson.position)?.focus ?? null) : null;
}

/**
 * How many of `total` panels to show: none at mount, then one more per task. A model's first
 * render then never holds the page for all its charts at once, and each panel renders as a
 * transition, which React interrupts: a result arriving meanwhile (the first accuracy readout) is
 * shown at once, not after the panel.
 */
function useStaged(total: number): number {
  const [shown, setShown] = useState(0);
  useEffect(() => {
    if (shown >= total) return;
    const t = setTimeout(() => startTransition(() => setShown(shown + 1)), 0);
    return () => clearTimeout(t);
  }, [shown, total]);
  return shown;
}

/** The main screen: the pruning panel beside the selected layer and the charts. */
export function Workbench() {
  const graph = useApp((s) => s.graph);
  const selected = useApp((s) => s.selectedLayer);
  const focus = useLessonFocus();
  const presenter = useApp((s) => s.presenter);
  const layer =
    graph?.layers.find((l) => l.name === selected && l.tensors.length > 0) ??
    graph?.layers.find((l) => l.tensors.length > 0);
  const charts: [string, ReactNode][] = [
    ['bars', guarded('the sparsity bars', <SparsityBars />)],
    ['curve', guarded('the accuracy curve', <AccuracyCurve />)],
    ['training', guarded('the training curves', <TrainingCurves />)],
    ['confusion', guarded('the confusion matrix', <Confusion />)],
    ['gallery', guarded('the gallery of broken images', <BrokenGallery />)],
    ['draw', guarded('the drawing pad', <DrawPanel />)],
    ['latency', presenter && focus === 'latency' && guarded('the latency chart', <LatencyPanel />)],
    [
      'export',
      guarded(
        'export',
        <Suspense fallback={null}>
          <ExportDialog />
        </Suspense>,
      ),
    ],
  ];
  // The charts wait for the model's first result (most of them show results): until then the
  // readout's evaluation has the machine to itself.
  const evaluated = useApp((s) => s.preview !== null || s.full !== null || s.evalError !== null);
  const shown = useStaged(evaluated ? charts.length : 0);
  return (
    <div className="workbench" data-focus={focus ?? undefined}>
      {guarded('the pruning panel', <PruningPanel />)}
      <div className="main-col">
        {layer && guarded(`layer ${layer.name}`, <LayerDetail key={layer.name} layer={layer} />)}
        {charts.slice(0, shown).map(([key, node]) => (
          <Fragment key={key}>{node}</Fragment>
        ))}
      </div>
    </div>
  );
}
