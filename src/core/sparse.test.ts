import { describe, expect, it } from 'vitest';
import { csrMatMul, toCsr } from './sparse.ts';
import { mulberry32 } from './random.ts';

describe('CSR matmul', () => {
  it('equals the dense product of the masked matrix, and stores only kept non-zeros', () => {
    const rng = mulberry32(3);
    const [n, rows, cols] = [5, 7, 6];
    const w = Float32Array.from({ length: rows * cols }, () => rng() - 0.5);
    const mask = Uint8Array.from({ length: rows * cols }, () => (rng() < 0.6 ? 0 : 1));
    const x = Float32Array.from({ length: n * rows }, () => (rng() < 0.3 ? 0 : rng() - 0.5));
    const bias = Float32Array.from({ length: cols }, () => rng());
    const csr = toCsr(w, mask, rows, cols);
    expect(csr.values.length).toBe(mask.reduce((a, b) => a + b, 0));
    const y = csrMatMul(x, n, csr, bias);
    for (let b = 0; b < n; b++)
      for (let c = 0; c < cols; c++) {
        let s = bias[c];
        for (let r = 0; r < rows; r++) s += x[b * rows + r] * w[r * cols + c] * mask[r * cols + c];
        expect(y[b * cols + c]).toBeCloseTo(s, 5);
      }
  });
});
