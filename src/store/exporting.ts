/**
 * Export of the setup on screen: the engine writes the pruned model (dense, masked and, when
 * structure was removed, compacted) and the check data; the bundle (zip with the models, the
 * PyTorch and TF-MOT recipes, results.json) is built on the main thread. Nothing is downloaded
 * here: the panel saves the bytes.
 */
import { bundleFiles, bundleZip } from '../engine/export-bundle.ts';
import { engineClient } from './engine.ts';
import { useApp, type AppState } from './index.ts';

const get = (): AppState => useApp.getState();

/** A bundle for the setup it was made for. */
export interface ExportedBundle {
  /** The zip's file name, e.g. 'pruning-lab-cnn-mnist.zip'. */
  filename: string;
  zip: Uint8Array;
  /** File paths inside the zip (under the folder). */
  paths: string[];
  /** The PyTorch recipe text, or null when it cannot be written (see notes). */
  torch: string | null;
  /** The TF-MOT recipe text, or null when it cannot be written (see notes). */
  tfmot: string | null;
  /** Why a recipe is missing, for the visitor. */
  notes: string[];
  /** The setup version the bundle belongs to. */
  version: number;
}

/**
 * Builds the export bundle of the setup on screen (masks of the current setup, the accuracy and
 * latency measured for it when they are current). Throws when the masks are still computing.
 */
export async function exportSetup(): Promise<ExportedBundle> {
  const s = get();
  if (!s.graph || s.status !== 'ready') throw new Error('The model is not loaded yet.');
  if (s.masksVersion !== s.maskVersion)
    throw new Error('The masks of this setup are still being computed; try again in a moment.');
  const version = s.maskVersion;
  const { value: exported } = await engineClient().call('exportModel', [s.masks, {}], {
    priority: 'full',
    needs: s.weightsVersion,
  });
  const full = s.full?.version === version ? s.full : null;
  const input = {
    modelId: s.modelId,
    datasetId: s.datasetId,
    graph: s.graph,
    config: s.config,
    masks: s.masks,
    accuracy: full,
    baselineAccuracy: s.baseline?.accuracy ?? null,
    latency: s.latency?.version === version ? s.latency.result : null,
    ...(s.backend ? { backend: s.backend.backend } : {}),
    exportedAt: new Date().toISOString(),
    exported,
  };
  const files = bundleFiles(input);
  const { folder, zip, notes } = bundleZip(input);
  const text = (p: string) => {
    const f = files.files[p];
    return f ? new TextDecoder().decode(f) : null;
  };
  return {
    filename: `${folder}.zip`,
    zip,
    paths: Object.keys(files.files).sort(),
    torch: text('prune_torch.py'),
    tfmot: text('prune_tfmot.py'),
    notes,
    version,
  };
}
