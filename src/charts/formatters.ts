/**
 * Shared number formats for charts and panels. Built on d3-format with a thin space (U+2009) as
 * the thousands separator and a true minus sign (U+2212).
 */
import { formatLocale, type FormatLocaleObject } from 'd3-format';

/** Thin space, used between thousands and before units. */
export const THIN_SPACE = '\u2009';

const locale: FormatLocaleObject = formatLocale({
  decimal: '.',
  thousands: THIN_SPACE,
  grouping: [3],
  currency: ['', ''],
  minus: '\u2212',
});

/** The app's d3-format locale: use `d3Format('.0%')` wherever a d3-format specifier is accepted. */
export function d3Format(specifier: string): (n: number) => string {
  return locale.format(specifier);
}

/** A format given as a d3-format specifier or a function. */
export type NumberFormat = string | ((n: number) => string);

/** Resolves a NumberFormat (specifier or function) to a function. */
export function toFormatter(f: NumberFormat | undefined, fallback = ',~r'): (n: number) => string {
  if (typeof f === 'function') return f;
  return d3Format(f ?? fallback);
}

/** 0.623 → "62%"; `digits` decimals (default 0). Non-finite → "–". */
export function formatPercent(fraction: number, digits = 0): string {
  if (!Number.isFinite(fraction)) return '–';
  return d3Format(`.${digits}%`)(fraction);
}

/** 30100 → "30 100" (thin-space thousands); non-integers keep up to 3 significant decimals. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '–';
  return Number.isInteger(n) ? d3Format(',d')(n) : d3Format(',.3~r')(n);
}

/** Bytes in SI units: 950 → "950 B", 120 000 → "120 kB", 1 250 000 → "1.25 MB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '–';
  const units = ['B', 'kB', 'MB', 'GB'];
  let v = Math.abs(bytes);
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  const sign = bytes < 0 ? '\u2212' : '';
  const digits = u === 0 ? d3Format('d')(v) : d3Format('.3~r')(v);
  return `${sign}${digits}${THIN_SPACE}${units[u]}`;
}

/** FLOPs with k / M / G: 950 → "950", 2 100 000 → "2.1 M", 310 000 → "310 k". */
export function formatFlops(flops: number): string {
  if (!Number.isFinite(flops)) return '–';
  const steps: [number, string][] = [
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  for (const [base, unit] of steps) {
    if (Math.abs(flops) >= base) return `${d3Format('.3~r')(flops / base)}${THIN_SPACE}${unit}`;
  }
  return d3Format('.3~r')(flops);
}

/** A weight value for tooltips: 3 significant digits, true minus: −0.0123. */
export function formatWeight(w: number): string {
  if (!Number.isFinite(w)) return String(w);
  if (w === 0) return '0';
  return d3Format('.3~r')(w);
}

/** A ratio as a speed-up factor: 2.1 → "2.1×". */
export function formatRatio(r: number): string {
  if (!Number.isFinite(r)) return '–';
  return `${d3Format('.2~r')(r)}×`;
}
