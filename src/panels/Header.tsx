import { Gate } from './Gate.tsx';
import { setPresenter } from '../presenter.ts';
import { useApp, type CurrentModelId } from '../store/index.ts';
import { loadModel, redo, resetAll, setTheme, undo } from '../store/actions.ts';
import { MODEL_DATASETS, MODEL_IDS, type ViewId } from '../store/url.ts';
import type { ModelId } from '../engine/api.ts';
import type { DatasetId } from '../data/types.ts';
import { BackendBadge } from './BackendBadge.tsx';
import { DatasetPicker } from './DatasetPicker.tsx';
import { OfflineStatus } from './OfflineStatus.tsx';
import { ShareButton } from './ShareButton.tsx';
import { OpenModelButton } from './OpenModel.tsx';
import { isImportedId } from '../engine/api.ts';
import { importedLabel } from '../store/imported.ts';

const MODEL_LABELS: Record<ModelId, string> = {
  cnn: 'CNN',
  'lenet-300-100': 'LeNet-300-100',
  lstm: 'LSTM',
  gru: 'GRU',
};

const VIEWS: { id: ViewId; label: string }[] = [
  { id: 'workbench', label: 'Workbench' },
  { id: 'experiments', label: 'Experiments' },
  { id: 'lessons', label: 'Lessons' },
];

export function Header() {
  const modelId = useApp((s) => s.modelId);
  const datasetId = useApp((s) => s.datasetId);
  const view = useApp((s) => s.view);
  const theme = useApp((s) => s.theme);
  const presenter = useApp((s) => s.presenter);
  const canUndo = useApp((s) => s.history.past.length > 0);
  const canRedo = useApp((s) => s.history.future.length > 0);
  const busy = useApp(
    (s) => s.status === 'loading' || s.trainStatus !== 'idle' || s.importState.kind === 'importing',
  );
  const imported = useApp((s) => s.imported);
  const datasets =
    isImportedId(modelId) && imported?.id === modelId
      ? imported.result.fittingDatasets
      : isImportedId(modelId)
        ? []
        : MODEL_DATASETS[modelId];

  return (
    <header className="header">
      <h1 className="brand">
        <img src="/favicon.svg" alt="" />
        Pruning Lab
      </h1>
      <Gate id="model">
        <label className="field">
          <span className="visually-hidden">Model</span>
          <select
            aria-label="Model"
            value={modelId}
            disabled={busy}
            onChange={(e) => void loadModel(e.target.value as CurrentModelId, datasetId)}
          >
            {MODEL_IDS.map((m) => (
              <option key={m} value={m}>
                {MODEL_LABELS[m]}
              </option>
            ))}
            {imported && (
              <option value={imported.id} title="The model opened with Open model…">
                {importedLabel(imported.id)}
              </option>
            )}
          </select>
        </label>
        <OpenModelButton disabled={busy} />
      </Gate>
      <Gate id="data">
        <DatasetPicker
          value={datasetId}
          options={datasets}
          disabled={busy}
          onPick={(d: DatasetId) => void loadModel(modelId, d)}
        />
      </Gate>
      <Gate id="views">
        <nav className="tabs" role="tablist" aria-label="Views">
          {VIEWS.map((v) => (
            <button
              key={v.id}
              role="tab"
              aria-selected={view === v.id}
              onClick={() => useApp.setState({ view: v.id })}
            >
              {v.label}
            </button>
          ))}
        </nav>
      </Gate>
      <div className="spacer" />
      <button
        className={`btn${presenter ? ' primary' : ''}`}
        aria-pressed={presenter}
        onClick={() => setPresenter(!presenter)}
        title="Presenter mode: large type, full screen (P)"
      >
        Present
      </button>
      <button
        className="btn icon-btn"
        onClick={undo}
        disabled={!canUndo}
        title="Undo (Ctrl+Z)"
        aria-label="Undo"
      >
        ↶
      </button>
      <button
        className="btn icon-btn"
        onClick={redo}
        disabled={!canRedo}
        title="Redo (Ctrl+Shift+Z)"
        aria-label="Redo"
      >
        ↷
      </button>
      <button
        className="btn"
        onClick={() => void resetAll()}
        disabled={busy}
        title="Back to the unpruned pretrained model"
      >
        Reset
      </button>
      <BackendBadge />
      <OfflineStatus />
      <ShareButton />
      <button
        className="btn icon-btn"
        aria-label={theme === 'dark' ? 'Switch to light theme' : 'Switch to dark theme'}
        onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}
      >
        {theme === 'dark' ? '☀' : '☾'}
      </button>
    </header>
  );
}
