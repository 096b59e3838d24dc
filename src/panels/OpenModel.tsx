/**
 * "Open model…": the header button with its file picker, the page-wide drop zone shown while
 * files are dragged over the page, and the panel that says what happened (importing, the refusal
 * naming the layer or file, or the imported model's measured facts).
 */
import { useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { isImportedId } from '../engine/api.ts';
import { useApp } from '../store/index.ts';
import { dismissImportMessage, openModelFiles, setImportScaling } from '../store/imported.ts';
import type { ScalingChoice as Scaling } from '../engine/api.ts';
import type { InputScaling } from '../core/types.ts';
import { datasetInfo } from '../data/index.ts';
import { Tip } from './Tip.tsx';

const ACCEPT = '.json,.bin,application/json,application/octet-stream';

/** The header button: picks model.json and its .bin files (several files at once). */
export function OpenModelButton({ disabled }: { disabled: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <Tip text="Open a TensorFlow.js model: model.json and its .bin weight files (nothing leaves the browser)">
        <button className="btn" disabled={disabled} onClick={() => input.current?.click()}>
          Open model…
        </button>
      </Tip>
      <input
        ref={input}
        type="file"
        multiple
        accept={ACCEPT}
        hidden
        data-testid="open-model-input"
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          if (files.length) void openModelFiles(files);
        }}
      />
    </>
  );
}

function hasFiles(e: DragEvent): boolean {
  return [...(e.dataTransfer?.types ?? [])].includes('Files');
}

/** Drop model.json and its .bin files anywhere on the page; a drop zone shows while dragging. */
export function DropZone() {
  const [over, setOver] = useState(false);
  useEffect(() => {
    let depth = 0;
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth++;
      setOver(true);
    };
    const overFn = (e: DragEvent) => {
      if (hasFiles(e)) e.preventDefault();
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setOver(false);
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setOver(false);
      const files = [...(e.dataTransfer?.files ?? [])];
      if (files.length) void openModelFiles(files);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', overFn);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', overFn);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, []);
  if (!over) return null;
  return (
    <div className="drop-zone" data-testid="drop-zone" aria-hidden="true">
      <p>Drop model.json and its .bin weight files to open the model</p>
    </div>
  );
}

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

const SCALING_LABEL: Record<InputScaling, string> = {
  '0-1': 'pixels 0–1',
  '0-255': 'pixels 0–255',
};

/**
 * The input scaling the model runs with, as a choice: the one the preview favours is picked on
 * opening; the other can be picked, and the test accuracy is measured again with it.
 */
function ScalingChoice({
  scaling,
  picked,
  disabled,
}: {
  scaling: Scaling;
  picked: boolean;
  disabled: boolean;
}) {
  const favoured: InputScaling =
    scaling.accuracy['0-255'] > scaling.accuracy['0-1'] ? '0-255' : '0-1';
  return (
    <p className="import-scaling" data-testid="import-scaling" data-scaling={scaling.chosen}>
      <label>
        Input scaling{' '}
        <select
          aria-label="Input scaling"
          value={scaling.chosen}
          disabled={disabled}
          onChange={(e) => void setImportScaling(e.target.value as InputScaling)}
        >
          {(['0-1', '0-255'] as const).map((s) => (
            <option key={s} value={s}>
              {SCALING_LABEL[s]}
            </option>
          ))}
        </select>
      </label>{' '}
      <span data-testid="import-scaling-why">
        {picked ? 'your choice' : 'detected'} on {scaling.n} preview examples: 0–1 gives{' '}
        {pct(scaling.accuracy['0-1'])}, 0–255 gives {pct(scaling.accuracy['0-255'])}
        {picked && scaling.chosen !== favoured
          ? ` (the preview favours ${SCALING_LABEL[favoured]})`
          : ''}
        .
      </span>
    </p>
  );
}

/** What "Open model…" is doing, its refusal, and the facts of the imported model on screen. */
export function ImportPanel() {
  const { importState, imported, modelId } = useApp(
    useShallow((s) => ({ importState: s.importState, imported: s.imported, modelId: s.modelId })),
  );
  const showing = imported && isImportedId(modelId) && imported.id === modelId;
  if (importState.kind === 'idle' && !showing) return null;
  return (
    <section className="import-panel" aria-label="Imported model" data-testid="import-panel">
      {importState.kind === 'importing' && (
        <p role="status" data-testid="import-progress">
          {importState.what} The model on screen stays until the new one is ready.
        </p>
      )}
      {importState.kind === 'refused' && (
        <div className="notice error" role="alert" data-testid="import-refusal">
          <p>
            <strong>The model was not opened.</strong> {importState.message} The model on screen is
            still loaded.
          </p>
          <button className="btn" onClick={dismissImportMessage} aria-label="Dismiss message">
            ✕
          </button>
        </div>
      )}
      {showing && imported && (
        <div className="import-facts" data-testid="import-facts">
          <p>
            <strong>{imported.result.info.name}</strong> (
            {imported.result.info.source === 'keras'
              ? 'Keras, converted by tensorflowjs'
              : 'saved by TensorFlow.js'}
            , {imported.result.info.params.toLocaleString('en')} parameters) on{' '}
            {datasetInfo[imported.result.datasetId].title}: unpruned test accuracy{' '}
            <span data-testid="import-test-accuracy" data-value={imported.result.testAccuracy}>
              {pct(imported.result.testAccuracy)}
            </span>{' '}
            ({imported.result.testN.toLocaleString('en')} test examples).
          </p>
          {imported.result.datasetId !== 'waves' && (
            <ScalingChoice
              scaling={imported.result.scaling}
              picked={imported.scaling !== undefined}
              disabled={importState.kind === 'importing'}
            />
          )}
          {imported.result.info.notes.map((n) => (
            <p key={n} className="muted">
              {n}
            </p>
          ))}
        </div>
      )}
    </section>
  );
}
