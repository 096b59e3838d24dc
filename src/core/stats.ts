/**
 * Honest accuracy: how much a test-set accuracy can move by chance. A Wilson score interval for a
 * measured proportion, and counts of predictions that changed between two models.
 */

/** A proportion with its confidence interval, all in 0..1. */
export interface ProportionInterval {
  estimate: number;
  low: number;
  high: number;
}

/**
 * Wilson score interval for `correct` successes out of `n` trials.
 * @param z standard-normal quantile: 1.96 for a 95% interval (default)
 * @returns estimate correct/n and the interval [low, high] within [0, 1]; n = 0 gives [0, 1]
 */
export function wilsonInterval(correct: number, n: number, z = 1.96): ProportionInterval {
  if (!(n > 0)) return { estimate: 0, low: 0, high: 1 };
  if (correct < 0 || correct > n) throw new Error(`wilsonInterval: ${correct} of ${n}`);
  const p = correct / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { estimate: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/**
 * Wilson interval of an accuracy measured on `n` examples (accuracy in 0..1; the count of correct
 * examples is rounded from accuracy × n).
 */
export function accuracyInterval(accuracy: number, n: number, z = 1.96): ProportionInterval {
  return wilsonInterval(Math.round(accuracy * n), n, z);
}

/**
 * True when two accuracies measured on the same n examples lie within each other's 95% Wilson
 * interval: the difference is inside the test set's noise.
 */
export function withinNoise(a: number, b: number, n: number): boolean {
  const ia = accuracyInterval(a, n);
  const ib = accuracyInterval(b, n);
  return b >= ia.low && b <= ia.high && a >= ib.low && a <= ib.high;
}

/** How predictions changed from one model to another on the same examples. */
export interface FlipCounts {
  /** Examples whose predicted class differs. */
  changed: number;
  /** Wrong before, right after. */
  fixed: number;
  /** Right before, wrong after. */
  broken: number;
  n: number;
}

/**
 * Counts flipped predictions.
 * @param before predicted class per example of the first model, length n
 * @param after predicted class per example of the second model, length n
 * @param labels true class per example, length n
 */
export function flipCounts(
  before: ArrayLike<number>,
  after: ArrayLike<number>,
  labels: ArrayLike<number>,
): FlipCounts {
  const n = labels.length;
  if (before.length !== n || after.length !== n)
    throw new Error(`flipCounts: lengths ${before.length}, ${after.length}, ${n}`);
  let changed = 0;
  let fixed = 0;
  let broken = 0;
  for (let i = 0; i < n; i++) {
    if (before[i] === after[i]) continue;
    changed++;
    if (after[i] === labels[i]) fixed++;
    else if (before[i] === labels[i]) broken++;
  }
  return { changed, fixed, broken, n };
}
