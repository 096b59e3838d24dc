/**
 * The time-lapse of a gradual run: the chosen layer's heatmap and histogram at every mask update of
 * the schedule, with the sparsity and training-accuracy traces under them, playable and scrubbable.
 * Frames arrive once the gradual arm has trained; they belong to that run and that model only.
 */
import type { ReactElement } from 'react';
import { TimeLapse, heatmapKindOf, useElementSize } from '../../charts/index.ts';
import type { LayerSpec } from '../../core/types.ts';
import { timelapseLayers, timelapseTarget } from '../../experiments/schedules.ts';
import {
  setTimelapseLayer,
  useExperiments,
  type RunRecord,
  type TimeLapseState,
} from '../../store/experiments.ts';
import { useApp } from '../../store/index.ts';
import { SelectField } from './common.tsx';

/** The layer the next run records: the one chosen here, else the workbench's selected layer. */
function useNextLayer(): { layers: LayerSpec[]; name: string | null } {
  const graph = useApp((s) => s.graph);
  const selected = useApp((s) => s.selectedLayer);
  const chosen = useExperiments((s) => s.timelapseLayer);
  if (!graph) return { layers: [], name: null };
  const target = timelapseTarget(graph, [chosen, selected]);
  return { layers: timelapseLayers(graph), name: target?.layer.name ?? null };
}

/** The drop-down choosing the layer the next gradual run records a time-lapse of. */
export function TimeLapseLayerField({ disabled }: { disabled: boolean }): ReactElement | null {
  const { layers, name } = useNextLayer();
  if (!name) return null;
  return (
    <SelectField
      label="Time-lapse of layer"
      value={name}
      options={layers.map((l) => ({ id: l.name, label: l.name }))}
      disabled={disabled}
      onChange={setTimelapseLayer}
    />
  );
}

/** What the panel says about the time-lapse of the latest run (or why there is none). */
function lapseStatus(
  lapse: TimeLapseState | null,
  run: RunRecord | undefined,
  next: string | null,
  modelId: string,
): string {
  if (!lapse || !run || lapse.runId !== run.id || lapse.model !== modelId)
    return `Run gradual vs one-shot to watch the weights of ${next ?? 'a layer'} die step by step.`;
  if (lapse.frames)
    return `${lapse.frames.length} frames of ${lapse.layer}: one at each mask update of the schedule and one after the last batch. Trained on ${lapse.backend ?? 'an unknown backend'}. Scrub with the slider (arrow keys, Home, End); Space plays and pauses.`;
  if (run.status === 'running')
    return `Recording ${lapse.layer}: the frames appear as soon as the gradual arm has trained.`;
  return `No time-lapse: the run ended before the gradual arm had trained.`;
}

/** The frames of the latest run with the layer they show, when they belong to the model on screen. */
function useFrames(): { lapse: TimeLapseState; layer: LayerSpec; shape: number[] } | null {
  const lapse = useExperiments((s) => s.timelapse);
  const graph = useApp((s) => s.graph);
  const modelId = useApp((s) => s.modelId);
  if (!lapse?.frames || !graph || lapse.model !== modelId) return null;
  const layer = graph.layers.find((l) => l.name === lapse.layer);
  const kernel = layer?.tensors.find((t) => t.key === lapse.tensor);
  return layer && kernel ? { lapse, layer, shape: kernel.shape } : null;
}

/** The time-lapse panel under the schedule chart. */
export function GradualTimeLapse(): ReactElement {
  const lapse = useExperiments((s) => s.timelapse);
  const run = useExperiments((s) => s.current.gradual);
  const theme = useApp((s) => s.theme);
  const modelId = useApp((s) => s.modelId);
  const { name } = useNextLayer();
  const shown = useFrames();
  const { ref, width } = useElementSize<HTMLDivElement>();
  const status = lapseStatus(lapse, run, name, modelId);
  return (
    <section
      className="panel"
      aria-label="Time-lapse"
      data-testid="timelapse"
      data-backend={shown?.lapse.backend ?? ''}
    >
      <h2>Time-lapse{shown ? ` of ${shown.layer.name}` : ''}</h2>
      <p className="explain" aria-live="polite" data-testid="timelapse-status">
        {status}
      </p>
      <div ref={ref} style={{ width: '100%' }}>
        {shown && width > 0 && (
          <TimeLapse
            key={shown.lapse.runId}
            frames={shown.lapse.frames ?? []}
            layer={shown.layer.name}
            shape={shown.shape}
            layout={heatmapKindOf(shown.layer.kind)}
            theme={theme}
            width={width}
            heatmapHeight={Math.round(Math.max(200, Math.min(360, width * 0.45)))}
          />
        )}
      </div>
    </section>
  );
}
