/** Sample grids of a dataset's test split: images as pixels, waveforms as lines. */
import { useEffect, useRef, useState } from 'react';
import {
  classNames,
  datasetInfo,
  fetchSource,
  loadTestSplit,
  sampleIndices,
} from '../data/index.ts';
import type { Dataset, DatasetId } from '../data/types.ts';
import { errorText } from '../store/actions.ts';

const cache = new Map<DatasetId, Promise<Dataset>>();

/** Loads a dataset's test split for the sample grid (cached; the training split is never fetched here; the engine loads its own copy). */
export function datasetFor(id: DatasetId): Promise<Dataset> {
  let p = cache.get(id);
  if (!p) {
    p = loadTestSplit(id, fetchSource(`${import.meta.env.BASE_URL}data/`));
    p.catch(() => cache.delete(id));
    cache.set(id, p);
  }
  return p;
}

function ImageSample({ ds, index }: { ds: Dataset; index: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = ref.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    const [h, w] = ds.exampleShape;
    const img = ctx.createImageData(w, h);
    const px = ds.testX as Uint8Array;
    for (let i = 0; i < w * h; i++) {
      const v = px[index * w * h + i];
      img.data[i * 4] = v;
      img.data[i * 4 + 1] = v;
      img.data[i * 4 + 2] = v;
      img.data[i * 4 + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
  }, [ds, index]);
  return (
    <canvas
      ref={ref}
      width={ds.exampleShape[1]}
      height={ds.exampleShape[0]}
      style={{ width: 56, height: 56 }}
    />
  );
}

function SequenceSample({ ds, index }: { ds: Dataset; index: number }) {
  const steps = ds.exampleShape[0];
  const xs = ds.testX as Float32Array;
  let lo = Infinity;
  let hi = -Infinity;
  for (let t = 0; t < steps; t++) {
    lo = Math.min(lo, xs[index * steps + t]);
    hi = Math.max(hi, xs[index * steps + t]);
  }
  const pts: string[] = [];
  for (let t = 0; t < steps; t++) {
    const y = 46 - ((xs[index * steps + t] - lo) / Math.max(1e-6, hi - lo)) * 42;
    pts.push(`${(t / (steps - 1)) * 116 + 2},${y.toFixed(1)}`);
  }
  return (
    <svg
      width={120}
      height={48}
      role="img"
      aria-label="waveform"
      style={{ border: '1px solid var(--border)', borderRadius: 3 }}
    >
      <polyline
        points={pts.join(' ')}
        fill="none"
        stroke="var(--chart-series-1, #0072b2)"
        strokeWidth={1.6}
      />
    </svg>
  );
}

/** A grid of sample examples with their labels (images, or waveforms drawn as lines). */
export function SampleGrid({ id }: { id: DatasetId }) {
  const [state, setState] = useState<{ ds: Dataset | null; error: string | null }>({
    ds: null,
    error: null,
  });
  useEffect(() => {
    let live = true;
    datasetFor(id).then(
      (ds) => live && setState({ ds, error: null }),
      (e: unknown) => live && setState({ ds: null, error: errorText(e) }),
    );
    return () => {
      live = false;
    };
  }, [id]);
  if (state.error)
    return (
      <p role="alert" className="notice error">
        {state.error}
      </p>
    );
  if (!state.ds) return <p className="muted">Loading samples…</p>;
  const ds = state.ds;
  const isSeq = ds.kind === 'sequence';
  const idx = sampleIndices(ds, isSeq ? 3 : 2, 7);
  const names = classNames[id];
  return (
    <div
      className="sample-grid"
      data-testid="sample-grid"
      data-kind={isSeq ? 'sequence' : 'image'}
      aria-label={`Samples of ${datasetInfo[id].title}`}
    >
      {(isSeq
        ? interleave(idx, ds.classNames.length, 3)
        : interleave(idx, ds.classNames.length, 2)
      ).map((i) => (
        <figure key={i} data-testid="sample">
          {isSeq ? <SequenceSample ds={ds} index={i} /> : <ImageSample ds={ds} index={i} />}
          <figcaption>{names[ds.testY[i]]}</figcaption>
        </figure>
      ))}
    </div>
  );
}

/** Reorders class-by-class indices so each grid row shows one example of every class. */
function interleave(idx: number[], classes: number, per: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < per; r++)
    for (let c = 0; c < classes; c++)
      if (idx[c * per + r] !== undefined) out.push(idx[c * per + r]);
  return out;
}
