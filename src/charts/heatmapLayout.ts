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

const GATES: Record<'lstm' | 'gru', { letters: string[]; names: string[] }> = {
  lstm: {
    letters: ['i', 'f', 'c', 'o'],
    names: ['input gate', 'forget gate', 'cell candidate', 'output gate'],
  },
  gru: { letters: ['z', 'r', 'h'], names: ['update gate', 'reset gate', 'candidate'] },
};

function product(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
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

function unitBands(axis: 'x' | 'y', count: number, size: number): HeatmapBand[] {
  const bands: HeatmapBand[] = [];
  for (let i = 0; i < count; i++) {
    bands.push({ axis, start: i * size, end: (i + 1) * size, label: String(i), level: 'unit' });
  }
  return bands;
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
  const kernelLen = product(shape);
  const segments: HeatmapSegment[] = [
    { tensor: 'kernel', shape: [...shape], offset: 0, length: kernelLen },
  ];
  let width: number;
  let height: number;
  let bands: HeatmapBand[] = [];
  let tile: HeatmapLayout['tile'];
  let xTitle: string;
  let yTitle: string;
  // Fills pixelOf for one segment: (flat index, multi-index) → (x, y).
  let place: (seg: number, flat: number) => [number, number];

  if (kind === 'dense') {
    if (shape.length !== 2) throw new Error(`dense layout needs [in, out], got [${shape}]`);
    const [nIn, nOut] = shape;
    const rows = (options.denseOutputs ?? 'rows') === 'rows';
    width = rows ? nIn : nOut;
    height = rows ? nOut : nIn;
    place = (_seg, flat) => {
      const r = Math.floor(flat / nOut);
      const c = flat - r * nOut;
      return rows ? [r, c] : [c, r];
    };
    bands = rows
      ? [...unitBands('x', nIn, 1), ...unitBands('y', nOut, 1)]
      : [...unitBands('x', nOut, 1), ...unitBands('y', nIn, 1)];
    xTitle = rows ? 'inputs →' : 'output neurons →';
    yTitle = rows ? 'output neurons' : 'inputs';
  } else if (kind === 'conv2d') {
    if (shape.length !== 4)
      throw new Error(`conv2d layout needs [kh, kw, in, out], got [${shape}]`);
    const [kh, kw, cin, cout] = shape;
    width = cout * kw;
    height = cin * kh;
    place = (_seg, flat) => {
      const d = flat % cout;
      let rest = (flat - d) / cout;
      const c = rest % cin;
      rest = (rest - c) / cin;
      const b = rest % kw;
      const a = (rest - b) / kw;
      return [d * kw + b, c * kh + a];
    };
    bands = [...unitBands('x', cout, kw), ...unitBands('y', cin, kh)];
    tile = { w: kw, h: kh };
    xTitle = 'filters (outputs) →';
    yTitle = 'input channels';
  } else {
    if (shape.length !== 2) throw new Error(`${kind} layout needs [in, G·H], got [${shape}]`);
    const gates = GATES[kind];
    const g = gates.letters.length;
    const [nIn, cols] = shape;
    const h = cols / g;
    if (!Number.isInteger(h)) throw new Error(`${kind} kernel width ${cols} is not ${g}·H`);
    width = cols;
    height = nIn;
    const rec = options.recurrentShape;
    if (rec) {
      if (rec.length !== 2 || rec[1] !== cols)
        throw new Error(`recurrent kernel [${rec}] does not match kernel [${shape}]`);
      segments.push({
        tensor: 'recurrent',
        shape: [...rec],
        offset: kernelLen,
        length: product(rec),
      });
      height += rec[0];
    }
    place = (seg, flat) => {
      const r = Math.floor(flat / cols);
      return [flat - r * cols, seg === 0 ? r : nIn + r];
    };
    for (let i = 0; i < g; i++) {
      bands.push({
        axis: 'x',
        start: i * h,
        end: (i + 1) * h,
        label: gates.letters[i],
        longLabel: `${gates.letters[i]} · ${gates.names[i]}`,
        level: 'group',
      });
    }
    bands.push({ axis: 'y', start: 0, end: nIn, label: 'input kernel', level: 'group' });
    if (rec) {
      bands.push({
        axis: 'y',
        start: nIn,
        end: nIn + rec[0],
        label: 'recurrent kernel',
        level: 'group',
      });
    }
    xTitle = 'hidden units, gate by gate →';
    yTitle = '';
  }

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

  const segmentOf = (index: number): number => {
    for (let i = segments.length - 1; i >= 0; i--) if (index >= segments[i].offset) return i;
    return 0;
  };

  return {
    kind,
    width,
    height,
    size,
    segments,
    pixelOf,
    indexOfPixel,
    bands,
    tile,
    xTitle,
    yTitle,
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
    locate(index) {
      const si = segmentOf(index);
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
    },
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
