/**
 * Pure heatmap geometry and painting: maps every weight of a tensor (or of an RNN's input and
 * recurrent kernels together) to one cell of a 2-D image, one pixel per cell.
 *
 * Conventions (the same for every layer, so a structured-pruned unit always shows whole):
 * - dense [in, out]: the matrix as in y = W·x — one ROW per output neuron, one COLUMN per input
 *   (the transpose of the TensorFlow.js storage). Typical dense layers have more inputs than
 *   outputs, so the image comes out wider than tall; a pruned neuron is a whole grey row.
 *   `denseOutputs: 'columns'` draws the storage layout instead.
 * - conv2d [kh, kw, in, out]: a grid of kh×kw tiles; tile row = input channel, tile column =
 *   filter. A pruned filter is a whole grey column of tiles, a pruned input channel a row.
 * - lstm / gru kernel [in, G·H] (G = 4 gates i, f, c, o or 3 gates z, r, h): columns are the gate
 *   columns in storage order, so the image splits into G bands of H columns; the recurrent kernel
 *   [H, G·H] sits below the input kernel with the same columns. Hidden unit j is column j of
 *   every gate band (and row j of the recurrent kernel).
 *
 * Global indices run over the kernel first, then the recurrent kernel (offset = kernel length).
 */
import { LUT_PRUNED, type ColorLUT } from './colors.ts';
import { GATES, convGrid, denseGrid, product, rnnGrid } from './heatmapGrids.ts';

/** How a weight tensor is laid out. */
export type HeatmapKind = 'dense' | 'conv2d' | 'lstm' | 'gru';

/** The heatmap layout of a layer kind ('conv2d', 'lstm', 'gru'; every other kind as 'dense'). */
export function heatmapKindOf(layerKind: string): HeatmapKind {
  return layerKind === 'conv2d' || layerKind === 'lstm' || layerKind === 'gru'
    ? layerKind
    : 'dense';
}

/** A labelled region along one axis, in cells [start, end). */
export interface HeatmapBand {
  axis: 'x' | 'y';
  start: number;
  end: number;
  /** Short label, e.g. 'i', '7', 'input kernel'. */
  label: string;
  /** Longer label shown when there is room, e.g. 'input gate'. */
  longLabel?: string;
  /** 'group': gates, tensors (always labelled, strong separators); 'unit': filters, neurons. */
  level: 'group' | 'unit';
}

/** One tensor placed in the image. */
export interface HeatmapSegment {
  tensor: 'kernel' | 'recurrent';
  shape: number[];
  /** First global index of this tensor. */
  offset: number;
  length: number;
}

/** Where a global index lives. */
export interface HeatmapLocation {
  segment: number;
  tensor: 'kernel' | 'recurrent';
  /** Flat index inside its tensor. */
  flatIndex: number;
  /** Index along each axis of the tensor's shape, e.g. [kh, kw, in, out]. */
  multiIndex: number[];
  /** RNN only: gate letter and hidden unit of the column. */
  gate?: string;
  unit?: number;
}

/** Geometry of a heatmap in cells (1 cell = 1 weight = 1 pixel of the unscaled image). */
export interface HeatmapLayout {
  kind: HeatmapKind;
  width: number;
  height: number;
  /** Number of weights (all segments). */
  size: number;
  segments: HeatmapSegment[];
  /** Global index → pixel index (y·width + x). */
  pixelOf: Int32Array;
  /** Pixel index → global index, −1 for cells that hold no weight. */
  indexOfPixel: Int32Array;
  /** Cell of a global index. */
  cellOf(index: number): { x: number; y: number };
  /** Global index at cell (x, y); −1 outside or on an empty cell. */
  indexAt(x: number, y: number): number;
  /** Tensor, multi-index, gate and unit of a global index. */
  locate(index: number): HeatmapLocation;
  bands: HeatmapBand[];
  /** Tile size in cells for conv grids (thin separators between tiles). */
  tile?: { w: number; h: number };
  xTitle: string;
  yTitle: string;
}

/** Options for heatmapLayout. */
export interface HeatmapLayoutOptions {
  /** RNN recurrent kernel shape [H, G·H]; drawn below the input kernel. */
  recurrentShape?: number[];
  /** Dense only: draw output neurons as rows (default, y = W·x) or as columns (storage layout). */
  denseOutputs?: 'rows' | 'columns';
}

function unravel(flat: number, shape: number[]): number[] {
  const out = new Array<number>(shape.length);
  let rest = flat;
  for (let d = shape.length - 1; d >= 0; d--) {
    out[d] = rest % shape[d];
    rest = Math.floor(rest / shape[d]);
  }
  return out;
}

/** Where a global index lives, given the segments of a layout of `kind`. */
function locateIn(kind: HeatmapKind, segments: HeatmapSegment[], index: number): HeatmapLocation {
  const si = Math.max(
    0,
    segments.findLastIndex((seg) => index >= seg.offset),
  );
  const s = segments[si];
  const flatIndex = index - s.offset;
  const multiIndex = unravel(flatIndex, s.shape);
  const loc: HeatmapLocation = { segment: si, tensor: s.tensor, flatIndex, multiIndex };
  if (kind === 'lstm' || kind === 'gru') {
    const letters = GATES[kind].letters;
    const h = s.shape[1] / letters.length;
    const col = multiIndex[1];
    loc.gate = letters[Math.floor(col / h)];
    loc.unit = col % h;
  }
  return loc;
}

/**
 * Builds the cell geometry for a weight tensor.
 * @param shape TensorFlow.js shape: dense [in, out], conv2d [kh, kw, in, out], lstm [in, 4H],
 *   gru [in, 3H].
 * @param kind the layout to use.
 * @param options recurrent kernel shape for RNNs; dense orientation.
 */
export function heatmapLayout(
  shape: number[],
  kind: HeatmapKind,
  options: HeatmapLayoutOptions = {},
): HeatmapLayout {
  const segments: HeatmapSegment[] = [
    { tensor: 'kernel', shape: [...shape], offset: 0, length: product(shape) },
  ];
  const grid =
    kind === 'dense'
      ? denseGrid(shape, options)
      : kind === 'conv2d'
        ? convGrid(shape)
        : rnnGrid(shape, kind, options.recurrentShape, segments);
  const { width, height, place } = grid;

  const size = segments.reduce((a, s) => a + s.length, 0);
  const pixelOf = new Int32Array(size);
  const indexOfPixel = new Int32Array(width * height).fill(-1);
  segments.forEach((s, si) => {
    for (let f = 0; f < s.length; f++) {
      const [x, y] = place(si, f);
      const p = y * width + x;
      pixelOf[s.offset + f] = p;
      indexOfPixel[p] = s.offset + f;
    }
  });

  return {
    kind,
    width,
    height,
    size,
    segments,
    pixelOf,
    indexOfPixel,
    bands: grid.bands,
    tile: grid.tile,
    xTitle: grid.xTitle,
    yTitle: grid.yTitle,
    cellOf(index) {
      const p = pixelOf[index];
      return { x: p % width, y: Math.floor(p / width) };
    },
    indexAt(x, y) {
      const cx = Math.floor(x);
      const cy = Math.floor(y);
      if (cx < 0 || cy < 0 || cx >= width || cy >= height) return -1;
      return indexOfPixel[cy * width + cx];
    },
    locate: (index) => locateIn(kind, segments, index),
  };
}

/** Options for paintHeatmap. */
export interface PaintOptions {
  /** Colour domain is [−maxAbs, +maxAbs]; values beyond clamp to the ends. */
  maxAbs: number;
  /** Which segment `weights` belongs to (0 = kernel, 1 = recurrent kernel). */
  segment?: number;
}

/**
 * Paints one segment's weights into an RGBA buffer of layout.width × layout.height pixels, one
 * pixel per weight: the diverging LUT colour, or the LUT's pruned colour where mask[i] === 0.
 * Single pass over a 32-bit view; no allocation besides two typed-array views.
 */
export function paintHeatmap(
  rgba: Uint8ClampedArray,
  weights: Float32Array,
  mask: Uint8Array | undefined,
  layout: HeatmapLayout,
  lut: ColorLUT,
  options: PaintOptions,
): void {
  const seg = layout.segments[options.segment ?? 0];
  if (weights.length !== seg.length)
    throw new Error(`paintHeatmap: ${weights.length} weights for a segment of ${seg.length}`);
  if (mask && mask.length !== seg.length)
    throw new Error(`paintHeatmap: mask length ${mask.length} != ${seg.length}`);
  const out = new Uint32Array(rgba.buffer, rgba.byteOffset, rgba.byteLength >> 2);
  const pix = layout.pixelOf;
  const colors = lut.packed;
  const pruned = colors[LUT_PRUNED];
  const maxAbs = options.maxAbs > 0 && Number.isFinite(options.maxAbs) ? options.maxAbs : 1;
  const k = 127.5 / maxAbs;
  const off = seg.offset;
  const n = seg.length;
  for (let i = 0; i < n; i++) {
    if (mask !== undefined && mask[i] === 0) {
      out[pix[off + i]] = pruned;
      continue;
    }
    let q = (weights[i] * k + 127.5) | 0;
    q = q < 0 ? 0 : q > 255 ? 255 : q;
    out[pix[off + i]] = colors[q];
  }
}

/**
 * Paints a mask comparison: each cell gets lut[category] with categories bothKept (0),
 * bothPruned (1), onlyA = pruned by A only (2), onlyB = pruned by B only (3).
 * Returns the count per category.
 */
export function paintMaskDiff(
  rgba: Uint8ClampedArray,
  maskA: Uint8Array,
  maskB: Uint8Array,
  layout: HeatmapLayout,
  lut: Uint32Array,
  segment = 0,
): [number, number, number, number] {
  const seg = layout.segments[segment];
  if (maskA.length !== seg.length || maskB.length !== seg.length)
    throw new Error(`paintMaskDiff: masks of ${maskA.length}/${maskB.length} for ${seg.length}`);
  const out = new Uint32Array(rgba.buffer, rgba.byteOffset, rgba.byteLength >> 2);
  const pix = layout.pixelOf;
  // key = (aKept << 1) | bKept → category
  const CODE = [1, 2, 3, 0];
  const counts: [number, number, number, number] = [0, 0, 0, 0];
  for (let i = 0; i < seg.length; i++) {
    const c = CODE[((maskA[i] !== 0 ? 1 : 0) << 1) | (maskB[i] !== 0 ? 1 : 0)];
    counts[c]++;
    out[pix[seg.offset + i]] = lut[c];
  }
  return counts;
}

/** Largest |w| of the arrays (0 if all empty or zero). */
export function maxAbsOf(...arrays: (Float32Array | undefined)[]): number {
  let m = 0;
  for (const a of arrays) {
    if (!a) continue;
    for (let i = 0; i < a.length; i++) {
      const v = a[i] < 0 ? -a[i] : a[i];
      if (v > m) m = v;
    }
  }
  return m;
}
