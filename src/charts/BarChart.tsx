/**
 * BarChart: one bar per item (e.g. sparsity per layer), vertical or horizontal, value labels on
 * the bars and the full label and value in a tooltip on hover or focus; with `onSelect` the bars
 * are buttons (click, Enter or Space) that select an item.
 */
import { useState, type KeyboardEvent, type ReactElement, type Ref } from 'react';
import { scaleBand, scaleLinear } from 'd3-scale';
import { AxisBottom, AxisLeft, textWidth, type Tick } from './Axis.tsx';
import { ChartSvg } from './ChartSvg.tsx';
import { HoverTooltip } from './ChartPieces.tsx';
import { CHART_COLORS, FONT } from './colors.ts';
import { toFormatter, type NumberFormat } from './formatters.ts';

/** One bar. */
export interface Bar {
  id: string;
  label: string;
  value: number;
  /** CSS colour; default series colour 1. */
  color?: string;
  /** Drawn with an accent outline and bold label (e.g. the selected layer). */
  highlight?: boolean;
}

/** Props of BarChart. */
export interface BarChartProps {
  bars: Bar[];
  /** d3-format specifier (e.g. '.0%') or function, for value labels and the value axis. */
  valueFormat?: NumberFormat;
  /** Value domain; default [0, max value] (niced). */
  yDomain?: [number, number];
  width: number;
  height: number;
  orientation?: 'vertical' | 'horizontal';
  /** Value axis title, e.g. 'sparsity'. */
  valueLabel?: string;
  onSelect?: (id: string) => void;
  ariaLabel: string;
  svgRef?: Ref<SVGSVGElement>;
}

/** Scales, margins and ticks of a bar chart. */
function barScales(props: BarChartProps) {
  const { bars, width, height } = props;
  const horizontal = props.orientation === 'horizontal';
  const fmt = toFormatter(props.valueFormat, ',.3~r');
  const maxV = Math.max(0, ...bars.map((b) => (Number.isFinite(b.value) ? b.value : 0)));
  const value = scaleLinear().domain(props.yDomain ?? [0, maxV > 0 ? maxV : 1]);
  if (!props.yDomain) value.nice();
  const longest = Math.max(0, ...bars.map((b) => textWidth(b.label, FONT.tick)));
  // Margins: horizontal bars get room for category labels on the left.
  const m = horizontal
    ? { top: 12, right: 64, bottom: 56, left: Math.min(width * 0.4, longest + 22) }
    : { top: 28, right: 16, bottom: 0, left: 70 };
  const band = scaleBand<string>()
    .domain(bars.map((b) => b.id))
    .paddingInner(0.25)
    .paddingOuter(0.15);
  let rotate = false;
  if (horizontal) {
    band.range([m.top, Math.max(m.top + 10, height - m.bottom)]);
    value.range([m.left, Math.max(m.left + 10, width - m.right)]);
  } else {
    band.range([m.left, Math.max(m.left + 10, width - m.right)]);
    rotate = band.bandwidth() < longest + 4;
    m.bottom = rotate ? Math.min(height * 0.4, longest * 0.75 + 40) : 58;
    value.range([Math.max(m.top + 10, height - m.bottom), m.top]);
  }
  const [vLo, vHi] = value.range();
  const nTicks = Math.max(2, Math.floor(Math.abs(vHi - vLo) / (horizontal ? 90 : 48)));
  const ticks: Tick[] = value.ticks(nTicks).map((v) => ({ pos: value(v), label: fmt(v) }));
  const base = value(Math.max(value.domain()[0], Math.min(0, value.domain()[1])));
  return { horizontal, fmt, value, band, m, rotate, vLo, vHi, ticks, base };
}

type BarScales = ReturnType<typeof barScales>;

/** A bar's value label (at its end) and category label (on the band axis). */
function BarTexts(props: { b: Bar; s: BarScales; pos: number; vp: number; text: string }) {
  const { b, s, pos, vp, text } = props;
  const { horizontal, m, base, vLo, rotate } = s;
  const bw = s.band.bandwidth();
  const valueStyle = { fontSize: FONT.tick, fontWeight: 600, fill: CHART_COLORS.text };
  const catStyle = {
    fontSize: FONT.tick,
    fontWeight: b.highlight ? 700 : 400,
    fill: CHART_COLORS.text,
  };
  return (
    <>
      {horizontal ? (
        <text x={Math.max(base, vp) + 6} y={pos + bw / 2} dy="0.35em" style={valueStyle}>
          {text}
        </text>
      ) : (
        <text x={pos + bw / 2} y={Math.min(base, vp) - 6} textAnchor="middle" style={valueStyle}>
          {text}
        </text>
      )}
      {horizontal ? (
        <text x={m.left - 8} y={pos + bw / 2} dy="0.35em" textAnchor="end" style={catStyle}>
          {b.label}
        </text>
      ) : (
        <text
          transform={`translate(${pos + bw / 2},${vLo + (rotate ? 12 : 10)})${rotate ? ' rotate(-40)' : ''}`}
          dy={rotate ? '0.35em' : '0.8em'}
          textAnchor={rotate ? 'end' : 'middle'}
          style={catStyle}
        >
          {b.label}
        </text>
      )}
    </>
  );
}

/** One bar: its fill, value label and category label; a button when `onSelect` is given. */
function BarItem(props: {
  b: Bar;
  s: BarScales;
  onSelect?: (id: string) => void;
  onHover: (id: string | null) => void;
}): ReactElement {
  const { b, s, onSelect } = props;
  const { horizontal, m, base, vLo, vHi } = s;
  const v = Number.isFinite(b.value) ? b.value : 0;
  const pos = s.band(b.id) ?? 0;
  const bw = s.band.bandwidth();
  const vp = s.value(v);
  const text = s.fmt(b.value);
  const interactive = onSelect !== undefined;
  const rect = horizontal
    ? { x: Math.min(base, vp), y: pos, width: Math.abs(vp - base), height: bw }
    : { x: pos, y: Math.min(base, vp), width: bw, height: Math.abs(vp - base) };
  const onKey = (e: KeyboardEvent<SVGGElement>) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onSelect?.(b.id);
    }
  };
  return (
    <g
      data-bar={b.id}
      className={interactive ? 'pl-chart-bar' : undefined}
      role={interactive ? 'button' : undefined}
      tabIndex={interactive ? 0 : undefined}
      aria-label={interactive ? `${b.label}: ${text}` : undefined}
      aria-pressed={interactive ? !!b.highlight : undefined}
      onClick={interactive ? () => onSelect(b.id) : undefined}
      onKeyDown={interactive ? onKey : undefined}
      onMouseEnter={() => props.onHover(b.id)}
      onFocus={() => props.onHover(b.id)}
      onBlur={() => props.onHover(null)}
    >
      {/* Full-band hit area so thin or zero bars stay clickable and hoverable. */}
      <rect
        x={horizontal ? m.left : pos}
        y={horizontal ? pos : m.top}
        width={horizontal ? Math.abs(vHi - vLo) : bw}
        height={horizontal ? bw : Math.abs(vHi - vLo)}
        fill="transparent"
      />
      <rect
        className="pl-chart-bar-fill"
        {...rect}
        rx={2}
        strokeWidth={b.highlight ? 3 : 0}
        style={{
          fill: b.color ?? CHART_COLORS.series[0],
          stroke: b.highlight ? CHART_COLORS.accent : 'none',
        }}
      />
      <BarTexts b={b} s={s} pos={pos} vp={vp} text={text} />
    </g>
  );
}

/** SVG bar chart with optional selectable bars. */
export function BarChart(props: BarChartProps): ReactElement {
  const { bars, width, height, onSelect, svgRef, ariaLabel, valueLabel } = props;
  const [hover, setHover] = useState<string | null>(null);
  const s = barScales(props);
  const { horizontal, m, base, vLo, vHi, ticks } = s;
  const hovered = bars.find((b) => b.id === hover);
  const hoverPos = hovered ? (s.band(hovered.id) ?? 0) + s.band.bandwidth() / 2 : 0;
  return (
    <ChartSvg
      svgRef={svgRef}
      width={width}
      height={height}
      role={onSelect ? 'group' : 'img'}
      ariaLabel={ariaLabel}
      onMouseLeave={() => setHover(null)}
    >
      {horizontal ? (
        <AxisBottom
          ticks={ticks}
          start={m.left}
          end={vHi}
          at={height - m.bottom}
          gridTo={m.top}
          label={valueLabel}
        />
      ) : (
        <AxisLeft
          ticks={ticks}
          start={vHi}
          end={vLo}
          at={m.left}
          gridTo={width - m.right}
          label={valueLabel}
          labelOffset={56}
        />
      )}
      {bars.map((b) => (
        <BarItem key={b.id} b={b} s={s} onSelect={onSelect} onHover={setHover} />
      ))}
      <line
        x1={horizontal ? base : m.left}
        x2={horizontal ? base : width - m.right}
        y1={horizontal ? m.top : base}
        y2={horizontal ? height - m.bottom : base}
        style={{ stroke: CHART_COLORS.axis }}
      />
      {hovered ? (
        <HoverTooltip
          hx={
            horizontal
              ? Math.max(base, s.value(Number.isFinite(hovered.value) ? hovered.value : 0))
              : hoverPos
          }
          top={horizontal ? hoverPos - 16 : m.top}
          xMax={width - m.right}
          lines={[
            { text: hovered.label },
            { text: s.fmt(hovered.value), color: hovered.color ?? CHART_COLORS.series[0] },
          ]}
        />
      ) : null}
    </ChartSvg>
  );
}
