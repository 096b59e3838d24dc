/** Mask comparison: two methods on one layer at the same sparsity — overlap and where they differ. */
import { useEffect, useMemo, useState, type ReactElement } from 'react';
import { MaskDiffHeatmap, heatmapKindOf, useElementSize } from '../../charts/index.ts';
import { computeMasks } from '../../core/index.ts';
import { prunedOverlap } from '../../core/masks.ts';
import { uniformConfig } from '../../core/sweep.ts';
import type { LayerSpec, MaskSet, MethodId, TensorSpec } from '../../core/types.ts';
import { OFFERED_METHODS } from '../../core/methods.ts';
import { ensureScores, errorText } from '../../store/actions.ts';
import { methodLabel } from '../../store/experiments.ts';
import { useApp, type AppState } from '../../store/index.ts';
import { fmtCount, fmtPct } from '../format.ts';
import { NumberField, SelectField } from './common.tsx';

const COMPARABLE = OFFERED_METHODS;

function kernelsOf(masks: MaskSet, keys: string[]): Uint8Array {
  const n = keys.reduce((a, k) => a + (masks[k]?.length ?? 0), 0);
  const out = new Uint8Array(n);
  let o = 0;
  for (const k of keys) {
    const m = masks[k];
    if (m) {
      out.set(m, o);
      o += m.length;
    }
  }
  return out;
}

type Gradient = 'snip' | 'taylor';
const isGradient = (m: MethodId): m is Gradient => m === 'snip' || m === 'taylor';

/** Fetches the gradient scores methods `a` and `b` need (once); the error, if fetching failed. */
function useScoresFor(a: MethodId, b: MethodId): string | null {
  const scores = useApp((s) => s.scores);
  const [fetchError, setFetchError] = useState<string | null>(null);
  const neededKey = [a, b].filter((m) => isGradient(m) && !scores[m]).join(',');
  useEffect(() => {
    if (!neededKey) return;
    let live = true;
    void (async () => {
      try {
        await ensureScores(neededKey.split(',') as Gradient[]);
        if (live) setFetchError(null);
      } catch (e) {
        if (live) setFetchError(errorText(e));
      }
    })();
    return () => {
      live = false;
    };
  }, [neededKey]);
  return fetchError;
}

interface Comparison {
  ma: MaskSet;
  mb: MaskSet;
  kernel: TensorSpec;
  rec: TensorSpec | undefined;
  overlap: ReturnType<typeof prunedOverlap>;
}

/** Methods `a` and `b` on every layer at `sparsity`, compared on `layer`'s kernels. */
function compareOn(
  layer: LayerSpec,
  a: MethodId,
  b: MethodId,
  sparsity: number,
  scores: AppState['scores'],
): Comparison | { error: string } | null {
  const { graph, weights, config } = useApp.getState();
  if (!graph || !weights) return null;
  try {
    const m = (id: MethodId): MaskSet => {
      const s = isGradient(id) ? scores[id] : undefined;
      if (isGradient(id) && !s) throw new Error('Computing gradient scores…');
      return computeMasks(graph, weights, uniformConfig(graph, config, id, sparsity), s);
    };
    const ma = m(a);
    const mb = m(b);
    const kernel = layer.tensors.find((t) => t.role === 'kernel');
    const rec = layer.tensors.find((t) => t.role === 'recurrentKernel');
    if (!kernel) return null;
    const keys = [kernel.key, ...(rec ? [rec.key] : [])];
    const overlap = prunedOverlap(kernelsOf(ma, keys), kernelsOf(mb, keys));
    return { ma, mb, kernel, rec, overlap };
  } catch (e) {
    return { error: errorText(e) };
  }
}

/** The Jaccard overlap in numbers and the heatmap of where the two masks agree and differ. */
function OverlapView({
  c,
  a,
  b,
  layer,
}: {
  c: Comparison;
  a: MethodId;
  b: MethodId;
  layer: LayerSpec;
}) {
  const theme = useApp((s) => s.theme);
  const { ref, width } = useElementSize<HTMLDivElement>();
  const o = c.overlap;
  return (
    <>
      <p>
        Overlap of the pruned weights (Jaccard):{' '}
        <strong className="xp-big" data-testid="jaccard">
          {fmtPct(o.jaccard, 1)}
        </strong>{' '}
        <span className="muted">
          · pruned by both {fmtCount(o.prunedBoth)}, by either {fmtCount(o.prunedEither)}, by A{' '}
          {fmtCount(o.prunedA)}, by B {fmtCount(o.prunedB)} of {fmtCount(o.size)}
        </span>
      </p>
      <div ref={ref} style={{ width: '100%' }}>
        {width > 0 && (
          <MaskDiffHeatmap
            maskA={c.ma[c.kernel.key]}
            maskB={c.mb[c.kernel.key]}
            labelA={methodLabel(a)}
            labelB={methodLabel(b)}
            shape={c.kernel.shape}
            layout={heatmapKindOf(layer.kind)}
            recurrent={
              c.rec
                ? { maskA: c.ma[c.rec.key], maskB: c.mb[c.rec.key], shape: c.rec.shape }
                : undefined
            }
            theme={theme}
            width={width}
            height={Math.max(340, Math.min(600, width * 0.6))}
            ariaLabel={`Where ${methodLabel(a)} and ${methodLabel(b)} agree and differ on ${layer.name}`}
          />
        )}
      </div>
    </>
  );
}

/** Two methods' masks of one layer side by side. */
export function MaskCompareTab(): ReactElement {
  const graph = useApp((s) => s.graph);
  const weights = useApp((s) => s.weights);
  const scores = useApp((s) => s.scores);
  const globalSparsity = useApp((s) => s.config.globalSparsity);
  const prunable = useMemo(() => graph?.layers.filter((l) => l.tensors.length > 0) ?? [], [graph]);
  const [a, setA] = useState<MethodId>('magnitude');
  const [b, setB] = useState<MethodId>('random');
  const [layerName, setLayerName] = useState<string>('');
  const [sparsity, setSparsity] = useState<number>(globalSparsity > 0 ? globalSparsity : 0.8);
  const fetchError = useScoresFor(a, b);
  const layer = prunable.find((l) => l.name === layerName) ?? prunable[0];
  const result = useMemo(
    () => (graph && weights && layer ? compareOn(layer, a, b, sparsity, scores) : null),
    [graph, weights, layer, a, b, sparsity, scores],
  );
  return (
    <div className="xp-layout">
      <aside className="panel" aria-label="Mask comparison settings">
        <h2>Mask comparison</h2>
        <p className="explain">
          Two methods prune the same layer of the same weights to the same sparsity. The overlap is
          the Jaccard index of the PRUNED weights: pruned by both ÷ pruned by either (1 = the same
          weights go). Random against anything overlaps about s ÷ (2 − s); magnitude against SNIP
          usually overlaps much more.
        </p>
        <div className="xp-form">
          <SelectField label="Method A" value={a} options={COMPARABLE} onChange={setA} />
          <SelectField label="Method B" value={b} options={COMPARABLE} onChange={setB} />
          <SelectField
            label="Layer"
            value={layer?.name ?? ''}
            options={prunable.map((l) => ({ id: l.name, label: l.name }))}
            onChange={setLayerName}
          />
          <NumberField
            label="Sparsity (%)"
            percent
            percentDigits={0}
            min={0}
            max={99}
            value={sparsity}
            onChange={(v) => setSparsity(Math.min(0.99, Math.max(0, v || 0)))}
          >
            <span className="explain">
              Starts at the workbench’s global sparsity. N:M is always 50%.
            </span>
          </NumberField>
        </div>
      </aside>
      <div className="xp-main">
        <section className="panel" aria-label="Mask overlap">
          <h2>
            {methodLabel(a)} vs {methodLabel(b)} · <span className="mono">{layer?.name}</span>
          </h2>
          {fetchError && <p className="notice error">{fetchError}</p>}
          {result && 'overlap' in result && layer ? (
            <OverlapView c={result} a={a} b={b} layer={layer} />
          ) : (
            <p className="muted">
              {result && 'error' in result ? result.error : 'Load a model first.'}
            </p>
          )}
        </section>
      </div>
    </div>
  );
}
