/**
 * Seeded pseudo-random numbers, the one source for the whole app: masks, initial weights,
 * shuffling orders, dataset splits. Only 32-bit integer arithmetic, so a seed gives the same
 * sequence in Node, in a worker and on the main thread of any browser.
 */

/** A seeded uniform generator on [0, 1). */
export type Rng = () => number;

/**
 * Mulberry32 random unsigned 32-bit integers from a seed (taken modulo 2^32).
 * @returns a generator of integers in [0, 2^32)
 */
export function mulberry32u(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Mulberry32 uniform floats in [0, 1) with 32 bits of resolution. */
export function mulberry32(seed: number): Rng {
  const next = mulberry32u(seed);
  return () => next() / 4294967296;
}

/**
 * A seed derived from a base seed and a label (FNV-1a plus a final mix), e.g. per tensor key, so
 * each stream's numbers do not depend on how many numbers other streams drew.
 */
export function deriveSeed(seed: number, label: string): number {
  let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  return h >>> 0;
}

/** Standard normal samples via Box–Muller. */
export function normal(rng: Rng): number {
  let u = 0;
  while (u <= 1e-12) u = rng();
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * Fisher–Yates shuffle in place.
 * @returns the same array, reordered
 */
export function shuffleInPlace<T extends { length: number; [i: number]: unknown }>(
  items: T,
  rng: Rng,
): T {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const tmp = items[i];
    items[i] = items[j];
    items[j] = tmp;
  }
  return items;
}

/** A random permutation of 0..n-1. */
export function permutation(n: number, rng: Rng): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  return shuffleInPlace(p, rng);
}
