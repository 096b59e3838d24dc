/**
 * Pruning Lab chart library: components take plain props (typed arrays, numbers, strings) and
 * import neither tfjs nor the store. Colours come from CSS variables (theme.css, light and dark).
 */
import './theme.css';
import './presenter.css';

export * from './colors.ts';
export * from './formatters.ts';
export * from './heatmapLayout.ts';
export * from './histogram.ts';
export * from './exportChart.ts';
export { useElementSize, type ElementSize } from './useElementSize.ts';
export { AxisBottom, AxisLeft, type AxisProps, type Tick } from './Axis.tsx';
export {
  HeatmapView,
  HEATMAP_MARGIN,
  fitHeatmap,
  heatmapIndexAtPoint,
  type HeatmapGeometry,
  type HeatmapViewProps,
} from './HeatmapView.tsx';
export {
  WeightHeatmap,
  describeWeight,
  announceWeight,
  weightInfo,
  type HeatmapHoverInfo,
  type WeightHeatmapProps,
} from './WeightHeatmap.tsx';
export { HeatmapLegend, type HeatmapLegendProps } from './HeatmapLegend.tsx';
export {
  MaskDiffHeatmap,
  diffCategoryLabel,
  type MaskDiffHeatmapProps,
  type MaskDiffHoverInfo,
} from './MaskDiffHeatmap.tsx';
export { WeightHistogram, type WeightHistogramProps } from './WeightHistogram.tsx';
export { LineChart, type LineChartProps } from './LineChart.tsx';
export * from './lineLayout.ts';
export * from './chartPieces.ts';
export { ChartLegend, HoverTooltip, YouAreHere, type TooltipLine } from './ChartPieces.tsx';
export { BarChart, type Bar, type BarChartProps } from './BarChart.tsx';
export { Sparkline, sparklinePath, type SparklineProps } from './Sparkline.tsx';
export {
  ConfusionMatrix,
  confusionIntensity,
  type ConfusionMatrixProps,
} from './ConfusionMatrix.tsx';
export { DrawPad, type DrawPadProps } from './DrawPad.tsx';
export { ProbabilityBars, predictedClass, type ProbabilityBarsProps } from './ProbabilityBars.tsx';
export { TimeLapse, type TimeLapseFrameData, type TimeLapseProps } from './TimeLapse.tsx';
