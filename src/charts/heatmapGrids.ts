/**
 * The grid of each heatmap kind (see heatmapLayout.ts for the conventions): its size in cells,
 * where each weight goes, its bands and its axis titles.
 */
import type {
  HeatmapBand,
  HeatmapLayout,
  HeatmapLayoutOptions,
  HeatmapSegment,
} from './heatmapLayout.ts';

export const GATES: Record<'lstm' | 'gru', { letters: string[]; names: string[] }> = {
  lstm: {
    letters: ['i', 'f', 'c', 'o'],
    names: ['input gate', 'forget gate', 'cell candidate', 'output gate'],
  },
  gru: { letters: ['z', 'r', 'h'], names: ['update gate', 'reset gate', 'candidate'] },
};

export function product(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function unitBands(axis: 'x' | 'y', count: number, size: number): HeatmapBand[] {
  const bands: HeatmapBand[] = [];
  for (let i = 0; i < count; i++) {
    bands.push({ axis, start: i * size, end: (i + 1) * size, label: String(i), level: 'unit' });
  }
  return bands;
}

/** One kind's grid before the index maps: its size, where each weight goes, its bands and titles. */
export interface Grid {
  width: number;
  height: number;
  /** (segment, flat index inside it) → cell (x, y). */
  place: (seg: number, flat: number) => [number, number];
  bands: HeatmapBand[];
  tile?: HeatmapLayout['tile'];
  xTitle: string;
  yTitle: string;
}

export function denseGrid(shape: number[], options: HeatmapLayoutOptions): Grid {
  if (shape.length !== 2) throw new Error(`dense layout needs [in, out], got [${shape}]`);
  const [nIn, nOut] = shape;
  const rows = (options.denseOutputs ?? 'rows') === 'rows';
  return {
    width: rows ? nIn : nOut,
    height: rows ? nOut : nIn,
    place: (_seg, flat) => {
      const r = Math.floor(flat / nOut);
      const c = flat - r * nOut;
      return rows ? [r, c] : [c, r];
    },
    bands: rows
      ? [...unitBands('x', nIn, 1), ...unitBands('y', nOut, 1)]
      : [...unitBands('x', nOut, 1), ...unitBands('y', nIn, 1)],
    xTitle: rows ? 'inputs →' : 'output neurons →',
    yTitle: rows ? 'output neurons' : 'inputs',
  };
}

export function convGrid(shape: number[]): Grid {
  if (shape.length !== 4) throw new Error(`conv2d layout needs [kh, kw, in, out], got [${shape}]`);
  const [kh, kw, cin, cout] = shape;
  return {
    width: cout * kw,
    height: cin * kh,
    place: (_seg, flat) => {
      const d = flat % cout;
      let rest = (flat - d) / cout;
      const c = rest % cin;
      rest = (rest - c) / cin;
      const b = rest % kw;
      const a = (rest - b) / kw;
      return [d * kw + b, c * kh + a];
    },
    bands: [...unitBands('x', cout, kw), ...unitBands('y', cin, kh)],
    tile: { w: kw, h: kh },
    xTitle: 'filters (outputs) →',
    yTitle: 'input channels',
  };
}

/** The gate bands across and the kernel bands down of an RNN grid. */
function rnnBands(kind: 'lstm' | 'gru', h: number, nIn: number, recRows?: number): HeatmapBand[] {
  const gates = GATES[kind];
  const bands: HeatmapBand[] = gates.letters.map((letter, i) => ({
    axis: 'x',
    start: i * h,
    end: (i + 1) * h,
    label: letter,
    longLabel: `${letter} · ${gates.names[i]}`,
    level: 'group',
  }));
  bands.push({ axis: 'y', start: 0, end: nIn, label: 'input kernel', level: 'group' });
  if (recRows !== undefined) {
    bands.push({
      axis: 'y',
      start: nIn,
      end: nIn + recRows,
      label: 'recurrent kernel',
      level: 'group',
    });
  }
  return bands;
}

/** An RNN's grid; adds the recurrent kernel to `segments` when there is one. */
export function rnnGrid(
  shape: number[],
  kind: 'lstm' | 'gru',
  rec: number[] | undefined,
  segments: HeatmapSegment[],
): Grid {
  if (shape.length !== 2) throw new Error(`${kind} layout needs [in, G·H], got [${shape}]`);
  const g = GATES[kind].letters.length;
  const [nIn, cols] = shape;
  const h = cols / g;
  if (!Number.isInteger(h)) throw new Error(`${kind} kernel width ${cols} is not ${g}·H`);
  if (rec) {
    if (rec.length !== 2 || rec[1] !== cols)
      throw new Error(`recurrent kernel [${rec}] does not match kernel [${shape}]`);
    segments.push({
      tensor: 'recurrent',
      shape: [...rec],
      offset: product(shape),
      length: product(rec),
    });
  }
  return {
    width: cols,
    height: nIn + (rec ? rec[0] : 0),
    place: (seg, flat) => {
      const r = Math.floor(flat / cols);
      return [flat - r * cols, seg === 0 ? r : nIn + r];
    },
    bands: rnnBands(kind, h, nIn, rec?.[0]),
    xTitle: 'hidden units, gate by gate →',
    yTitle: '',
  };
}
