/**
 * WeightHeatmap: one weight tensor (or an RNN's input + recurrent kernels) as a canvas image, one
 * cell per weight, diverging colour centred on zero, pruned weights in a neutral grey. Geometry
 * conventions are documented in heatmapLayout.ts.
 */
import { useCallback, useMemo, type ReactElement } from 'react';
import { heatmapLUT, type ChartTheme } from './colors.ts';
import { formatWeight } from './formatters.ts';
import { maxAbsOf, paintHeatmap, type HeatmapKind, type HeatmapLayout } from './heatmapLayout.ts';
import { HeatmapView } from './HeatmapView.tsx';
import { hoverHandler, useHeatmapLayout } from './useHeatmapLayout.ts';

/** What the pointer is over. */
export interface HeatmapHoverInfo {
  /** Flat index inside its tensor. */
  index: number;
  tensor: 'kernel' | 'recurrent';
  /** Index along each axis of the tensor's shape, e.g. [kh, kw, in, out]. */
  multiIndex: number[];
  value: number;
  pruned: boolean;
  /** RNN only. */
  gate?: string;
  unit?: number;
}

/** Props of WeightHeatmap. */
export interface WeightHeatmapProps {
  weights: Float32Array;
  /** 1 = kept, 0 = pruned; same length as weights. */
  mask?: Uint8Array;
  /** TensorFlow.js shape: dense [in, out], conv2d [kh, kw, in, out], lstm [in, 4H], gru [in, 3H]. */
  shape: number[];
  layout: HeatmapKind;
  /** RNN recurrent kernel [H, G·H], drawn below the input kernel. */
  recurrent?: { weights: Float32Array; mask?: Uint8Array; shape: number[] };
  /** Colour domain [−maxAbs, +maxAbs]; default max |w| over the tensors shown. */
  maxAbs?: number;
  theme: ChartTheme;
  width: number;
  height: number;
  ariaLabel: string;
  /** Dense only: output neurons as rows (default) or columns. */
  denseOutputs?: 'rows' | 'columns';
  onHover?: (info: HeatmapHoverInfo | null) => void;
}

/** Tooltip text, e.g. "w[1,2,3,7] = −0.0123 · pruned" ("u[…]" for the recurrent kernel). */
export function describeWeight(info: HeatmapHoverInfo): string {
  const name = info.tensor === 'recurrent' ? 'u' : 'w';
  const where = info.gate !== undefined ? ` (gate ${info.gate}, unit ${info.unit})` : '';
  return `${name}[${info.multiIndex.join(',')}]${where} = ${formatWeight(info.value)}${
    info.pruned ? ' · pruned' : ''
  }`;
}

/** What a screen reader hears for the keyboard cursor, e.g. "w[1,2,3,7] = −0.0123, kept". */
export function announceWeight(info: HeatmapHoverInfo): string {
  const name = info.tensor === 'recurrent' ? 'recurrent weight' : 'weight';
  const where = info.gate !== undefined ? `, gate ${info.gate}, unit ${info.unit}` : '';
  return `${name} [${info.multiIndex.join(', ')}]${where} = ${formatWeight(info.value)}, ${
    info.pruned ? 'pruned' : 'kept'
  }`;
}

/** Hover info for a global index of a layout. */
export function weightInfo(
  layout: HeatmapLayout,
  index: number,
  tensors: { weights: Float32Array; mask?: Uint8Array }[],
): HeatmapHoverInfo {
  const loc = layout.locate(index);
  const t = tensors[loc.segment];
  const info: HeatmapHoverInfo = {
    index: loc.flatIndex,
    tensor: loc.tensor,
    multiIndex: loc.multiIndex,
    value: t.weights[loc.flatIndex],
    pruned: t.mask !== undefined && t.mask[loc.flatIndex] === 0,
  };
  if (loc.gate !== undefined) {
    info.gate = loc.gate;
    info.unit = loc.unit;
  }
  return info;
}

/** Canvas heatmap of a weight tensor with zoom, hover tooltip and crisp labels. */
export function WeightHeatmap(props: WeightHeatmapProps): ReactElement {
  const { weights, mask, shape, layout: kind, recurrent, theme, width, height, onHover } = props;
  const layout = useHeatmapLayout(shape, kind, recurrent?.shape, props.denseOutputs);
  const maxAbs = props.maxAbs ?? maxAbsOf(weights, recurrent?.weights);
  // (maxAbsOf is a single pass, < 0.5 ms for 100k weights.)
  const recWeights = recurrent?.weights;
  const recMask = recurrent?.mask;
  const tensors = useMemo(
    () =>
      recWeights
        ? [
            { weights, mask },
            { weights: recWeights, mask: recMask },
          ]
        : [{ weights, mask }],
    [weights, mask, recWeights, recMask],
  );
  // A painter, not pixels: the view paints into the buffer it keeps, so a slider step allocates
  // no image (400 kB for a 784x128 kernel).
  const image = useCallback(
    (rgba: Uint8ClampedArray) => {
      const lut = heatmapLUT(theme);
      tensors.forEach((t, segment) =>
        paintHeatmap(rgba, t.weights, t.mask, layout, lut, { maxAbs, segment }),
      );
    },
    [layout, tensors, theme, maxAbs],
  );

  return (
    <HeatmapView
      layout={layout}
      image={image}
      width={width}
      height={height}
      ariaLabel={props.ariaLabel}
      describe={(i) => describeWeight(weightInfo(layout, i, tensors))}
      announce={(i) => announceWeight(weightInfo(layout, i, tensors))}
      onCell={hoverHandler(onHover, (i) => weightInfo(layout, i, tensors))}
    />
  );
}
