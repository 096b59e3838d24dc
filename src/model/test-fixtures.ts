/**
 * Small in-memory datasets for the model layer's unit tests: same types and layouts as the real ones
 * (uint8 images [n, 28, 28], float32 waves [n, 64, 1]), learnable, and tiny so tests stay fast.
 */
import type { Dataset } from '../data/types.ts';
import { mulberry32 } from '../core/random.ts';

/**
 * Images where class c is a bright 6x6 block at a class-specific place over faint noise.
 * Labels cycle 0..classes-1.
 */
export function tinyImages(nTrain: number, nTest: number, seed = 1, classes = 10): Dataset {
  const rng = mulberry32(seed);
  const make = (n: number): [Uint8Array, Uint8Array] => {
    const x = new Uint8Array(n * 784);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const c = i % classes;
      y[i] = c;
      for (let p = 0; p < 784; p++) x[i * 784 + p] = Math.floor(rng() * 40);
      const r0 = 2 + 8 * Math.floor(c / 3);
      const c0 = 2 + 8 * (c % 3);
      for (let r = r0; r < r0 + 6; r++)
        for (let q = c0; q < c0 + 6; q++) x[i * 784 + r * 28 + q] = 200 + Math.floor(rng() * 55);
    }
    return [x, y];
  };
  const [trainX, trainY] = make(nTrain);
  const [testX, testY] = make(nTest);
  return {
    id: 'mnist',
    kind: 'image',
    exampleShape: [28, 28, 1],
    classNames: Array.from({ length: classes }, (_, c) => String(c)),
    trainX,
    trainY,
    testX,
    testY,
  };
}

/** Waves of 64 steps: class c is a noisy sine with c + 1 periods. 4 classes. */
export function tinyWaves(nTrain: number, nTest: number, seed = 1): Dataset {
  const rng = mulberry32(seed);
  const make = (n: number): [Float32Array, Uint8Array] => {
    const x = new Float32Array(n * 64);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const c = i % 4;
      y[i] = c;
      const phase = rng() * 2 * Math.PI;
      for (let t = 0; t < 64; t++)
        x[i * 64 + t] = Math.sin(phase + (2 * Math.PI * (c + 1) * t) / 64) + 0.1 * (rng() - 0.5);
    }
    return [x, y];
  };
  const [trainX, trainY] = make(nTrain);
  const [testX, testY] = make(nTest);
  return {
    id: 'waves',
    kind: 'sequence',
    exampleShape: [64, 1],
    classNames: ['1', '2', '3', '4'],
    trainX,
    trainY,
    testX,
    testY,
  };
}
