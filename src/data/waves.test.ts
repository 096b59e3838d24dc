import { describe, expect, it } from 'vitest';
import {
  WAVE_SHAPES,
  WAVES_DEFAULTS,
  generateWaves,
  sinTurns,
  waveValue,
  wavesChecksum,
} from './waves.ts';

/** Simple shape features of one sequence: skew of its steps, kurtosis of values and of steps. */
function features(x: Float32Array, offset: number, steps: number): number[] {
  const v = Array.from(x.subarray(offset, offset + steps));
  const d = v.slice(1).map((y, i) => y - v[i]);
  const moments = (a: number[]): [number, number, number] => {
    const m = a.reduce((s, y) => s + y, 0) / a.length;
    const m2 = a.reduce((s, y) => s + (y - m) ** 2, 0) / a.length;
    const m3 = a.reduce((s, y) => s + (y - m) ** 3, 0) / a.length;
    const m4 = a.reduce((s, y) => s + (y - m) ** 4, 0) / a.length;
    return [m2, m3 / m2 ** 1.5, m4 / m2 ** 2];
  };
  const [, , kurtV] = moments(v);
  const [, skewD, kurtD] = moments(d);
  return [skewD, kurtV, Math.log(kurtD)];
}

describe('waves', () => {
  const data = generateWaves();
  const steps = WAVES_DEFAULTS.steps;

  it('is deterministic for a seed and changes with it', () => {
    expect(wavesChecksum(generateWaves())).toBe(wavesChecksum(data));
    expect(generateWaves().testX).toEqual(data.testX);
    expect(wavesChecksum(generateWaves({ ...WAVES_DEFAULTS, seed: 8 }))).not.toBe(
      wavesChecksum(data),
    );
  });

  it('has the shipped sizes, balanced classes and bounded values', () => {
    expect(data.trainX.length).toBe(4000 * steps);
    expect(data.testX.length).toBe(1000 * steps);
    for (const [y, per] of [
      [data.trainY, 1000],
      [data.testY, 250],
    ] as const) {
      const counts = [0, 0, 0, 0];
      for (const label of y) counts[label]++;
      expect(counts).toEqual([per, per, per, per]);
      expect(Array.from(y.subarray(0, 12))).not.toEqual([0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3]);
    }
    let maxAbs = 0;
    for (const v of data.trainX)
      maxAbs = Math.max(maxAbs, Number.isFinite(v) ? Math.abs(v) : Infinity);
    expect(maxAbs).toBeLessThan(1.8);
    expect(maxAbs).toBeGreaterThan(0.9);
  });

  it('computes sine from arithmetic to within 1e-9 of Math.sin', () => {
    for (let t = -2; t <= 2; t += 0.0137) {
      expect(Math.abs(sinTurns(t) - Math.sin(2 * Math.PI * t))).toBeLessThan(1e-9);
    }
  });

  it('draws the four textbook shapes', () => {
    expect(waveValue('square', 0.1)).toBe(1);
    expect(waveValue('square', 0.6)).toBe(-1);
    expect(waveValue('triangle', 0)).toBe(-1);
    expect(waveValue('triangle', 0.5)).toBe(1);
    expect(waveValue('sawtooth', 0.25)).toBe(-0.5);
    expect(waveValue('sawtooth', 1.75)).toBe(0.5);
    expect(waveValue('sine', 0.25)).toBeCloseTo(1, 9);
  });

  it('makes the shapes distinguishable by simple features (nearest centroid > 85% on test)', () => {
    const k = WAVE_SHAPES.length;
    const sums = Array.from({ length: k }, () => [0, 0, 0]);
    const counts = new Array<number>(k).fill(0);
    const trainF: number[][] = [];
    for (let i = 0; i < data.trainY.length; i++)
      trainF.push(features(data.trainX, i * steps, steps));
    const scale = [0, 1, 2].map((j) => {
      const col = trainF.map((f) => f[j]);
      const m = col.reduce((s, v) => s + v, 0) / col.length;
      return Math.sqrt(col.reduce((s, v) => s + (v - m) ** 2, 0) / col.length);
    });
    trainF.forEach((f, i) => {
      counts[data.trainY[i]]++;
      f.forEach((v, j) => (sums[data.trainY[i]][j] += v / scale[j]));
    });
    const centroids = sums.map((s, c) => s.map((v) => v / counts[c]));
    let correct = 0;
    for (let i = 0; i < data.testY.length; i++) {
      const f = features(data.testX, i * steps, steps).map((v, j) => v / scale[j]);
      const dist = centroids.map((c) => c.reduce((s, v, j) => s + (v - f[j]) ** 2, 0));
      if (dist.indexOf(Math.min(...dist)) === data.testY[i]) correct++;
    }
    expect(correct / data.testY.length).toBeGreaterThan(0.85);
    // Sawtooth ramps up slowly and drops fast: its steps are skewed negative; square's are not.
    expect(centroids[3][0]).toBeLessThan(centroids[1][0] - 1);
  });
});
