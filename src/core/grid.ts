/**
 * Sparsity grids of sweeps: the default grid, and the percent text a person types parsed into
 * fractions in [0, 1] (sorted, deduplicated) and written back.
 */
import { SweepError } from './errors.ts';

/** The default sparsity grid: denser near the top, where methods differ. */
export const DEFAULT_GRID: readonly number[] = [0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99];

/**
 * Parses a sparsity grid typed in percent: numbers separated by commas, semicolons or spaces, each
 * optionally followed by '%', each in [0, 100]. "0, 50, 90" → [0, 0.5, 0.9].
 * @returns fractions, sorted ascending, duplicates removed
 * @throws SweepError 'bad-grid' with the offending entry
 */
export function parseGrid(text: string): number[] {
  const parts = text
    .split(/[\s,;]+/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  if (parts.length === 0) {
    throw new SweepError('bad-grid', 'Type at least one sparsity in percent, e.g. "0, 50, 90".');
  }
  const out: number[] = [];
  for (const p of parts) {
    const raw = p.endsWith('%') ? p.slice(0, -1) : p;
    const v = raw.length > 0 ? Number(raw) : NaN;
    if (!Number.isFinite(v)) {
      throw new SweepError(
        'bad-grid',
        `"${p}" is not a number; type sparsities in percent, e.g. "0, 50, 90".`,
      );
    }
    if (v < 0 || v > 100) {
      throw new SweepError(
        'bad-grid',
        `${p}% is outside 0–100%; a sparsity is the percentage of weights pruned.`,
      );
    }
    out.push(v / 100);
  }
  return normaliseGrid(out);
}

/** Formats a grid of fractions as the percent text parseGrid reads: [0, 0.5, 0.95] → "0, 50, 95". */
export function formatGrid(grid: readonly number[]): string {
  return grid.map((g) => String(Math.round(g * 10000) / 100)).join(', ');
}

/** Sorted, deduplicated, validated copy of a grid of fractions. */
export function normaliseGrid(grid: readonly number[]): number[] {
  if (grid.length === 0)
    throw new SweepError('bad-grid', 'The sparsity grid is empty; add at least one sparsity.');
  for (const g of grid) {
    if (typeof g !== 'number' || !Number.isFinite(g) || g < 0 || g > 1) {
      throw new SweepError(
        'bad-grid',
        `Sparsity ${String(g)} is outside [0, 1]; use fractions of weights pruned.`,
      );
    }
  }
  const sorted = [...grid].sort((a, b) => a - b);
  return sorted.filter((g, i) => i === 0 || g - sorted[i - 1] > 1e-12);
}
