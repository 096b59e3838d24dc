/**
 * ConfusionMatrix: rows = true class, columns = predicted class; cell colour is the row fraction
 * (sequential: the --chart-seq colour at increasing opacity, so it reads in both themes); counts
 * printed in cells that are big enough.
 */
import type { ReactElement } from 'react';
import { scaleBand } from 'd3-scale';
import { ChartSvg } from './ChartSvg.tsx';
import { CHART_COLORS, FONT } from './colors.ts';
import { formatCount, formatPercent } from './formatters.ts';

/** Props of ConfusionMatrix. */
export interface ConfusionMatrixProps {
  /** matrix[true][predicted] = count. */
  matrix: number[][];
  classNames: string[];
  width: number;
  height: number;
  ariaLabel: string;
  /** Colour by row fraction (default) or by count over the largest cell. */
  normalize?: 'row' | 'all';
}

/** Cell intensity in [0, 1] for each cell. */
export function confusionIntensity(
  matrix: number[][],
  normalize: 'row' | 'all' = 'row',
): number[][] {
  const max = Math.max(0, ...matrix.flat());
  return matrix.map((row) => {
    const sum = row.reduce((a, b) => a + b, 0);
    return row.map((c) => (normalize === 'row' ? (sum > 0 ? c / sum : 0) : max > 0 ? c / max : 0));
  });
}

/** One cell: its grey ground, the intensity-shaded square (outlined on the diagonal) and its count. */
function Cell(props: {
  row: number[];
  r: number;
  k: number;
  t: number;
  x: number;
  y: number;
  bw: number;
  classNames: string[];
  showCounts: boolean;
}): ReactElement {
  const { row, r, k, t, x, y, bw, classNames } = props;
  const c = row[k];
  const sum = row.reduce((a, b) => a + b, 0);
  return (
    <g data-cell={`${r},${k}`}>
      <title>{`true ${classNames[r] ?? r}, predicted ${classNames[k] ?? k}: ${formatCount(c)} (${formatPercent(
        sum > 0 ? c / sum : 0,
      )} of row)`}</title>
      <rect x={x} y={y} width={bw} height={bw} style={{ fill: CHART_COLORS.grid }} />
      <rect
        x={x}
        y={y}
        width={bw}
        height={bw}
        fillOpacity={t === 0 ? 0 : 0.08 + 0.92 * t}
        strokeWidth={r === k ? 2 : 0}
        style={{ fill: CHART_COLORS.seq, stroke: CHART_COLORS.text }}
      />
      {props.showCounts && c > 0 ? (
        <text
          x={x + bw / 2}
          y={y + bw / 2}
          dy="0.35em"
          textAnchor="middle"
          style={{
            fontSize: Math.min(FONT.tick, bw * 0.4),
            fontVariantNumeric: 'tabular-nums',
            fill: t > 0.5 ? CHART_COLORS.seqInk : CHART_COLORS.text,
          }}
        >
          {formatCount(c)}
        </text>
      ) : null}
    </g>
  );
}

/** Each class name above its column and left of its row. */
function ClassLabels(props: {
  names: string[];
  at: (i: number) => number;
  bw: number;
  fontSize: number;
}): ReactElement {
  const { names, at, bw, fontSize } = props;
  return (
    <>
      {names.map((name, i) => (
        <g key={name + i}>
          <text
            x={at(i) + bw / 2}
            y={-8}
            textAnchor="middle"
            style={{ fontSize, fill: CHART_COLORS.text }}
          >
            {name}
          </text>
          <text
            x={-8}
            y={at(i) + bw / 2}
            dy="0.35em"
            textAnchor="end"
            style={{ fontSize, fill: CHART_COLORS.text }}
          >
            {name}
          </text>
        </g>
      ))}
    </>
  );
}

/** SVG confusion matrix. */
export function ConfusionMatrix(props: ConfusionMatrixProps): ReactElement {
  const { matrix, classNames, width, height } = props;
  const n = matrix.length;
  const m = { top: 56, right: 8, bottom: 8, left: 86 };
  const side = Math.max(10, Math.min(width - m.left - m.right, height - m.top - m.bottom));
  const ids = Array.from({ length: n }, (_, i) => String(i));
  const band = scaleBand<string>().domain(ids).range([0, side]).paddingInner(0.04);
  const at = (i: number) => band(String(i)) ?? 0;
  const bw = band.bandwidth();
  const intensity = confusionIntensity(matrix, props.normalize);
  const maxLabel = Math.max(1, ...matrix.flat().map((c) => formatCount(c).length));
  const showCounts = bw >= Math.max(22, maxLabel * 8 + 6);

  return (
    <ChartSvg width={width} height={height} ariaLabel={props.ariaLabel}>
      <text
        x={m.left + side / 2}
        y={16}
        textAnchor="middle"
        style={{ fontSize: FONT.label, fill: CHART_COLORS.muted }}
      >
        predicted class
      </text>
      <text
        transform={`translate(16,${m.top + side / 2}) rotate(-90)`}
        textAnchor="middle"
        style={{ fontSize: FONT.label, fill: CHART_COLORS.muted }}
      >
        true class
      </text>
      <g transform={`translate(${m.left},${m.top})`}>
        {matrix.map((row, r) =>
          row.map((_, k) => (
            <Cell
              key={`${r}-${k}`}
              {...{ row, r, k, bw, classNames, showCounts }}
              t={intensity[r][k]}
              x={at(k)}
              y={at(r)}
            />
          )),
        )}
        {bw >= 12 ? (
          <ClassLabels
            names={classNames.slice(0, n)}
            at={at}
            bw={bw}
            fontSize={bw >= 16 ? FONT.tick : FONT.small}
          />
        ) : null}
      </g>
    </ChartSvg>
  );
}
