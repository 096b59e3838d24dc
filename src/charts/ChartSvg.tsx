/** The root <svg> every SVG chart draws into, and small style pieces the charts share. */
import type { CSSProperties, ReactElement, ReactNode, Ref } from 'react';
import { CHART_COLORS } from './colors.ts';

/** The chart font, inline so that exported SVG / PNG files keep it. */
export const CHART_FONT_STYLE: CSSProperties = { fontFamily: 'var(--chart-font)' };

/** A background-coloured outline behind text so it stays readable over lines and bars. */
export const TEXT_HALO = {
  paintOrder: 'stroke',
  stroke: CHART_COLORS.bg,
  strokeWidth: '4px',
  strokeLinejoin: 'round',
} as const;

/** Props of ChartSvg. */
export interface ChartSvgProps {
  width: number;
  height: number;
  ariaLabel: string;
  /** ARIA role (default 'img'; 'group' when the chart holds buttons). */
  role?: 'img' | 'group';
  /** Inline style of the <svg>; default the chart font. `null` for none. */
  style?: CSSProperties | null;
  svgRef?: Ref<SVGSVGElement>;
  onMouseLeave?: () => void;
  children?: ReactNode;
}

/** `<svg class="pl-chart" role="img">` with the chart's size, accessible name and font. */
export function ChartSvg({
  width,
  height,
  ariaLabel,
  role = 'img',
  style,
  svgRef,
  onMouseLeave,
  children,
}: ChartSvgProps): ReactElement {
  return (
    <svg
      ref={svgRef}
      className="pl-chart"
      width={width}
      height={height}
      role={role}
      aria-label={ariaLabel}
      style={style === undefined ? CHART_FONT_STYLE : (style ?? undefined)}
      onMouseLeave={onMouseLeave}
    >
      {children}
    </svg>
  );
}
