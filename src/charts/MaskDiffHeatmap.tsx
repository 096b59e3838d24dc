/**
 * MaskDiffHeatmap: compares two masks of the same tensor cell by cell — kept by both, pruned by
 * both, pruned only by A, pruned only by B — with a legend that counts each category.
 */
import { useMemo, type ReactElement } from 'react';
import {
  CHART_COLORS,
  DIFF_CATEGORIES,
  DIFF_RGB,
  FONT,
  diffLUT,
  type ChartTheme,
  type DiffCategory,
} from './colors.ts';
import { formatCount } from './formatters.ts';
import { paintMaskDiff, type HeatmapKind, type HeatmapLayout } from './heatmapLayout.ts';
import { HeatmapView } from './HeatmapView.tsx';
import { hoverHandler, useHeatmapLayout } from './useHeatmapLayout.ts';

/** What the pointer is over in a mask comparison. */
export interface MaskDiffHoverInfo {
  index: number;
  tensor: 'kernel' | 'recurrent';
  multiIndex: number[];
  category: DiffCategory;
}

/** Props of MaskDiffHeatmap. */
export interface MaskDiffHeatmapProps {
  /** 1 = kept, 0 = pruned. */
  maskA: Uint8Array;
  maskB: Uint8Array;
  /** Names of the two masks, e.g. 'magnitude', 'SNIP'. */
  labelA: string;
  labelB: string;
  shape: number[];
  layout: HeatmapKind;
  recurrent?: { maskA: Uint8Array; maskB: Uint8Array; shape: number[] };
  theme: ChartTheme;
  width: number;
  height: number;
  ariaLabel: string;
  /** Show the legend row with counts under the heatmap (default true; takes 36 px). */
  legend?: boolean;
  denseOutputs?: 'rows' | 'columns';
  onHover?: (info: MaskDiffHoverInfo | null) => void;
}

const LEGEND_H = 36;

/** Legend text for a category. */
export function diffCategoryLabel(cat: DiffCategory, labelA: string, labelB: string): string {
  switch (cat) {
    case 'bothKept':
      return 'kept by both';
    case 'bothPruned':
      return 'pruned by both';
    case 'onlyA':
      return `pruned only by ${labelA}`;
    case 'onlyB':
      return `pruned only by ${labelB}`;
  }
}

/** The comparison painted into an RGBA image, the count per category and each cell's category. */
function useMaskDiffImage(
  layout: HeatmapLayout,
  maskA: Uint8Array,
  maskB: Uint8Array,
  recA: Uint8Array | undefined,
  recB: Uint8Array | undefined,
  theme: ChartTheme,
) {
  return useMemo(() => {
    const rgba = new Uint8ClampedArray(layout.width * layout.height * 4);
    const lut = diffLUT(theme);
    const total: [number, number, number, number] = paintMaskDiff(
      rgba,
      maskA,
      maskB,
      layout,
      lut,
      0,
    );
    if (recA && recB) {
      const c = paintMaskDiff(rgba, recA, recB, layout, lut, 1);
      for (let i = 0; i < 4; i++) total[i] += c[i];
    }
    const masks =
      recA && recB
        ? [
            [maskA, maskB],
            [recA, recB],
          ]
        : [[maskA, maskB]];
    const categoryOf = (seg: number, flat: number): DiffCategory => {
      const a = masks[seg][0][flat] !== 0;
      const b = masks[seg][1][flat] !== 0;
      return a && b ? 'bothKept' : !a && !b ? 'bothPruned' : !a ? 'onlyA' : 'onlyB';
    };
    return { image: rgba, counts: total, categoryOf };
  }, [layout, maskA, maskB, recA, recB, theme]);
}

/** The legend row: each category's swatch, name and count. */
function DiffLegend(props: {
  counts: number[];
  theme: ChartTheme;
  labelA: string;
  labelB: string;
}): ReactElement {
  return (
    <ul
      aria-label="Mask comparison legend"
      style={{
        display: 'flex',
        flexWrap: 'wrap',
        gap: '4px 18px',
        margin: 0,
        padding: '8px 0 0 0',
        listStyle: 'none',
        fontSize: FONT.tick,
        color: CHART_COLORS.text,
      }}
    >
      {DIFF_CATEGORIES.map((cat, i) => (
        <li key={cat} data-category={cat} style={{ display: 'flex', alignItems: 'center', gap: 6 }}>
          <span
            aria-hidden="true"
            style={{
              width: 14,
              height: 14,
              background: DIFF_RGB[props.theme][cat],
              border: `1px solid ${CHART_COLORS.axis}`,
              display: 'inline-block',
            }}
          />
          {diffCategoryLabel(cat, props.labelA, props.labelB)}{' '}
          <strong style={{ fontVariantNumeric: 'tabular-nums' }}>
            {formatCount(props.counts[i])}
          </strong>
        </li>
      ))}
    </ul>
  );
}

/** Canvas comparison of two pruning masks. */
export function MaskDiffHeatmap(props: MaskDiffHeatmapProps): ReactElement {
  const { maskA, maskB, shape, layout: kind, recurrent, theme, width, height, onHover } = props;
  const showLegend = props.legend ?? true;
  const layout = useHeatmapLayout(shape, kind, recurrent?.shape, props.denseOutputs);
  const { image, counts, categoryOf } = useMaskDiffImage(
    layout,
    maskA,
    maskB,
    recurrent?.maskA,
    recurrent?.maskB,
    theme,
  );

  const info = (i: number): MaskDiffHoverInfo => {
    const loc = layout.locate(i);
    return {
      index: loc.flatIndex,
      tensor: loc.tensor,
      multiIndex: loc.multiIndex,
      category: categoryOf(loc.segment, loc.flatIndex),
    };
  };
  const viewH = showLegend ? Math.max(40, height - LEGEND_H) : height;

  return (
    <div className="pl-chart" style={{ width, height }}>
      <HeatmapView
        layout={layout}
        image={image}
        width={width}
        height={viewH}
        ariaLabel={props.ariaLabel}
        describe={(i) => {
          const h = info(i);
          const name = h.tensor === 'recurrent' ? 'u' : 'w';
          return `${name}[${h.multiIndex.join(',')}] · ${diffCategoryLabel(h.category, props.labelA, props.labelB)}`;
        }}
        onCell={hoverHandler(onHover, info)}
      />
      {showLegend ? (
        <DiffLegend counts={counts} theme={theme} labelA={props.labelA} labelB={props.labelB} />
      ) : null}
    </div>
  );
}
