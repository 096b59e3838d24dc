/**
 * Small readers for untyped JSON (model.json), each throwing an ImportError that names the field.
 */
import { ImportError } from './errors.ts';

/** A JSON object. */
export type Json = Record<string, unknown>;

/** True for a plain JSON object (not null, not an array). */
export function isObject(x: unknown): x is Json {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** An integer >= min, or the fallback when the field is missing or null. */
export function int(cfg: Json, field: string, where: string, fallback?: number, min = 1): number {
  const v = cfg[field];
  if ((v === undefined || v === null) && fallback !== undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
    throw new ImportError(
      'unsupported-config',
      `Layer ${where}: '${field}' must be a whole number of at least ${min}, the file says ${JSON.stringify(v)}.`,
      where,
    );
  }
  return v;
}

/** A pair [a, b] from a number or a 1- or 2-element list; the fallback when missing or null. */
export function pair(
  cfg: Json,
  field: string,
  where: string,
  fallback?: [number, number],
): [number, number] {
  const v = cfg[field];
  if ((v === undefined || v === null) && fallback) return fallback;
  const list =
    typeof v === 'number' ? [v, v] : Array.isArray(v) && v.length === 1 ? [v[0], v[0]] : v;
  if (
    !Array.isArray(list) ||
    list.length !== 2 ||
    !list.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= 1)
  ) {
    throw new ImportError(
      'unsupported-config',
      `Layer ${where}: '${field}' must be two whole numbers, the file says ${JSON.stringify(v)}.`,
      where,
    );
  }
  return [list[0] as number, list[1] as number];
}

/** A string field, or the fallback when missing or null. */
export function str(cfg: Json, field: string, where: string, fallback?: string): string {
  const v = cfg[field];
  if ((v === undefined || v === null) && fallback !== undefined) return fallback;
  if (typeof v !== 'string') {
    throw new ImportError(
      'unsupported-config',
      `Layer ${where}: '${field}' must be text, the file says ${JSON.stringify(v)}.`,
      where,
    );
  }
  return v;
}

/** A boolean field, or the fallback when missing or null. */
export function bool(cfg: Json, field: string, fallback: boolean): boolean {
  const v = cfg[field];
  return typeof v === 'boolean' ? v : fallback;
}

/** A shape list of positive integers (nulls allowed only where `allowNull`). */
export function shapeList(v: unknown, allowNull: boolean): (number | null)[] | null {
  if (!Array.isArray(v)) return null;
  const ok = v.every(
    (d) => (d === null && allowNull) || (typeof d === 'number' && Number.isInteger(d) && d >= -1),
  );
  return ok ? (v as (number | null)[]) : null;
}
