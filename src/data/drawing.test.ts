import { describe, expect, it } from 'vitest';
import { centreOfMass, MNIST_SIDE, preprocessDrawing, rasterizeStrokes } from './drawing.ts';

/** A w x h canvas with a filled rectangle of ink. */
function rect(w: number, h: number, x0: number, y0: number, x1: number, y1: number): Float32Array {
  const px = new Float32Array(w * h);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) px[y * w + x] = 1;
  return px;
}

function inkExtent(img: Float32Array): { w: number; h: number } {
  let x0 = 99,
    x1 = -1,
    y0 = 99,
    y1 = -1;
  for (let y = 0; y < MNIST_SIDE; y++)
    for (let x = 0; x < MNIST_SIDE; x++)
      if (img[y * MNIST_SIDE + x] > 0.05) {
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
      }
  return { w: x1 - x0 + 1, h: y1 - y0 + 1 };
}

describe('preprocessDrawing', () => {
  it('scales the longer side of the ink to 20 px, keeping the aspect', () => {
    // A tall bar in the corner of a 280x280 canvas: 40 wide, 200 high.
    const out = preprocessDrawing(rect(280, 280, 10, 20, 50, 220), 280, 280);
    expect(out.length).toBe(784);
    expect(inkExtent(out)).toEqual({ w: 4, h: 20 });
    for (const v of out) expect(v >= 0 && v <= 1).toBe(true);
  });

  it('moves the centre of mass to the image centre wherever the stroke was drawn', () => {
    const corner = preprocessDrawing(rect(200, 100, 150, 0, 200, 40), 200, 100);
    const com = centreOfMass(corner, MNIST_SIDE, MNIST_SIDE)!;
    expect(Math.abs(com[0] - 13.5)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(com[1] - 13.5)).toBeLessThanOrEqual(0.5);
    // The same shape drawn elsewhere gives the same image.
    const other = preprocessDrawing(rect(200, 100, 0, 50, 50, 90), 200, 100);
    expect(Array.from(other)).toEqual(Array.from(corner));
  });

  it('shifts by the centre of mass, not the box centre, for lopsided ink', () => {
    // An L: heavy bottom bar, thin stem; the mass is low, so the box sits higher than centred.
    const w = 100;
    const px = rect(w, w, 10, 10, 20, 90);
    for (let y = 70; y < 90; y++) for (let x = 10; x < 90; x++) px[y * w + x] = 1;
    const out = preprocessDrawing(px, w, w);
    const com = centreOfMass(out, MNIST_SIDE, MNIST_SIDE)!;
    expect(Math.abs(com[1] - 13.5)).toBeLessThanOrEqual(0.5);
    let top = 0;
    while (out.slice(top * 28, top * 28 + 28).every((v) => v === 0)) top++;
    expect(top).toBeLessThan(4); // box centring would start at row 4
  });

  it('returns zeros for an empty drawing and rejects a wrong size', () => {
    expect(preprocessDrawing(new Float32Array(100), 10, 10).every((v) => v === 0)).toBe(true);
    expect(() => preprocessDrawing(new Float32Array(10), 10, 10)).toThrow();
  });
});

describe('rasterizeStrokes', () => {
  it('draws a line between the points with the brush width, and a dot for a tap', () => {
    const img = rasterizeStrokes(
      [
        [
          [0.1, 0.5],
          [0.9, 0.5],
        ],
      ],
      100,
      4,
    );
    expect(img[50 * 100 + 50]).toBe(1);
    expect(img[50 * 100 + 12]).toBe(1);
    expect(img[30 * 100 + 50]).toBe(0);
    expect(img[50 * 100 + 97]).toBe(0);
    const dot = rasterizeStrokes([[[0.5, 0.5]]], 20, 2);
    const ink = Array.from(dot).filter((v) => v > 0).length;
    expect(ink).toBeGreaterThan(8);
    expect(ink).toBeLessThan(40);
    expect(rasterizeStrokes([], 10, 2).every((v) => v === 0)).toBe(true);
  });
});
