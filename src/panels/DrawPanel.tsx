import { useEffect, useState } from 'react';
import { DrawPad, ProbabilityBars, useElementSize } from '../charts/index.ts';
import { classNames } from '../data/index.ts';
import { predictDrawing } from '../store/actions.ts';
import { useApp } from '../store/index.ts';
import type { DrawingPrediction } from '../store/predictions.ts';
import { errorText } from '../store/setup.ts';

const PAD = 220;

/**
 * Draw a digit (mouse, touch or pen): the unpruned and the pruned model classify it side by side,
 * and the pruned column follows the sliders. Image datasets only (the models read 28x28 images).
 */
export function DrawPanel() {
  const dataset = useApp((s) => s.datasetId);
  const version = useApp((s) => (s.masksVersion === s.maskVersion ? s.maskVersion : null));
  const weightsVersion = useApp((s) => s.weightsVersion);
  const ready = useApp((s) => s.status === 'ready');
  const [input, setInput] = useState<Float32Array | null>(null);
  const [result, setResult] = useState<(DrawingPrediction & { input: Float32Array }) | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { ref, width } = useElementSize<HTMLDivElement>();
  useEffect(() => {
    if (!input || version === null || !ready) return;
    let live = true;
    predictDrawing(input).then(
      (r) => {
        if (live && r) {
          setResult({ ...r, input });
          setError(null);
        }
      },
      (e: unknown) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [input, version, weightsVersion, ready]);
  if (dataset === 'waves') return null;
  const mine = result && result.input === input ? result : null;
  const currentPruned = mine && mine.version === version ? mine.pruned : null;
  const currentUnpruned = mine && mine.weightsVersion === weightsVersion ? mine.unpruned : null;
  const state = !input ? 'empty' : currentPruned ? 'current' : 'computing';
  return (
    <section className="panel span-2" aria-label="Draw a digit">
      <h2>Draw a {dataset === 'mnist' ? 'digit' : 'picture'}</h2>
      <p className="explain">
        Draw with the mouse, a finger or a pen. Both models classify it; the pruned one follows the
        sliders.
      </p>
      <div className="draw-row">
        <DrawPad
          size={PAD}
          onDigit={setInput}
          ariaLabel="Drawing pad: draw here, then see both models' answers"
        />
        <div
          ref={ref}
          className="draw-result"
          data-testid="draw-result"
          data-state={state}
          data-version={mine?.version ?? ''}
          data-backend={mine?.backend ?? ''}
        >
          <p className="explain" aria-live="polite">
            {error ??
              (state === 'empty'
                ? 'Nothing drawn yet.'
                : state === 'computing'
                  ? 'Classifying with the setup on screen…'
                  : 'Probabilities of each class for your drawing.')}
          </p>
          {width > 0 && (
            <ProbabilityBars
              unpruned={currentUnpruned}
              pruned={currentPruned}
              classNames={[...classNames[dataset]]}
              width={Math.min(width, 520)}
              ariaLabel="Class probabilities of the drawing"
            />
          )}
        </div>
      </div>
    </section>
  );
}
