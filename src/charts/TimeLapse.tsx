/**
 * TimeLapse: replays a gradual-pruning run of one layer. At the chosen frame it shows the layer's
 * heatmap and weight histogram (pruned weights grey), and under them the accuracy and sparsity
 * traces with a marker at the frame. A scrubber (range input: arrows, Home, End) and a play button
 * move through the frames.
 */
import { useEffect, useMemo, useState, type ReactElement } from 'react';
import { scaleLinear } from 'd3-scale';
import { CHART_COLORS, seriesColor, type ChartTheme } from './colors.ts';
import type { HeatmapKind } from './heatmapLayout.ts';
import { WeightHeatmap } from './WeightHeatmap.tsx';
import { WeightHistogram } from './WeightHistogram.tsx';

/** One frame: the layer's weights and mask at a step of the run. */
export interface TimeLapseFrameData {
  /** Training batches done. */
  step: number;
  /** Network-wide sparsity at this step, 0..1. */
  sparsity: number;
  /** Accuracy at this step (0..1), null when not measured. */
  accuracy: number | null;
  weights: Float32Array;
  mask: Uint8Array;
}

export interface TimeLapseProps {
  frames: TimeLapseFrameData[];
  /** Layer name and its kernel's shape and heatmap layout. */
  layer: string;
  shape: number[];
  layout: HeatmapKind;
  theme: ChartTheme;
  width: number;
  heatmapHeight: number;
  /** Frame shown first (default 0). */
  initialFrame?: number;
  /** Milliseconds per frame when playing (default 400). */
  intervalMs?: number;
  /** Told whenever the frame changes. */
  onFrame?: (index: number) => void;
}

const TRACE_H = 90;
const PAD = { l: 46, r: 10, t: 8, b: 20 };

function Trace(props: {
  frames: TimeLapseFrameData[];
  index: number;
  width: number;
}): ReactElement {
  const { frames, index, width } = props;
  const steps = frames.map((f) => f.step);
  const x = scaleLinear()
    .domain([Math.min(...steps), Math.max(...steps, Math.min(...steps) + 1)])
    .range([PAD.l, width - PAD.r]);
  const y = scaleLinear()
    .domain([0, 1])
    .range([TRACE_H - PAD.b, PAD.t]);
  const path = (v: (f: TimeLapseFrameData) => number | null) =>
    frames
      .filter((f) => v(f) !== null)
      .map((f, i) => `${i ? 'L' : 'M'}${x(f.step).toFixed(1)},${y(v(f)!).toFixed(1)}`)
      .join('');
  const cur = frames[index];
  return (
    <svg
      width={width}
      height={TRACE_H}
      role="img"
      aria-label="Accuracy and sparsity during the run"
      className="time-lapse-trace"
    >
      <line
        x1={PAD.l}
        x2={width - PAD.r}
        y1={y(0)}
        y2={y(0)}
        style={{ stroke: CHART_COLORS.axis }}
      />
      <text x={PAD.l - 4} y={y(1) + 8} textAnchor="end" style={{ fill: CHART_COLORS.muted }}>
        100%
      </text>
      <text x={PAD.l - 4} y={y(0)} textAnchor="end" style={{ fill: CHART_COLORS.muted }}>
        0
      </text>
      <path
        d={path((f) => f.sparsity)}
        fill="none"
        strokeWidth={2}
        strokeDasharray="5 3"
        style={{ stroke: seriesColor(1) }}
        data-series="sparsity"
      />
      <path
        d={path((f) => f.accuracy)}
        fill="none"
        strokeWidth={2.5}
        style={{ stroke: seriesColor(0) }}
        data-series="accuracy"
      />
      {cur && (
        <line
          data-role="frame-marker"
          x1={x(cur.step)}
          x2={x(cur.step)}
          y1={PAD.t}
          y2={y(0)}
          strokeWidth={2}
          style={{ stroke: CHART_COLORS.accent }}
        />
      )}
      <text x={width - PAD.r} y={TRACE_H - 4} textAnchor="end" style={{ fill: CHART_COLORS.muted }}>
        batches — training accuracy (solid), sparsity (dashed)
      </text>
    </svg>
  );
}

function maxAbsOf(frames: TimeLapseFrameData[]): number {
  let m = 0;
  for (const f of frames) for (const v of f.weights) if (Math.abs(v) > m) m = Math.abs(v);
  return m || 1;
}

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

/** Fraction of a mask's entries that are pruned (0). */
function prunedShare(mask: Uint8Array): number {
  let pruned = 0;
  for (const m of mask) if (!m) pruned++;
  return mask.length ? pruned / mask.length : 0;
}

/**
 * The caption of a frame: "conv2 · batch 14 · sparsity 80.0% (layer 79.9% pruned) · training
 * accuracy 95.3%": the step, the schedule's network-wide sparsity, the share of this layer's
 * weights the frame's mask prunes, and the training accuracy of the latest batch.
 */
export function frameCaption(layer: string, f: TimeLapseFrameData): string {
  const acc = f.accuracy === null ? 'not measured yet' : pct(f.accuracy);
  return `${layer} · batch ${f.step} · sparsity ${pct(f.sparsity)} (layer ${pct(prunedShare(f.mask))} pruned) · training accuracy ${acc}`;
}

/** Frame, play/pause and seek of a player over `count` frames; playing stops at the last one. */
function usePlayer(count: number, initial: number, intervalMs: number) {
  const last = Math.max(0, count - 1);
  const [index, setIndex] = useState(Math.min(initial, last));
  const [playing, setPlaying] = useState(false);
  const shown = Math.min(index, last);
  useEffect(() => {
    if (!playing) return;
    const t = setInterval(() => {
      setIndex((i) => {
        if (i >= last) {
          setPlaying(false);
          return i;
        }
        return i + 1;
      });
    }, intervalMs);
    return () => clearInterval(t);
  }, [playing, last, intervalMs]);
  return {
    shown,
    last,
    playing,
    /** Plays (from the start when at the end) or pauses. */
    play: () => {
      if (!playing && shown >= last) setIndex(0);
      setPlaying(!playing);
    },
    seek: (i: number) => {
      setPlaying(false);
      setIndex(i);
    },
  };
}

/** A scrubbable player of a layer's frames (Space on the scrubber plays and pauses). */
export function TimeLapse(props: TimeLapseProps): ReactElement {
  const { frames, width, onFrame } = props;
  const { shown, last, playing, play, seek } = usePlayer(
    frames.length,
    props.initialFrame ?? 0,
    props.intervalMs ?? 400,
  );
  const maxAbs = useMemo(() => maxAbsOf(frames), [frames]);
  useEffect(() => onFrame?.(shown), [shown, onFrame]);
  const f = frames[shown];
  if (!f) return <p className="time-lapse-empty">Run gradual pruning to record a time-lapse.</p>;
  return (
    <div className="time-lapse" data-frame={shown}>
      <p className="time-lapse-readout" aria-live="polite" data-testid="time-lapse-readout">
        {frameCaption(props.layer, f)}
      </p>
      <WeightHeatmap
        weights={f.weights}
        mask={f.mask}
        shape={props.shape}
        layout={props.layout}
        maxAbs={maxAbs}
        theme={props.theme}
        width={width}
        height={props.heatmapHeight}
        ariaLabel={`${props.layer} weights at batch ${f.step}`}
      />
      <WeightHistogram
        weights={f.weights}
        mask={f.mask}
        domain={[-maxAbs, maxAbs]}
        width={width}
        height={160}
        ariaLabel={`${props.layer} weight histogram at batch ${f.step}`}
      />
      <Trace frames={frames} index={shown} width={width} />
      <div className="time-lapse-controls">
        <button type="button" onClick={play} aria-pressed={playing}>
          {playing ? 'Pause' : 'Play'}
        </button>
        <input
          type="range"
          min={0}
          max={last}
          step={1}
          value={shown}
          aria-label="Frame"
          aria-valuetext={`batch ${f.step}, sparsity ${pct(f.sparsity)}`}
          aria-keyshortcuts="Space"
          onChange={(e) => seek(Number(e.currentTarget.value))}
          onKeyDown={(e) => {
            if (e.key !== ' ') return;
            e.preventDefault();
            play();
          }}
        />
        <span>
          {shown + 1} / {frames.length}
        </span>
      </div>
    </div>
  );
}
