/**
 * "Export" on the workbench: downloads the bundle of the setup on screen (the pruned model in
 * TensorFlow.js format, the PyTorch and TF-MOT recipes, results.json) and shows the recipes to
 * read or copy. Says why a recipe is missing when it cannot be written for this model.
 */
import { useState } from 'react';
import { downloadBlob } from '../charts/exportChart.ts';
import { useApp } from '../store/index.ts';
import { errorText } from '../store/actions.ts';
import { exportSetup, type ExportedBundle } from '../store/exporting.ts';

type State =
  | { kind: 'closed' }
  | { kind: 'building' }
  | { kind: 'ready'; bundle: ExportedBundle }
  | { kind: 'failed'; message: string };

function Recipe({ title, text }: { title: string; text: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <details>
      <summary>{title}</summary>
      <button
        className="btn"
        onClick={() =>
          void navigator.clipboard?.writeText(text).then(
            () => setCopied(true),
            () => setCopied(false),
          )
        }
      >
        {copied ? 'Copied' : 'Copy'}
      </button>
      <textarea readOnly value={text} rows={14} aria-label={title} className="recipe-text" />
    </details>
  );
}

/** The Export button and its dialog. */
export function ExportDialog() {
  const [state, setState] = useState<State>({ kind: 'closed' });
  const version = useApp((s) => s.maskVersion);
  const ready = useApp((s) => s.status === 'ready' && s.masksVersion === s.maskVersion);
  const build = async () => {
    setState({ kind: 'building' });
    try {
      const bundle = await exportSetup();
      setState({ kind: 'ready', bundle });
      downloadBlob(
        new Blob([bundle.zip as Uint8Array<ArrayBuffer>], { type: 'application/zip' }),
        bundle.filename,
      );
    } catch (e) {
      setState({ kind: 'failed', message: errorText(e) });
    }
  };
  const stale = state.kind === 'ready' && state.bundle.version !== version;
  return (
    <section className="panel span-2 export-panel" aria-label="Export">
      <button
        className="btn primary"
        disabled={!ready || state.kind === 'building'}
        onClick={() => void build()}
      >
        Export…
      </button>{' '}
      <span className="muted">
        Downloads a zip for this setup: the pruned model for TensorFlow.js (dense, masked with zeros
        in place, and compacted when structure was removed), a PyTorch script with the
        torch.nn.utils.prune calls that reproduce these masks, a TensorFlow Model Optimization
        script, and results.json with the setup and measured results.
      </span>
      {state.kind === 'building' && <p role="status">Writing the model and the recipes…</p>}
      {state.kind === 'failed' && (
        <p role="alert" className="notice error">
          Export failed: {state.message}
        </p>
      )}
      {state.kind === 'ready' && (
        <div data-testid="export-result">
          <p role="status">
            {stale
              ? 'This bundle was made for an earlier setup; export again for the one on screen. '
              : ''}
            Saved {state.bundle.filename} ({state.bundle.paths.length} files):
          </p>
          <ul className="export-files" aria-label="Files in the zip">
            {state.bundle.paths.map((p) => (
              <li key={p}>
                <code>{p}</code>
              </li>
            ))}
          </ul>
          {state.bundle.notes.map((n) => (
            <p key={n} className="notice warning" data-testid="export-note">
              {n}
            </p>
          ))}
          {state.bundle.torch && (
            <Recipe title="PyTorch recipe (prune_torch.py)" text={state.bundle.torch} />
          )}
          {state.bundle.tfmot && (
            <Recipe title="TF-MOT recipe (prune_tfmot.py)" text={state.bundle.tfmot} />
          )}
        </div>
      )}
    </section>
  );
}
