/**
 * Chart colours. SVG charts use CSS variable references (defined in theme.css for both themes);
 * canvas heatmaps need concrete RGB, so their scales are defined here per theme.
 */
import { interpolateRdBu } from 'd3-scale-chromatic';
import { scaleLinear } from 'd3-scale';

/** Light or dark theme, as toggled by `data-theme="dark"` on <html>. */
export type ChartTheme = 'light' | 'dark';

/** The eight series colours (Okabe–Ito), as CSS variable references. */
const SERIES = [
  'var(--chart-series-1)',
  'var(--chart-series-2)',
  'var(--chart-series-3)',
  'var(--chart-series-4)',
  'var(--chart-series-5)',
  'var(--chart-series-6)',
  'var(--chart-series-7)',
  'var(--chart-series-8)',
] as const;

/** Every chart colour as a CSS variable reference; valid in both themes. */
export const CHART_COLORS = {
  bg: 'var(--chart-bg)',
  text: 'var(--chart-text)',
  muted: 'var(--chart-text-muted)',
  grid: 'var(--chart-grid)',
  axis: 'var(--chart-axis)',
  accent: 'var(--chart-accent)',
  accentInk: 'var(--chart-accent-ink)',
  pruned: 'var(--chart-pruned)',
  prunedInk: 'var(--chart-pruned-ink)',
  seq: 'var(--chart-seq)',
  seqInk: 'var(--chart-seq-ink)',
  series: SERIES,
} as const;

/** Series colour `i` (wraps after 8) as a CSS variable reference. */
export function seriesColor(i: number): string {
  const n = SERIES.length;
  return SERIES[((Math.floor(i) % n) + n) % n];
}

/** Font sizes in px: readable when projected. */
export const FONT = { tick: 14, label: 15, title: 17, small: 13 } as const;

/** Pruned-weight neutral per theme; mirrors --chart-pruned in theme.css. */
export const PRUNED_RGB: Record<ChartTheme, string> = { light: '#b8b8b8', dark: '#555555' };

/**
 * Dark-theme diverging scale: blue (negative) → near-black (zero) → red-orange (positive), with
 * lightness rising monotonically with |w|, so big weights glow and small ones fade into the dark
 * background. Pruned (#555, an achromatic mid grey) is lighter than the near-zero colour and has
 * no hue, so "pruned" and "kept but tiny" never look alike — the case that matters, since magnitude
 * pruning removes exactly the tiny weights. (RdBu's white centre would make the least important
 * weights the brightest thing on a dark page.)
 */
const darkDiverging = scaleLinear<string>()
  .domain([0, 0.25, 0.5, 0.75, 1])
  .range(['#8fd0ff', '#2c6fb4', '#1e2127', '#b4452f', '#ffa37f'])
  .clamp(true);

/**
 * Diverging colour for t in [0, 1] (0 = −maxAbs, 0.5 = 0, 1 = +maxAbs).
 * Light theme: RdBu reversed (negative blue, positive red, white centre); pruned is mid grey
 * #b8b8b8, clearly darker than the near-white zero. Dark theme: see `darkDiverging` above.
 */
export function divergingColor(theme: ChartTheme, t: number): string {
  const c = Math.min(1, Math.max(0, t));
  return theme === 'dark' ? darkDiverging(c) : interpolateRdBu(1 - c);
}

/** Parses '#rgb', '#rrggbb' or 'rgb(r, g, b)' into [r, g, b] (0–255). */
export function parseColor(color: string): [number, number, number] {
  const s = color.trim();
  if (s.startsWith('#')) {
    const h = s.slice(1);
    const full =
      h.length === 3
        ? h
            .split('')
            .map((ch) => ch + ch)
            .join('')
        : h;
    const n = parseInt(full.slice(0, 6), 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  }
  const m = /rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)/.exec(s);
  if (m) return [Math.round(+m[1]), Math.round(+m[2]), Math.round(+m[3])];
  throw new Error(`parseColor: unsupported colour ${color}`);
}

/**
 * Colour lookup table for heatmap painting: `table` holds 257 RGBA entries, entries 0–255 the
 * diverging scale from −maxAbs to +maxAbs and entry 256 the pruned neutral. `packed` is the same
 * memory viewed as one 32-bit word per entry (native byte order, so it can be stored straight into
 * a Uint32Array view of an ImageData buffer).
 */
export interface ColorLUT {
  table: Uint8ClampedArray;
  packed: Uint32Array;
}

/** Index of the pruned colour in a ColorLUT. */
export const LUT_PRUNED = 256;

const lutCache = new Map<ChartTheme, ColorLUT>();

/** The 256-step diverging LUT plus pruned colour for a theme (cached). */
export function heatmapLUT(theme: ChartTheme): ColorLUT {
  const cached = lutCache.get(theme);
  if (cached) return cached;
  const table = new Uint8ClampedArray(257 * 4);
  for (let i = 0; i < 256; i++) {
    const [r, g, b] = parseColor(divergingColor(theme, i / 255));
    table.set([r, g, b, 255], i * 4);
  }
  const [r, g, b] = parseColor(PRUNED_RGB[theme]);
  table.set([r, g, b, 255], LUT_PRUNED * 4);
  const lut = { table, packed: new Uint32Array(table.buffer) };
  lutCache.set(theme, lut);
  return lut;
}

/** Mask comparison categories, in LUT order. */
export const DIFF_CATEGORIES = ['bothKept', 'bothPruned', 'onlyA', 'onlyB'] as const;
/** One mask comparison category. */
export type DiffCategory = (typeof DIFF_CATEGORIES)[number];

/** Mask comparison colours per theme; mirror --chart-diff-* in theme.css. */
export const DIFF_RGB: Record<ChartTheme, Record<DiffCategory, string>> = {
  light: { bothKept: '#e9ecef', bothPruned: '#b8b8b8', onlyA: '#e69f00', onlyB: '#0072b2' },
  dark: { bothKept: '#2e333a', bothPruned: '#555555', onlyA: '#e69f00', onlyB: '#56b4e9' },
};

/**
 * Packed 4-entry LUT for mask comparison, in DIFF_CATEGORIES order: bothKept, bothPruned,
 * onlyA (pruned by A only), onlyB (pruned by B only).
 */
export function diffLUT(theme: ChartTheme): Uint32Array {
  const table = new Uint8ClampedArray(4 * 4);
  DIFF_CATEGORIES.forEach((cat, i) => {
    const [r, g, b] = parseColor(DIFF_RGB[theme][cat]);
    table.set([r, g, b, 255], i * 4);
  });
  return new Uint32Array(table.buffer);
}
