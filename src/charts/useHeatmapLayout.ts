/** The heatmap layout of a kernel (and an RNN's recurrent kernel), kept while the shapes hold. */
import { useMemo } from 'react';
import { heatmapLayout, type HeatmapKind, type HeatmapLayout } from './heatmapLayout.ts';

/**
 * `heatmapLayout(shape, kind, …)` memoised on the shapes' values, so a new array with the same
 * dimensions (each render) keeps the layout and the painted image.
 */
export function useHeatmapLayout(
  shape: number[],
  kind: HeatmapKind,
  recurrentShape?: number[],
  denseOutputs?: 'rows' | 'columns',
): HeatmapLayout {
  const shapeKey = `${shape.join('x')}|${recurrentShape?.join('x') ?? ''}|${denseOutputs ?? ''}`;
  return useMemo(
    () => heatmapLayout(shape, kind, { recurrentShape, denseOutputs }),
    // shapeKey stands for shape, recurrentShape and denseOutputs by value.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [shapeKey, kind],
  );
}

/**
 * The `onCell` handler of HeatmapView for an `onHover` prop: hover info of the cell under the
 * pointer, or null when it leaves; undefined when nobody listens.
 */
export function hoverHandler<T>(
  onHover: ((info: T | null) => void) | undefined,
  info: (index: number) => T,
): ((index: number) => void) | undefined {
  return onHover ? (i) => onHover(i < 0 ? null : info(i)) : undefined;
}
