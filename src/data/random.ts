/**
 * Seeded random numbers for the datasets: the generator and shuffle come from src/core/random.ts;
 * the per-class stream seeds below shape the shipped train/test splits, so they stay as they are.
 */
import { mulberry32, shuffleInPlace, type Rng } from '../core/random.ts';

export { mulberry32, shuffleInPlace, type Rng };

/**
 * Derives an independent 32-bit seed from a base seed and a stream number (e.g. a class index), so
 * that each stream's sequence does not depend on how many numbers other streams drew.
 */
export function deriveSeed(seed: number, stream: number): number {
  let h = (seed ^ Math.imul(stream + 1, 0x9e3779b9)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
