/**
 * The 'waves' sequence dataset, generated from a seed at load time. Each example is one waveform of
 * `steps` float32 values (1 channel): a sine, square, triangle or sawtooth wave with random
 * frequency (1 to 4 cycles per sequence), phase, amplitude (0.5 to 1) and additive noise (standard
 * deviation 0.02 to 0.12). Only integer and basic floating-point arithmetic is used (no Math.sin,
 * no Math.log), so a seed gives bit-identical data in Node and in every browser.
 */
import { checksumOf } from './checksum.ts';
import { deriveSeed, mulberry32, shuffleInPlace, type Rng } from './random.ts';

/** Wave shapes; a wave's label is its index here. */
export const WAVE_SHAPES = ['sine', 'square', 'triangle', 'sawtooth'] as const;
/** One wave shape. */
export type WaveShape = (typeof WAVE_SHAPES)[number];

/** Parameters of the generator. */
export interface WavesOptions {
  seed: number;
  /** Examples per class in the training split. */
  trainPerClass: number;
  /** Examples per class in the test split. */
  testPerClass: number;
  /** Time steps per example. */
  steps: number;
}

/** The shipped parameters: 4,000 training and 1,000 test waves of 64 steps. */
export const WAVES_DEFAULTS: Readonly<WavesOptions> = {
  seed: 7,
  trainPerClass: 1000,
  testPerClass: 250,
  steps: 64,
};

/** Generated waves: x row-major [n, steps, 1] float32, y uint8 labels (index into WAVE_SHAPES). */
export interface WavesData {
  trainX: Float32Array;
  trainY: Uint8Array;
  testX: Float32Array;
  testY: Uint8Array;
}

const TWO_PI = 6.283185307179586;

/** sin(2 pi t) for t in turns, from arithmetic only (error below 1e-9). */
export function sinTurns(t: number): number {
  let f = t - Math.floor(t);
  let sign = 1;
  if (f >= 0.5) {
    f -= 0.5;
    sign = -1;
  }
  if (f > 0.25) f = 0.5 - f;
  const x = f * TWO_PI;
  const x2 = x * x;
  // Taylor series of sin up to x^15 on [0, pi/2].
  let s = 1 / 1307674368000;
  s = 1 / 6227020800 - x2 * s;
  s = 1 / 39916800 - x2 * s;
  s = 1 / 362880 - x2 * s;
  s = 1 / 5040 - x2 * s;
  s = 1 / 120 - x2 * s;
  s = 1 / 6 - x2 * s;
  s = 1 - x2 * s;
  return sign * x * s;
}

/**
 * Value of a unit-amplitude wave at a phase.
 * @param shape the wave shape.
 * @param t phase in turns (1 = one full cycle).
 * @returns a value in [-1, 1]; sawtooth rises from -1 to 1 and drops, triangle is -1 at t = 0.
 */
export function waveValue(shape: WaveShape, t: number): number {
  const f = t - Math.floor(t);
  switch (shape) {
    case 'sine':
      return sinTurns(f);
    case 'square':
      return f < 0.5 ? 1 : -1;
    case 'triangle':
      return 1 - 4 * Math.abs(f - 0.5);
    case 'sawtooth':
      return 2 * f - 1;
  }
}

/** Approximately standard normal noise: the Irwin-Hall sum of 4 uniforms, rescaled to variance 1. */
function noise(rng: Rng): number {
  return (rng() + rng() + rng() + rng() - 2) * 1.7320508075688772;
}

function generateSplit(
  perClass: number,
  steps: number,
  rng: Rng,
): { x: Float32Array; y: Uint8Array } {
  const n = perClass * WAVE_SHAPES.length;
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) y[i] = i % WAVE_SHAPES.length;
  shuffleInPlace(y, rng);
  const x = new Float32Array(n * steps);
  for (let i = 0; i < n; i++) {
    const shape = WAVE_SHAPES[y[i]];
    const cycles = 1 + 3 * rng();
    const phase = rng();
    const amplitude = 0.5 + 0.5 * rng();
    const sigma = 0.02 + 0.1 * rng();
    for (let s = 0; s < steps; s++) {
      x[i * steps + s] =
        amplitude * waveValue(shape, phase + (cycles * s) / steps) + sigma * noise(rng);
    }
  }
  return { x, y };
}

/**
 * Generates the waves dataset deterministically: class-balanced, each split in a shuffled order.
 * The training and test splits use independent streams derived from the seed.
 */
export function generateWaves(options: WavesOptions = WAVES_DEFAULTS): WavesData {
  const train = generateSplit(
    options.trainPerClass,
    options.steps,
    mulberry32(deriveSeed(options.seed, 0)),
  );
  const test = generateSplit(
    options.testPerClass,
    options.steps,
    mulberry32(deriveSeed(options.seed, 1)),
  );
  return { trainX: train.x, trainY: train.y, testX: test.x, testY: test.y };
}

/** FNV-1a 32 over the bytes of trainX, trainY, testX, testY in that order (8 hex digits). */
export function wavesChecksum(data: WavesData): string {
  return checksumOf(data.trainX, data.trainY, data.testX, data.testY);
}
