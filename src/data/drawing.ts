/**
 * A hand-drawn digit preprocessed as MNIST's digits were: the ink's bounding box scaled (aspect kept)
 * so its longer side is 20 pixels, placed in a 28x28 image so that its centre of mass sits at the
 * image centre.
 */

/** Side of an MNIST image, and of the box the digit is scaled into. */
export const MNIST_SIDE = 28;
export const MNIST_BOX = 20;

/** Ink below this (0..1) counts as background for the bounding box. */
const INK = 0.05;

interface Box {
  x0: number;
  y0: number;
  x1: number; // exclusive
  y1: number; // exclusive
}

function inkBox(px: ArrayLike<number>, w: number, h: number): Box | null {
  let x0 = w;
  let y0 = h;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      if (px[y * w + x] <= INK) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  return x1 < 0 ? null : { x0, y0, x1: x1 + 1, y1: y1 + 1 };
}

/** Area-averaged resample of the box of `px` into an array of tw x th pixels. */
function resampleBox(
  px: ArrayLike<number>,
  w: number,
  b: Box,
  tw: number,
  th: number,
): Float32Array {
  const out = new Float32Array(tw * th);
  const sx = (b.x1 - b.x0) / tw;
  const sy = (b.y1 - b.y0) / th;
  for (let ty = 0; ty < th; ty++) {
    const fy0 = b.y0 + ty * sy;
    const fy1 = fy0 + sy;
    for (let tx = 0; tx < tw; tx++) {
      const fx0 = b.x0 + tx * sx;
      const fx1 = fx0 + sx;
      let sum = 0;
      let area = 0;
      for (let y = Math.floor(fy0); y < Math.ceil(fy1); y++) {
        const cy = Math.min(fy1, y + 1) - Math.max(fy0, y);
        for (let x = Math.floor(fx0); x < Math.ceil(fx1); x++) {
          const cx = Math.min(fx1, x + 1) - Math.max(fx0, x);
          sum += px[y * w + x] * cx * cy;
          area += cx * cy;
        }
      }
      out[ty * tw + tx] = area > 0 ? sum / area : 0;
    }
  }
  return out;
}

/**
 * Centre of mass (x, y) of an image in pixel-index coordinates (pixel i has its centre at i);
 * null for an empty image.
 */
export function centreOfMass(px: ArrayLike<number>, w: number, h: number): [number, number] | null {
  let m = 0;
  let mx = 0;
  let my = 0;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const v = px[y * w + x];
      m += v;
      mx += v * x;
      my += v * y;
    }
  return m > 0 ? [mx / m, my / m] : null;
}

/**
 * Preprocesses a drawing like MNIST.
 * @param pixels ink per pixel in [0, 1] (1 = stroke), row-major [height, width]
 * @returns 784 values in [0, 1], row-major [28, 28]: the ink's bounding box scaled so its longer side
 *   is 20 px (area averaging), then shifted by whole pixels so its centre of mass is at (13.5, 13.5);
 *   all zeros when there is no ink
 */
export function preprocessDrawing(
  pixels: ArrayLike<number>,
  width: number,
  height: number,
): Float32Array {
  if (pixels.length !== width * height)
    throw new Error(`preprocessDrawing: ${pixels.length} pixels for ${width}x${height}`);
  const out = new Float32Array(MNIST_SIDE * MNIST_SIDE);
  const box = inkBox(pixels, width, height);
  if (!box) return out;
  const bw = box.x1 - box.x0;
  const bh = box.y1 - box.y0;
  const scale = MNIST_BOX / Math.max(bw, bh);
  const tw = Math.max(1, Math.round(bw * scale));
  const th = Math.max(1, Math.round(bh * scale));
  const digit = resampleBox(pixels, width, box, tw, th);
  const com = centreOfMass(digit, tw, th);
  if (!com) return out;
  const centre = (MNIST_SIDE - 1) / 2;
  const ox = Math.round(centre - com[0]);
  const oy = Math.round(centre - com[1]);
  for (let y = 0; y < th; y++)
    for (let x = 0; x < tw; x++) {
      const X = x + ox;
      const Y = y + oy;
      if (X < 0 || Y < 0 || X >= MNIST_SIDE || Y >= MNIST_SIDE) continue;
      out[Y * MNIST_SIDE + X] = Math.min(1, Math.max(0, digit[y * tw + x]));
    }
  return out;
}

/** A stroke: points (x, y) in [0, 1] x [0, 1] of the pad, y down. */
export type Stroke = readonly (readonly [number, number])[];

/**
 * Rasterises pen strokes to ink in [0, 1]: discs of `radius` (in pixels of the raster) stamped along
 * every segment, with a one-pixel soft edge.
 * @returns row-major [size, size] ink, 1 = stroke
 */
export function rasterizeStrokes(
  strokes: readonly Stroke[],
  size: number,
  radius: number,
): Float32Array {
  const out = new Float32Array(size * size);
  const stamp = (cx: number, cy: number) => {
    const r = radius + 1;
    for (let y = Math.max(0, Math.floor(cy - r)); y <= Math.min(size - 1, Math.ceil(cy + r)); y++)
      for (
        let x = Math.max(0, Math.floor(cx - r));
        x <= Math.min(size - 1, Math.ceil(cx + r));
        x++
      ) {
        const d = Math.hypot(x + 0.5 - cx, y + 0.5 - cy);
        const v = Math.min(1, Math.max(0, radius + 0.5 - d));
        if (v > out[y * size + x]) out[y * size + x] = v;
      }
  };
  for (const s of strokes) {
    for (let i = 0; i < s.length; i++) {
      const [x1, y1] = [s[i][0] * size, s[i][1] * size];
      const [x0, y0] = i > 0 ? [s[i - 1][0] * size, s[i - 1][1] * size] : [x1, y1];
      const steps = Math.max(
        1,
        Math.ceil(Math.hypot(x1 - x0, y1 - y0) / Math.max(0.5, radius / 2)),
      );
      for (let k = 0; k <= steps; k++)
        stamp(x0 + ((x1 - x0) * k) / steps, y0 + ((y1 - y0) * k) / steps);
    }
  }
  return out;
}
