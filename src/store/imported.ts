/**
 * "Open model…": a TensorFlow.js LayersModel the visitor opens (model.json plus its *.bin weight
 * shards) becomes the current model like a zoo model. Everything is checked by the engine before
 * anything is replaced: a refusal is shown (naming the layer or file) and the model on screen
 * stays loaded and usable. The files are kept for the session, so switching dataset, undo/redo,
 * Reset and an engine restart can load the imported model again.
 */
import { prunableLayers } from '../core/index.ts';
import type { InputScaling, PruningConfig } from '../core/types.ts';
import type { DatasetId } from '../data/types.ts';
import type { ImportedModelId, ImportFilesInput, ImportOutcome } from '../engine/api.ts';
import { isAborted } from '../engine/client.ts';
import { engineClient } from './engine.ts';
import { pushNotice, useApp, type AppState } from './index.ts';
import { record } from './pruning.ts';
import {
  clearedModelState,
  configAfterLoad,
  evaluateBaseline,
  initEngine,
  isCurrentLoad,
  loadModel,
  nextLoadToken,
} from './session.ts';
import { abortWorkbenchRequests, applyConfig, errorText } from './setup.ts';
import { importedLinkMessage } from './url.ts';

const get = (): AppState => useApp.getState();
const set = useApp.setState;

/** The name shown for an imported model id, e.g. 'Imported: tfjs_cnn'. */
export function importedLabel(id: ImportedModelId): string {
  return `Imported: ${id.slice('imported:'.length)}`;
}

/**
 * Reads picked or dropped files into the engine's input: exactly one *.json (model.json) and any
 * number of *.bin shards (keyed by file name). Returns a message naming what is missing otherwise.
 */
export async function readModelFiles(
  files: readonly File[],
): Promise<{ ok: true; files: ImportFilesInput } | { ok: false; message: string }> {
  const jsons = files.filter((f) => f.name.toLowerCase().endsWith('.json'));
  const bins = files.filter((f) => f.name.toLowerCase().endsWith('.bin'));
  const other = files.filter((f) => !jsons.includes(f) && !bins.includes(f));
  const supported =
    'Open a TensorFlow.js LayersModel: its model.json together with its .bin weight files.';
  if (jsons.length !== 1) {
    const what =
      jsons.length === 0
        ? 'No model.json was among the files'
        : 'More than one .json file was given';
    const others = other.length
      ? ` (got ${other
          .map((f) => f.name)
          .slice(0, 3)
          .join(', ')})`
      : '';
    return { ok: false, message: `${what}${others}. ${supported}` };
  }
  const weights: Record<string, ArrayBuffer> = {};
  for (const b of bins) weights[b.name] = await b.arrayBuffer();
  return { ok: true, files: { json: await jsons[0].text(), weights } };
}

/** Shows a refusal (the model on screen stays). */
function refuse(message: string, subject?: string): void {
  set({ importState: { kind: 'refused', message, ...(subject ? { subject } : {}) } });
}

/** Loads `files` in the engine; on success they become the current model. Returns the refusal. */
async function runImport(
  files: ImportFilesInput,
  datasetId: DatasetId | undefined,
  opts: {
    pending?: PruningConfig;
    keepHistory?: boolean;
    record?: boolean;
    /** The visitor's input scaling; absent: the one the preview favours. */
    scaling?: InputScaling;
  },
): Promise<string | null> {
  const token = nextLoadToken();
  set({ importState: { kind: 'importing', what: 'Checking the model files…' } });
  try {
    await initEngine();
    const client = engineClient();
    const check = await client.value('checkImport', 'interactive', files.json);
    if (!check.ok) {
      refuse(check.error.message, check.error.subject);
      return check.error.message;
    }
    const id: ImportedModelId = `imported:${check.name}`;
    set({
      importState: {
        kind: 'importing',
        what: `Loading ${check.name} and measuring its test accuracy…`,
      },
    });
    const version = client.nextVersion();
    const scaling = opts.scaling ? { scaling: opts.scaling } : {};
    const { value: out } = await client.call('loadImported', [files, datasetId, scaling], {
      priority: 'interactive',
      sets: version,
      setsModel: id,
      setsWhen: (v) => (v as ImportOutcome).ok,
    });
    if (!out.ok) {
      refuse(out.error.message, out.error.subject);
      return out.error.message;
    }
    if (!isCurrentLoad(token)) return null;
    const { graph, weights, backend, ...facts } = out.result;
    const before = { modelId: get().modelId, datasetId: get().datasetId, config: get().config };
    const config = configAfterLoad(graph, opts.pending);
    const prunable = prunableLayers(graph);
    abortWorkbenchRequests();
    set({
      ...clearedModelState(),
      modelId: id,
      datasetId: facts.datasetId,
      graph,
      weights,
      weightsVersion: version,
      backend,
      pretrainedAccuracy: facts.testAccuracy,
      status: 'ready',
      error: null,
      maskVersion: get().maskVersion + 1,
      imported: { id, files, result: facts, ...scaling },
      importState: { kind: 'idle' },
      selectedLayer: prunable[0] ?? null,
      history: opts.record
        ? record(get().history, before, { modelId: id, datasetId: facts.datasetId, config })
        : opts.keepHistory
          ? get().history
          : { past: [], future: [] },
      trainHistory: [],
      progress: null,
    });
    await applyConfig(config);
    void evaluateBaseline();
    return null;
  } catch (e) {
    if (isAborted(e)) return null;
    const message = `The model could not be opened: ${errorText(e)}`;
    refuse(message);
    return message;
  }
}

/** Why opening a model now is refused, or null. */
function busyReason(): string | null {
  const s = get();
  if (s.trainStatus !== 'idle')
    return 'Training is running; pause or cancel it before opening another model.';
  if (s.importState.kind === 'importing') return 'A model is being opened already; wait for it.';
  return null;
}

/**
 * Imports a model from its files and makes it the current model on `datasetId` (default: the
 * first shipped dataset it fits), as one undo step. Returns the refusal message, or null when the
 * model is open. On a refusal the model on screen stays loaded and `importState` says why.
 */
export async function importModel(
  files: ImportFilesInput,
  datasetId?: DatasetId,
): Promise<string | null> {
  const busy = busyReason();
  if (busy) {
    refuse(busy);
    return busy;
  }
  return runImport(files, datasetId, { record: true });
}

/** Reads picked or dropped files and imports them (see importModel). */
export async function openModelFiles(list: readonly File[]): Promise<string | null> {
  const r = await readModelFiles(list);
  if (!r.ok) {
    refuse(r.message);
    return r.message;
  }
  return importModel(r.files);
}

/** Hides the last refusal. */
export function dismissImportMessage(): void {
  set({ importState: { kind: 'idle' } });
}

/**
 * loadModel for an imported id: loads the session's imported files again on `datasetId` (a
 * dataset switch, undo/redo, Reset, engine restart). An id whose files this session does not hold
 * (a shared link) opens the default model with an explanation instead.
 */
export async function loadImportedSetup(
  id: ImportedModelId,
  datasetId: DatasetId,
  opts: { pending?: PruningConfig; keepHistory?: boolean } = {},
): Promise<void> {
  const imp = get().imported;
  if (!imp || imp.id !== id) {
    pushNotice('warning', importedLinkMessage(id));
    return loadModel('cnn', 'mnist', { keepHistory: opts.keepHistory });
  }
  const fits = imp.result.fittingDatasets.includes(datasetId) ? datasetId : undefined;
  const refused = await runImport(imp.files, fits, { ...opts, scaling: imp.scaling });
  if (refused) pushNotice('error', refused);
}

/**
 * Runs the imported model on screen with the input scaling the visitor picked ('0-1': pixels / 255,
 * '0-255': raw pixels) and measures its test accuracy again; the pruning setup stays. Returns the
 * refusal message, or null.
 */
export async function setImportScaling(scaling: InputScaling): Promise<string | null> {
  const s = get();
  const imp = s.imported;
  if (!imp || imp.id !== s.modelId) return 'No imported model is open.';
  if (imp.result.scaling.chosen === scaling) return null;
  const busy = busyReason();
  if (busy) {
    refuse(busy);
    return busy;
  }
  return runImport(imp.files, s.datasetId, { pending: s.config, keepHistory: true, scaling });
}
