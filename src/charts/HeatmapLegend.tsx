/** HeatmapLegend: the diverging colour bar of WeightHeatmap with −max, 0, +max and a pruned swatch. */
import { useId, type ReactElement } from 'react';
import { ChartSvg } from './ChartSvg.tsx';
import { CHART_COLORS, FONT, PRUNED_RGB, divergingColor, type ChartTheme } from './colors.ts';
import { formatWeight } from './formatters.ts';

/** Props of HeatmapLegend. */
export interface HeatmapLegendProps {
  /** The heatmap's colour domain is [−maxAbs, +maxAbs]. */
  maxAbs: number;
  theme: ChartTheme;
  width: number;
  /** Default 52. */
  height?: number;
  /** Show the "pruned" swatch (default true). */
  showPruned?: boolean;
  /** Tick format (default 3 significant digits). */
  format?: (v: number) => string;
  ariaLabel?: string;
}

const BAR_Y = 6;
const BAR_H = 16;

/** The −max, 0 and +max ticks under the bar. */
function LegendTicks({ ticks }: { ticks: [number, string][] }): ReactElement {
  return (
    <>
      {ticks.map(([x, label], i) => (
        <g key={i}>
          <line
            x1={x}
            x2={x}
            y1={BAR_Y + BAR_H}
            y2={BAR_Y + BAR_H + 5}
            style={{ stroke: CHART_COLORS.axis }}
          />
          <text
            x={x}
            y={BAR_Y + BAR_H + 8}
            dy="0.8em"
            textAnchor={i === 0 ? 'start' : i === 2 ? 'end' : 'middle'}
            style={{ fontSize: FONT.tick, fill: CHART_COLORS.text }}
          >
            {label}
          </text>
        </g>
      ))}
    </>
  );
}

/** The grey "pruned" swatch and its label, starting at x. */
function PrunedSwatch({ x, theme }: { x: number; theme: ChartTheme }): ReactElement {
  return (
    <g data-legend="pruned">
      <rect
        x={x}
        y={BAR_Y}
        width={BAR_H}
        height={BAR_H}
        fill={PRUNED_RGB[theme]}
        style={{ stroke: CHART_COLORS.axis }}
      />
      <text
        x={x + BAR_H + 6}
        y={BAR_Y + BAR_H / 2}
        dy="0.35em"
        style={{ fontSize: FONT.tick, fill: CHART_COLORS.text }}
      >
        pruned
      </text>
    </g>
  );
}

/** Gradient bar legend for weight heatmaps. */
export function HeatmapLegend(props: HeatmapLegendProps): ReactElement {
  const { maxAbs, theme, width, height = 52, showPruned = true } = props;
  const fmt = props.format ?? formatWeight;
  const id = useId().replace(/:/g, '');
  const swatchW = showPruned ? 92 : 0;
  const x0 = 10;
  const x1 = Math.max(x0 + 40, width - swatchW - 14);
  const stops = Array.from({ length: 17 }, (_, i) => i / 16);
  return (
    <ChartSvg
      width={width}
      height={height}
      style={null}
      ariaLabel={
        props.ariaLabel ??
        `Colour scale from ${fmt(-maxAbs)} (blue) through 0 to ${fmt(maxAbs)} (red)${
          showPruned ? '; grey = pruned' : ''
        }`
      }
    >
      <defs>
        <linearGradient id={`g${id}`} x1="0" x2="1" y1="0" y2="0">
          {stops.map((t) => (
            <stop key={t} offset={t} stopColor={divergingColor(theme, t)} />
          ))}
        </linearGradient>
      </defs>
      <rect
        x={x0}
        y={BAR_Y}
        width={x1 - x0}
        height={BAR_H}
        fill={`url(#g${id})`}
        style={{ stroke: CHART_COLORS.axis }}
        strokeWidth={1}
      />
      <LegendTicks
        ticks={[
          [x0, fmt(-maxAbs)],
          [(x0 + x1) / 2, '0'],
          [x1, fmt(maxAbs)],
        ]}
      />
      {showPruned ? <PrunedSwatch x={width - swatchW} theme={theme} /> : null}
    </ChartSvg>
  );
}
