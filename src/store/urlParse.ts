/** Readers and writers of single URL values (percentages, layer settings, control lists). */
import { offeredMethod } from '../core/methods.ts';
import type { LayerPruning } from '../core/types.ts';

/** Controls a teacher's link may hide or lock (`hide=method,layers,train`, `lock=global`). */
export const CONTROL_IDS = [
  'model',
  'data',
  'method',
  'global',
  'layers',
  'train',
  'views',
] as const;
export type ControlId = (typeof CONTROL_IDS)[number];

export function pick<T extends string>(raw: string, allowed: readonly T[]): T | null {
  return (allowed as readonly string[]).includes(raw) ? (raw as T) : null;
}

/** Shortens a value for a notice so a hostile URL cannot flood the screen. */
export function show(v: string): string {
  const s = v.length > 24 ? `${v.slice(0, 24)}…` : v;
  return JSON.stringify(s);
}

export function parsePercent(raw: string): number | null {
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(raw)) return null;
  const v = Number(raw);
  return v >= 0 && v <= 100 ? Math.round(v * 100) / 10000 : null;
}

/** What reading one query value gave: the value to use (absent = keep the default) and a repair. */
export interface FieldRead<T> {
  value?: T;
  notice?: string;
}

export function parseLayers(raw: string): FieldRead<Record<string, LayerPruning>> {
  const out: Record<string, LayerPruning> = {};
  const bad: string[] = [];
  for (const part of raw.split(',').slice(0, 64)) {
    const entry = parseLayerPart(part);
    if (entry) out[entry[0]] = entry[1];
    else bad.push(part);
  }
  if (bad.length === 0) return { value: out };
  const list = bad.slice(0, 3).map(show).join(', ') + (bad.length > 3 ? '…' : '');
  return {
    value: out,
    notice: `Ignored ${bad.length} layer setting${bad.length > 1 ? 's' : ''} the link could not use: ${list}.`,
  };
}

/** One `name:percent[L][@method]` or `name:x` (removed) entry, or null when it is not valid. */
export function parseLayerPart(part: string): [string, LayerPruning] | null {
  const m =
    /^([A-Za-z][A-Za-z0-9_-]{0,39}):(x|\d{1,3}(?:\.\d{1,2})?)(L?)(?:@([a-z0-9-]{1,24}))?$/.exec(
      part,
    );
  if (!m) return null;
  const [, name, amount, lock, meth] = m;
  const entry: LayerPruning = { sparsity: 0, locked: lock === 'L' };
  if (amount === 'x') entry.removed = true;
  else {
    const v = parsePercent(amount);
    if (v === null) return null;
    entry.sparsity = v;
  }
  if (meth !== undefined) {
    const mm = offeredMethod(meth);
    if (!mm) return null;
    entry.method = mm;
  }
  return [name, entry];
}

export function writeLayers(
  layers: Record<string, LayerPruning>,
  s: { globalSparsity: number },
): string | null {
  const parts = Object.entries(layers)
    .filter(
      ([, l]) => l.sparsity !== s.globalSparsity || l.locked || l.method !== undefined || l.removed,
    )
    .map(
      ([name, l]) =>
        `${name}:${l.removed ? 'x' : pct(l.sparsity)}${l.locked ? 'L' : ''}${l.method ? `@${l.method}` : ''}`,
    );
  return parts.length ? parts.join(',') : null;
}

/** Reads a comma-separated list of control ids, dropping unknown ones with a notice. */
export function readControls(raw: string): FieldRead<readonly string[]> {
  const parts = raw
    .split(',')
    .filter((p) => p !== '')
    .slice(0, 16);
  const ok = parts.filter((p) => pick(p, CONTROL_IDS) !== null);
  const bad = parts.filter((p) => pick(p, CONTROL_IDS) === null);
  return bad.length === 0
    ? { value: ok }
    : {
        value: ok,
        notice: `Ignored control${bad.length > 1 ? 's' : ''} ${bad.slice(0, 3).map(show).join(', ')}: a link may name ${CONTROL_IDS.join(', ')}.`,
      };
}

export function writeControls(v: readonly string[]): string | null {
  return v.length ? v.join(',') : null;
}

export function pct(v: number): string {
  return String(Math.round(v * 10000) / 100);
}
