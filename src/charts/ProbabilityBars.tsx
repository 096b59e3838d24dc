/**
 * ProbabilityBars: class probabilities of one example from two models side by side (unpruned and
 * pruned), one row per class, each model's predicted class highlighted.
 */
import type { ReactElement } from 'react';
import { CHART_COLORS, seriesColor } from './colors.ts';

export interface ProbabilityBarsProps {
  /** Probabilities per class (0..1) of each model; null while computing or with nothing drawn. */
  unpruned: number[] | null;
  pruned: number[] | null;
  classNames: string[];
  /** Column titles (default 'Unpruned', 'Pruned'). */
  titles?: [string, string];
  width: number;
  /** Height of one class row in px (default 22). */
  rowHeight?: number;
  ariaLabel: string;
}

/** Index of the largest probability (first on ties); -1 for none. */
export function predictedClass(p: number[] | null): number {
  if (!p || p.length === 0) return -1;
  return p.reduce((best, v, i) => (v > p[best] ? i : best), 0);
}

const LABEL_W = 64;
const GAP = 16;
const HEAD = 26;

function Column(props: {
  probs: number[] | null;
  x: number;
  w: number;
  row: number;
  title: string;
  color: string;
  id: 'unpruned' | 'pruned';
  classes: number;
}): ReactElement {
  const { probs, x, w, row, title, color, id } = props;
  const pred = predictedClass(probs);
  const pctText = (v: number) => `${(v * 100).toFixed(v >= 0.995 || v < 0.1 ? 1 : 0)}%`;
  return (
    <g data-model={id} data-predicted={pred >= 0 ? pred : undefined}>
      <text x={x} y={16} fontWeight="bold" style={{ fill: CHART_COLORS.text }}>
        {title}
        {pred >= 0 ? `: ${pred}` : ''}
      </text>
      {Array.from({ length: props.classes }, (_, c) => {
        const v = probs?.[c] ?? 0;
        const y = HEAD + c * row;
        const top = c === pred;
        return (
          <g key={c} data-class={c} data-top={top || undefined}>
            <rect x={x} y={y + 3} width={w} height={row - 6} style={{ fill: CHART_COLORS.grid }} />
            <rect
              x={x}
              y={y + 3}
              width={Math.max(0, Math.min(1, v)) * w}
              height={row - 6}
              style={{ fill: top ? CHART_COLORS.accent : color }}
            />
            {probs && (
              <text
                x={x + w - 4}
                y={y + row / 2 + 5}
                textAnchor="end"
                style={{ fill: CHART_COLORS.text }}
              >
                {pctText(v)}
              </text>
            )}
          </g>
        );
      })}
    </g>
  );
}

/** Two columns of horizontal probability bars sharing the class labels on the left. */
export function ProbabilityBars(props: ProbabilityBarsProps): ReactElement {
  const { unpruned, pruned, classNames, width } = props;
  const row = props.rowHeight ?? 22;
  const [ta, tb] = props.titles ?? ['Unpruned', 'Pruned'];
  const colW = Math.max(40, (width - LABEL_W - GAP) / 2);
  const height = HEAD + classNames.length * row;
  const pu = predictedClass(unpruned);
  const pp = predictedClass(pruned);
  const columns = [
    { id: 'unpruned', probs: unpruned, title: ta },
    { id: 'pruned', probs: pruned, title: tb },
  ] as const;
  return (
    <svg
      width={width}
      height={height}
      role="img"
      aria-label={`${props.ariaLabel}. ${ta}: ${pu >= 0 ? classNames[pu] : 'none'}; ${tb}: ${pp >= 0 ? classNames[pp] : 'none'}.`}
      className="probability-bars"
      style={{ font: 'var(--chart-font-size-tick) var(--chart-font)' }}
    >
      {classNames.map((name, c) => (
        <text
          key={c}
          x={LABEL_W - 8}
          y={HEAD + c * row + row / 2 + 5}
          textAnchor="end"
          fontWeight={c === pu || c === pp ? 'bold' : undefined}
          style={{ fill: CHART_COLORS.text }}
        >
          {name}
        </text>
      ))}
      {columns.map((c, i) => (
        <Column
          key={c.id}
          {...c}
          x={LABEL_W + i * (colW + GAP)}
          w={colW}
          row={row}
          color={seriesColor(i)}
          classes={classNames.length}
        />
      ))}
    </svg>
  );
}
