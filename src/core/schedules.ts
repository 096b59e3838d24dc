/**
 * Pruning schedules: the target sparsity at a training step and whether to update the masks then.
 * PolynomialDecay and ConstantSparsity follow TF Model Optimization's `pruning_schedule.py`
 * (formula, update rule and validation); steps are integer optimizer steps.
 */
import { PruningError } from './errors.ts';
import { roundHalfEven } from './masks.ts';

/** A schedule: target sparsity at a step, and whether masks are updated at that step. */
export interface PruningSchedule {
  readonly kind: 'one-shot' | 'constant' | 'polynomial';
  /** Target sparsity in [0, 1] at `step`. */
  sparsityAt(step: number): number;
  /** True when the masks should be recomputed at `step`. */
  shouldPrune(step: number): boolean;
}

function fail(message: string): never {
  throw new PruningError('bad-schedule', message);
}

/** TF-MOT `_validate_sparsity`: 0 ≤ s < 1. */
function validateSparsity(s: number, name: string): void {
  if (typeof s !== 'number' || Number.isNaN(s) || !(s >= 0 && s < 1)) {
    fail(
      `${name} must be in the range [0, 1) (got ${String(s)}); TF Model Optimization does not prune everything.`,
    );
  }
}

/** TF-MOT `_validate_step`. */
function validateStep(
  begin: number,
  end: number,
  frequency: number,
  allowNegative1: boolean,
): void {
  for (const [v, n] of [
    [begin, 'beginStep'],
    [end, 'endStep'],
    [frequency, 'frequency'],
  ] as const) {
    if (!Number.isInteger(v)) fail(`${n} must be an integer number of steps, got ${String(v)}.`);
  }
  if (begin < 0) fail('beginStep should be >= 0.');
  if (!allowNegative1 && end === -1)
    fail('endStep cannot be -1: a decaying schedule needs an end.');
  if (end !== -1) {
    if (end < 0) fail('endStep can be -1 (prune forever) or >= 0.');
    if (end < begin) fail(`beginStep (${begin}) should be <= endStep (${end}).`);
  }
  if (frequency <= 0) fail('frequency should be > 0 (steps between mask updates).');
}

/** TF-MOT `_should_prune_in_step`: step in [begin, end] (end -1 = forever) and on the frequency grid. */
function inStep(step: number, begin: number, end: number, frequency: number): boolean {
  const inRange = step >= begin && (step <= end || end < 0);
  const d = step - begin;
  return inRange && ((d % frequency) + frequency) % frequency === 0;
}

/** Parameters of PolynomialDecay (TF-MOT names in camelCase). */
export interface PolynomialDecayParams {
  initialSparsity: number;
  finalSparsity: number;
  beginStep: number;
  endStep: number;
  /** Exponent of the decay, default 3. */
  power?: number;
  /** Steps between mask updates, default 100. */
  frequency?: number;
}

/**
 * TF-MOT PolynomialDecay: sparsity(step) = final + (initial - final) * (1 - p)^power with
 * p = clip((step - begin) / (end - begin), 0, 1) (p = 1 from begin on when begin = end). Masks
 * update when begin ≤ step ≤ end and (step - begin) % frequency = 0. Validation as TF-MOT:
 * sparsities in [0, 1), 0 ≤ begin ≤ end, end ≠ -1, frequency > 0.
 */
export function polynomialDecay(
  params: PolynomialDecayParams,
): PruningSchedule & { readonly params: Required<PolynomialDecayParams> } {
  const p: Required<PolynomialDecayParams> = { power: 3, frequency: 100, ...params };
  validateStep(p.beginStep, p.endStep, p.frequency, false);
  validateSparsity(p.initialSparsity, 'initialSparsity');
  validateSparsity(p.finalSparsity, 'finalSparsity');
  if (typeof p.power !== 'number' || !Number.isFinite(p.power))
    fail(`power must be a finite number, got ${String(p.power)}.`);
  return {
    kind: 'polynomial',
    params: p,
    sparsityAt(step: number): number {
      const span = p.endStep - p.beginStep;
      const x =
        span === 0
          ? step >= p.beginStep
            ? 1
            : 0
          : Math.min(1, Math.max(0, (step - p.beginStep) / span));
      return p.finalSparsity + (p.initialSparsity - p.finalSparsity) * Math.pow(1 - x, p.power);
    },
    shouldPrune(step: number): boolean {
      return inStep(step, p.beginStep, p.endStep, p.frequency);
    },
  };
}

/**
 * TF-MOT ConstantSparsity: the target is always `targetSparsity`; masks update when
 * step ≥ begin, step ≤ end (end -1 = forever) and (step - begin) % frequency = 0.
 */
export function constantSparsity(
  targetSparsity: number,
  beginStep = 0,
  endStep = -1,
  frequency = 100,
): PruningSchedule {
  validateStep(beginStep, endStep, frequency, true);
  validateSparsity(targetSparsity, 'targetSparsity');
  return {
    kind: 'constant',
    sparsityAt: () => targetSparsity,
    shouldPrune: (step) => inStep(step, beginStep, endStep, frequency),
  };
}

/**
 * One-shot pruning: the target applies from `atStep` on, masks are computed once, at `atStep`.
 * Unlike TF-MOT schedules, 1 (prune everything) is accepted.
 */
export function oneShot(sparsity: number, atStep = 0): PruningSchedule {
  if (typeof sparsity !== 'number' || Number.isNaN(sparsity) || sparsity < 0 || sparsity > 1) {
    fail(`The one-shot sparsity must be in [0, 1], got ${String(sparsity)}.`);
  }
  if (!Number.isInteger(atStep) || atStep < 0)
    fail(`The one-shot step must be an integer >= 0, got ${String(atStep)}.`);
  return {
    kind: 'one-shot',
    sparsityAt: (step) => (step >= atStep ? sparsity : 0),
    shouldPrune: (step) => step === atStep,
  };
}

/** Iterative pruning in rounds, each pruning the same fraction of what remains. */
export interface IterativeRounds {
  /** Fraction of the remaining weights pruned in each round: 1 - (1 - final)^(1/rounds). */
  perRound: number;
  /** Cumulative target after round r = 1..rounds: 1 - (1 - final)^(r/rounds); last is final. */
  targets: number[];
}

/**
 * Rounds of iterative pruning (torch's repeated pruning, the lottery-ticket procedure): each round
 * prunes the fraction `perRound` of the weights still kept, reaching `finalSparsity` after
 * `rounds` rounds.
 */
export function iterativeRounds(finalSparsity: number, rounds: number): IterativeRounds {
  if (
    typeof finalSparsity !== 'number' ||
    Number.isNaN(finalSparsity) ||
    finalSparsity < 0 ||
    finalSparsity > 1
  ) {
    fail(`The final sparsity must be in [0, 1], got ${String(finalSparsity)}.`);
  }
  if (!Number.isInteger(rounds) || rounds < 1)
    fail(`The number of rounds must be an integer >= 1, got ${String(rounds)}.`);
  const targets: number[] = [];
  for (let r = 1; r <= rounds; r++)
    targets.push(r === rounds ? finalSparsity : 1 - Math.pow(1 - finalSparsity, r / rounds));
  return { perRound: 1 - Math.pow(1 - finalSparsity, 1 / rounds), targets };
}

/**
 * Cumulative pruned counts of n weights after each round when every round prunes
 * round(perRound × remaining) (halves to even), as torch does when l1_unstructured with
 * amount = perRound is applied again to an already pruned tensor.
 * @returns counts after rounds 1..rounds
 */
export function iterativeCounts(n: number, perRound: number, rounds: number): number[] {
  if (!Number.isInteger(n) || n < 0)
    fail(`The weight count must be an integer >= 0, got ${String(n)}.`);
  if (typeof perRound !== 'number' || Number.isNaN(perRound) || perRound < 0 || perRound > 1) {
    fail(`The per-round fraction must be in [0, 1], got ${String(perRound)}.`);
  }
  if (!Number.isInteger(rounds) || rounds < 0)
    fail(`The number of rounds must be an integer >= 0, got ${String(rounds)}.`);
  const out: number[] = [];
  let pruned = 0;
  for (let r = 0; r < rounds; r++) {
    pruned += roundHalfEven(perRound * (n - pruned));
    out.push(pruned);
  }
  return out;
}

/**
 * Gradual-pruning settings in batches, every field given: the polynomial schedule a run, a recipe
 * or the engine's GradualPruning (which adds the config) uses.
 */
export type GradualSettings = Required<PolynomialDecayParams>;

/**
 * Sensible gradual settings for a run of `batches` batches: 0 → 80%, from batch 0 to 70% of the
 * run, masks updated 10 times, power 3 (TF-MOT's default shape).
 */
export function defaultGradual(batches: number): GradualSettings {
  const n = Math.max(1, Math.round(batches));
  return {
    initialSparsity: 0,
    finalSparsity: 0.8,
    beginStep: 0,
    endStep: Math.max(0, Math.round(0.7 * n)),
    frequency: Math.max(1, Math.round(n / 10)),
    power: 3,
  };
}

/**
 * The schedule over the training timeline: the polynomial target at every step 0..batches, and the
 * sparsity actually in force (masks change only at update steps, so it is a staircase).
 * @throws PruningError 'bad-schedule' as polynomialDecay does
 */
export function scheduleCurves(
  g: GradualSettings,
  batches: number,
): { target: { x: number; y: number }[]; applied: { x: number; y: number }[] } {
  const s = polynomialDecay(g);
  const target: { x: number; y: number }[] = [];
  const applied: { x: number; y: number }[] = [];
  let current = 0;
  for (let step = 0; step <= batches; step++) {
    target.push({ x: step, y: s.sparsityAt(step) });
    if (s.shouldPrune(step)) current = s.sparsityAt(step);
    applied.push({ x: step, y: current });
  }
  return { target, applied };
}
