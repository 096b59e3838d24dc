/** Small helpers for writing Python source text. */
import type { TensorRole } from '../types.ts';

/** A Python string literal (JSON's escapes are valid Python). */
export function pyStr(s: string): string {
  return JSON.stringify(s);
}

/** A Python identifier from a layer name: other characters become '_', a leading digit gets '_'. */
export function pyIdent(name: string): string {
  const s = name.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[0-9]/.test(s) || s === '' ? `_${s}` : s;
}

/** A Python float literal (finite numbers only). */
export function pyNum(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`Cannot write ${String(x)} as a Python number.`);
  return Number.isInteger(x) ? `${x}.0` : String(x);
}

/** A Python list of integers. */
export function pyInts(xs: readonly number[]): string {
  return `[${xs.join(', ')}]`;
}

/**
 * The weight name TensorFlow.js writes in model.json for a tensor: `${layer}/${snake role}`, e.g.
 * `lstm/recurrent_kernel`, `bn/moving_mean`.
 */
export function tfjsWeightName(layer: string, role: TensorRole): string {
  const snake = role.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  return `${layer}/${snake}`;
}

/** Percentage for comments, e.g. 0.5 -> '50%'. */
export function pct(x: number): string {
  return `${Math.round(x * 1000) / 10}%`;
}
