import * as tf from './tf.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { installFastCpuKernels } from './cpu-kernels.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Values and gradients of small graphs that exercise every replaced kernel. */
function probe(): Float32Array[] {
  const out: Float32Array[] = [];
  const push = (t: tf.Tensor): void => {
    out.push(Float32Array.from(t.dataSync() as Float32Array));
  };
  tf.tidy(() => {
    const convCases: [number[], number[], number, 'same' | 'valid'][] = [
      [[3, 9, 7, 2], [3, 3, 2, 5], 1, 'same'],
      [[2, 8, 8, 3], [3, 3, 3, 4], 2, 'valid'],
      [[2, 7, 7, 1], [3, 3, 1, 2], 2, 'same'],
    ];
    for (const [xs, ws, s, pad] of convCases) {
      const x = tf.relu(tf.randomNormal(xs, 0, 1, 'float32', 3));
      const w = tf.randomNormal(ws, 0, 1, 'float32', 4);
      const f = (a: tf.Tensor, b: tf.Tensor): tf.Tensor =>
        tf
          .maxPool(tf.relu(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, s, pad)), 2, 2, 'same')
          .square()
          .sum();
      tf.grads(f)([x, w]).forEach(push);
      push(tf.maxPool(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, s, pad), 3, 2, 'same'));
      const bias = tf.randomNormal([ws[3]], 0, 1, 'float32', 6);
      for (const activation of ['relu', 'linear', 'elu'] as const) {
        push(
          tf.fused.conv2d({
            x: x as tf.Tensor4D,
            filter: w as tf.Tensor4D,
            strides: s,
            pad,
            bias,
            activation,
          }),
        );
      }
    }
    const mm: [number[], number[], boolean, boolean][] = [
      [[9, 7], [7, 3], false, false],
      [[7, 9], [7, 3], true, false],
      [[9, 7], [3, 7], false, true],
      [[7, 9], [3, 7], true, true],
      [[2, 5, 7], [2, 7, 3], false, false],
      [[2, 7, 5], [2, 3, 7], true, true],
      [[2, 5, 7], [7, 3], false, false],
    ];
    for (const [sa, sb, ta, tb] of mm) {
      const a = tf.randomNormal(sa, 0, 1, 'float32', 1);
      const b = tf.randomNormal(sb, 0, 1, 'float32', 2);
      push(tf.matMul(a, b, ta, tb));
      if (sa.length === 2 && sb.length === 2) {
        const bias = tf.randomNormal([tb ? sb[0] : sb[1]], 0, 1, 'float32', 3);
        for (const activation of ['relu', 'linear', 'sigmoid'] as const) {
          push(tf.fused.matMul({ a, b, transposeA: ta, transposeB: tb, bias, activation }));
        }
      }
    }
    const x = tf.randomNormal([3, 10, 12], 0, 1, 'float32', 5);
    tf.split(x, 4, 2).forEach(push);
    tf.split(x, [3, 7], 1).forEach(push);
    tf.split(x, 3, 0).forEach(push);
    tf.split(tf.cast(x, 'int32'), 2, 2).forEach(push);
  });
  return out;
}

describe('fast cpu kernels', () => {
  it('give the stock kernels’ results (conv, fused conv, max-pool and their gradients, matmul, split)', () => {
    const names = [
      'Conv2D',
      'FusedConv2D',
      'Conv2DBackpropFilter',
      'MaxPool',
      'MaxPoolGrad',
      'SplitV',
      'BatchMatMul',
      '_FusedMatMul',
    ];
    const stockFns = names.map((n) => tf.getKernel(n, 'cpu')!.kernelFunc);
    const stock = probe();
    installFastCpuKernels();
    // The replacements are really in place (so the comparison below compares two implementations).
    names.forEach((n, i) => expect(tf.getKernel(n, 'cpu')!.kernelFunc, n).not.toBe(stockFns[i]));
    const fast = probe();
    expect(fast.length).toBe(stock.length);
    stock.forEach((s, i) => {
      expect(fast[i].length).toBe(s.length);
      for (let j = 0; j < s.length; j++)
        expect(Math.abs(fast[i][j] - s[j])).toBeLessThan(1e-4 * (1 + Math.abs(s[j])));
    });
  });
});
