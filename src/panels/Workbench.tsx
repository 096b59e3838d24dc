import { lazy, Suspense } from 'react';
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

/** The main screen: the pruning panel beside the selected layer and the charts. */
/** The chart the open lesson's step is about (presenter mode shows it big), or null. */
function useLessonFocus(): string | null {
  const lesson = useApp((s) => s.lesson);
  return lesson ? (sceneAt(lesson.id, lesson.position)?.focus ?? null) : null;
}

export function Workbench() {
  const graph = useApp((s) => s.graph);
  const selected = useApp((s) => s.selectedLayer);
  const focus = useLessonFocus();
  const presenter = useApp((s) => s.presenter);
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
        {presenter && focus === 'latency' && guarded('the latency chart', <LatencyPanel />)}
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
