/**
 * LineChart: generic multi-series line chart (accuracy vs sparsity, sensitivity curves, training
 * curves, schedules) with optional reference line, "you are here" marker, legend and a hover
 * readout (vertical rule + every series' value at the nearest x). The maths is in lineLayout.ts.
 */
import {
  useId,
  useState,
  type MouseEvent as ReactMouseEvent,
  type ReactElement,
  type Ref,
} from 'react';
import { PlotAxes } from './Axis.tsx';
import { ChartLegend, HoverTooltip, YouAreHere } from './ChartPieces.tsx';
import { ChartSvg, TEXT_HALO } from './ChartSvg.tsx';
import { CHART_COLORS, FONT } from './colors.ts';
import {
  hoverRows,
  hoverXAt,
  lineLayout,
  type LaidOutSeries,
  type LineLayout,
  type LineLayoutInput,
} from './lineLayout.ts';

export { log2Ticks, type LinePoint, type LineSeries } from './lineLayout.ts';

/** Props of LineChart: what lineLayout needs, plus the axis labels, readout and accessible name. */
export interface LineChartProps extends LineLayoutInput {
  xLabel: string;
  yLabel: string;
  /** Vertical rule + values at the nearest x on hover (default true). */
  hoverReadout?: boolean;
  ariaLabel: string;
  /** Ref to the <svg>, for chartToSvgString / svgToPngBlob. */
  svgRef?: Ref<SVGSVGElement>;
}

/** The hover rule, a ring on each series' nearest point, and the tooltip. */
function Readout({ l, x, xLabel }: { l: LineLayout; x: number; xLabel: string }): ReactElement {
  const hx = l.xs(x);
  const rows = hoverRows(l, x);
  return (
    <g data-role="readout" pointerEvents="none">
      <line
        x1={hx}
        x2={hx}
        y1={l.y0}
        y2={l.y1}
        strokeWidth={1.5}
        style={{ stroke: CHART_COLORS.muted }}
      />
      {rows.map((r) => (
        <circle
          key={r.series.id}
          cx={r.px.x}
          cy={r.px.y}
          r={6.5}
          strokeWidth={3}
          style={{ fill: CHART_COLORS.bg, stroke: r.series.color }}
        />
      ))}
      <HoverTooltip
        hx={hx}
        top={l.y0 + 4}
        xMax={l.x1}
        lines={[
          { text: `${xLabel}: ${l.xFmt(x)}` },
          ...rows.map((r) => ({
            text: `${r.series.label}: ${l.yFmt(r.point.y)}`,
            color: r.series.color,
          })),
        ]}
      />
    </g>
  );
}

/** The dashed horizontal reference line and its label. */
function ReferenceLine({ l, value, label }: { l: LineLayout; value: number; label: string }) {
  const y = l.ys(value);
  return (
    <g data-role="reference">
      <line
        x1={l.x0}
        x2={l.x1}
        y1={y}
        y2={y}
        strokeWidth={2}
        strokeDasharray="8 5"
        style={{ stroke: CHART_COLORS.muted }}
      />
      <text
        x={l.x1 - 4}
        y={y - 7}
        textAnchor="end"
        style={{ fontSize: FONT.tick, fill: CHART_COLORS.muted, ...TEXT_HALO }}
      >
        {label}
      </text>
    </g>
  );
}

/** One series: its path and, when there are few points, a circle per point. */
function SeriesLine({ s }: { s: LaidOutSeries }): ReactElement {
  return (
    <g data-series-group={s.id}>
      <path
        data-series={s.id}
        d={s.d}
        fill="none"
        strokeWidth={3}
        strokeLinejoin="round"
        strokeLinecap="round"
        strokeDasharray={s.dashed ? '8 5' : undefined}
        style={{ stroke: s.color }}
      />
      {(s.showPoints ?? s.valid.length <= 120)
        ? s.px.map((q, i) => (
            <circle
              key={i}
              data-series={s.id}
              cx={q.x}
              cy={q.y}
              r={4}
              strokeWidth={1.5}
              style={{ fill: s.color, stroke: CHART_COLORS.bg }}
            />
          ))
        : null}
    </g>
  );
}

/** Multi-series SVG line chart. */
export function LineChart(props: LineChartProps): ReactElement {
  const { width, height, referenceY, marker, title, svgRef, ariaLabel } = props;
  const hoverReadout = props.hoverReadout ?? true;
  const clipId = `c${useId().replace(/:/g, '')}`;
  const [hoverX, setHoverX] = useState<number | null>(null);
  const l = lineLayout(props);
  const onMove = (e: ReactMouseEvent<SVGRectElement>) => {
    const rect = (e.currentTarget.ownerSVGElement ?? e.currentTarget).getBoundingClientRect();
    setHoverX(hoverXAt(l, e.clientX - rect.left));
  };
  const showMarker =
    marker && Number.isFinite(marker.x) && Number.isFinite(marker.y) && (!l.log2 || marker.x > 0);
  const { x0, x1, y0, y1, xTicks, yTicks } = l;
  return (
    <ChartSvg
      svgRef={svgRef}
      width={width}
      height={height}
      ariaLabel={ariaLabel}
      onMouseLeave={() => setHoverX(null)}
    >
      <defs>
        <clipPath id={clipId}>
          <rect x={x0} y={y0 - 6} width={x1 - x0} height={y1 - y0 + 12} />
        </clipPath>
      </defs>
      {title ? (
        <text
          x={x0}
          y={24}
          style={{ fontSize: FONT.title, fontWeight: 700, fill: CHART_COLORS.text }}
        >
          {title}
        </text>
      ) : null}
      <ChartLegend entries={l.legend} top={l.legendTop} />
      <PlotAxes
        {...{ x0, x1, y0, y1, xTicks, yTicks }}
        xLabel={props.xLabel}
        yLabel={props.yLabel}
        yLabelOffset={58}
      />
      {referenceY && Number.isFinite(referenceY.value) ? (
        <ReferenceLine l={l} value={referenceY.value} label={referenceY.label} />
      ) : null}
      <g clipPath={`url(#${clipId})`}>
        {l.series.map((s) => (
          <SeriesLine key={s.id} s={s} />
        ))}
      </g>
      {showMarker ? (
        <YouAreHere
          mx={l.xs(marker.x)}
          my={l.ys(marker.y)}
          label={marker.label}
          box={{ x1, y0, y1 }}
        />
      ) : null}
      {hoverReadout && hoverX !== null ? <Readout l={l} x={hoverX} xLabel={props.xLabel} /> : null}
      {hoverReadout ? (
        <rect
          data-role="hover-target"
          x={x0}
          y={y0}
          width={x1 - x0}
          height={y1 - y0}
          fill="transparent"
          onMouseMove={onMove}
        />
      ) : null}
    </ChartSvg>
  );
}
