import { useEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { classNames } from '../data/index.ts';
import type { TestExamples } from '../engine/api.ts';
import { fetchTestExamples } from '../store/actions.ts';
import { useApp } from '../store/index.ts';
import { selectBroken, type BrokenExample } from '../store/predictions.ts';
import { errorText } from '../store/setup.ts';
import { fmtCount } from './format.ts';

/** Examples shown at most. */
const MAX = 24;
/** On-screen size of one 28x28 image, CSS pixels. */
const SCALE = 2;

/** One grey image (values in [0, 1], row-major side x side) drawn into a canvas, ink dark. */
function Digit({ pixels, side, label }: { pixels: Float32Array; side: number; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const img = ctx.createImageData(side, side);
    for (let i = 0; i < side * side; i++) {
      const v = Math.round(255 * (1 - Math.min(1, Math.max(0, pixels[i]))));
      img.data.set([v, v, v, 255], i * 4);
    }
    ctx.putImageData(img, 0, 0);
  }, [pixels, side]);
  return (
    <canvas
      ref={ref}
      width={side}
      height={side}
      role="img"
      aria-label={label}
      style={{ width: side * SCALE, height: side * SCALE, imageRendering: 'pixelated' }}
    />
  );
}

/** Images of `examples` for setup version `version`, fetched from the engine. */
function useImages(version: number | null, examples: BrokenExample[]) {
  const key = examples.map((e) => e.index).join(',');
  const [state, setState] = useState<
    { key: string; images: TestExamples } | { key: string; error: string } | null
  >(null);
  useEffect(() => {
    if (version === null || !key) return;
    let live = true;
    fetchTestExamples(key.split(',').map(Number)).then(
      (images) => live && setState({ key, images }),
      (e: unknown) => live && setState({ key, error: errorText(e) }),
    );
    return () => {
      live = false;
    };
  }, [version, key]);
  return state && state.key === key ? state : null;
}

/**
 * Test images the pruning broke: classified right by the unpruned model and wrong by the setup on
 * screen (full test set), with their true and predicted classes. Image datasets only.
 */
export function BrokenGallery() {
  const dataset = useApp((s) => s.datasetId);
  // selectBroken builds a new list each call: select its inputs, compute it once per change.
  const inputs = useApp(
    useShallow((s) => ({
      full: s.full,
      baseline: s.baseline,
      maskVersion: s.maskVersion,
      preview: s.preview,
      baselinePreview: s.baselinePreview,
    })),
  );
  const broken = useMemo(() => selectBroken(inputs, MAX), [inputs]);
  const examples = broken?.examples ?? [];
  const images = useImages(broken?.version ?? null, examples);
  if (dataset === 'waves') return null;
  const names = classNames[dataset];
  let body;
  if (!broken) body = <p className="explain">Waiting for the full test set of this setup…</p>;
  else if (broken.total === 0)
    body = <p className="explain">No test image the unpruned model got right is wrong now.</p>;
  else if (!images) body = <p className="explain">Loading the images…</p>;
  else if ('error' in images) body = <p className="delta-down">{images.error}</p>;
  else {
    const side = Math.round(Math.sqrt(images.images.size));
    body = (
      <ul className="broken-gallery">
        {examples.map((e, k) => (
          <li key={e.index} data-index={e.index}>
            <Digit
              pixels={images.images.pixels.subarray(k * images.images.size)}
              side={side}
              label={`Test image ${e.index}: a ${names[e.label]}, now read as ${names[e.after]}`}
            />
            <span className="broken-caption">
              <span>true {names[e.label]}</span>
              <strong className="delta-down">now {names[e.after]}</strong>
            </span>
          </li>
        ))}
      </ul>
    );
  }
  return (
    <section className="panel" aria-label="Images pruning broke">
      <h2>Broken by pruning</h2>
      <p
        className="explain"
        data-testid="broken-count"
        data-state={broken ? 'current' : 'computing'}
        data-total={broken?.total ?? ''}
      >
        {broken
          ? `${fmtCount(broken.total)} test image${broken.total === 1 ? '' : 's'} right before pruning, wrong after${broken.total > MAX ? ` (first ${MAX} shown)` : ''}.`
          : 'Test images right before pruning and wrong after.'}
      </p>
      {body}
    </section>
  );
}
