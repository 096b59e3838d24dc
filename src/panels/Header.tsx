import * as Tabs from '@radix-ui/react-tabs';
import { Gate } from './Gate.tsx';
import { setPresenter } from '../presenter.ts';
import { useApp, type CurrentModelId } from '../store/index.ts';
import { loadModel, redo, resetAll, setTheme, undo } from '../store/actions.ts';
import type { ViewId } from '../store/url.ts';
import { MODELS, MODEL_DATASETS } from '../data/models.ts';
import type { DatasetId } from '../data/types.ts';
import { BackendBadge } from './BackendBadge.tsx';
import { DatasetPicker } from './DatasetPicker.tsx';
import { OfflineStatus } from './OfflineStatus.tsx';
import { ShareButton } from './ShareButton.tsx';
import { OpenModelButton } from './OpenModel.tsx';
import { isImportedId } from '../engine/api.ts';
import { importedLabel } from '../store/imported.ts';
import { Tip } from './Tip.tsx';

const VIEWS: { id: ViewId; label: string }[] = [
  { id: 'workbench', label: 'Workbench' },
  { id: 'experiments', label: 'Experiments' },
  { id: 'lessons', label: 'Lessons' },
];

/** True while the model is loading, training runs or a model is being imported. */
function useBusy(): boolean {
  return useApp(
    (s) => s.status === 'loading' || s.trainStatus !== 'idle' || s.importState.kind === 'importing',
  );
}

/** The page header: brand, model and data pickers, the view tabs, history and page tools. */
export function Header() {
  return (
    <header className="header">
      <h1 className="brand">
        <img src="/favicon.svg" alt="" />
        Pruning Lab
      </h1>
      <Gate id="model">
        <ModelPicker />
      </Gate>
      <Gate id="data">
        <DataPicker />
      </Gate>
      <Gate id="views">
        <ViewTabs />
      </Gate>
      <div className="spacer" />
      <HistoryButtons />
      <BackendBadge />
      <OfflineStatus />
      <ShareButton />
      <ThemeButton />
    </header>
  );
}

/** The model menu (labels from the models registry, plus an imported model) and Open model. */
function ModelPicker() {
  const modelId = useApp((s) => s.modelId);
  const datasetId = useApp((s) => s.datasetId);
  const imported = useApp((s) => s.imported);
  const busy = useBusy();
  return (
    <>
      <label className="field">
        <span className="visually-hidden">Model</span>
        <select
          aria-label="Model"
          value={modelId}
          disabled={busy}
          onChange={(e) => void loadModel(e.target.value as CurrentModelId, datasetId)}
        >
          {MODELS.map((m) => (
            <option key={m.id} value={m.id}>
              {m.label}
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
    </>
  );
}

/** The dataset picker, offering the datasets the current model fits. */
function DataPicker() {
  const modelId = useApp((s) => s.modelId);
  const datasetId = useApp((s) => s.datasetId);
  const imported = useApp((s) => s.imported);
  const busy = useBusy();
  const datasets =
    isImportedId(modelId) && imported?.id === modelId
      ? imported.result.fittingDatasets
      : isImportedId(modelId)
        ? []
        : MODEL_DATASETS[modelId];
  return (
    <DatasetPicker
      value={datasetId}
      options={datasets}
      disabled={busy}
      onPick={(d: DatasetId) => void loadModel(modelId, d)}
    />
  );
}

/** Workbench / Experiments / Lessons as tabs: arrow keys move between them and open one. */
function ViewTabs() {
  const view = useApp((s) => s.view);
  return (
    <Tabs.Root value={view} onValueChange={(v) => useApp.setState({ view: v as ViewId })}>
      <Tabs.List className="tabs" aria-label="Views">
        {VIEWS.map((v) => (
          <Tabs.Trigger key={v.id} value={v.id}>
            {v.label}
          </Tabs.Trigger>
        ))}
      </Tabs.List>
    </Tabs.Root>
  );
}

/** Presenter mode, undo, redo and reset. */
function HistoryButtons() {
  const presenter = useApp((s) => s.presenter);
  const canUndo = useApp((s) => s.history.past.length > 0);
  const canRedo = useApp((s) => s.history.future.length > 0);
  const busy = useBusy();
  return (
    <>
      <Tip text="Presenter mode: large type, full screen (P)">
        <button
          className={`btn${presenter ? ' primary' : ''}`}
          aria-pressed={presenter}
          onClick={() => setPresenter(!presenter)}
        >
          Present
        </button>
      </Tip>
      {[
        { label: 'Undo', icon: '↶', keys: 'Ctrl+Z', act: undo, can: canUndo },
        { label: 'Redo', icon: '↷', keys: 'Ctrl+Shift+Z', act: redo, can: canRedo },
      ].map((h) => (
        <Tip key={h.label} text={`${h.label} (${h.keys})`}>
          <button className="btn icon-btn" onClick={h.act} disabled={!h.can} aria-label={h.label}>
            {h.icon}
          </button>
        </Tip>
      ))}
      <Tip text="Back to the unpruned pretrained model">
        <button className="btn" onClick={() => void resetAll()} disabled={busy}>
          Reset
        </button>
      </Tip>
    </>
  );
}

/** Switches between the light and the dark theme. */
function ThemeButton() {
  const theme = useApp((s) => s.theme);
  return (
    <button
      className="btn icon-btn"
      aria-label={theme === 'dark' ? 'Switch to light theme' : 'Switch to dark theme'}
      onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}
    >
      {theme === 'dark' ? '☀' : '☾'}
    </button>
  );
}
