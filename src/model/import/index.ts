/**
 * Import of a TensorFlow.js LayersModel (model.json + .bin shards, from model.save() or the
 * tensorflowjs converter): planImport checks the JSON (plain data), readWeights reads the shards,
 * importModel does both. Every refusal is an ImportError with a `code` and a message for the visitor.
 */
import type { WeightSet } from '../../core/types.ts';
import { planImport, type ImportPlan } from './topology.ts';
import { readWeights } from './weights.ts';

export {
  ImportError,
  SUPPORTED_LAYERS,
  type ImportErrorCode,
  type ImportFailure,
} from './errors.ts';
export { planImport, type ImportPlan, type WeightEntry, type WeightGroup } from './topology.ts';
export { readWeights, baseName } from './weights.ts';
export { fittingDatasets, datasetShapesText } from './datasets.ts';

/** The files of an imported model: model.json's text and the shard bytes by file name. */
export interface ImportFiles {
  json: string;
  weights: Record<string, ArrayBuffer>;
}

/** A checked model: its plan (graph, names, notes) and its weights by tensor key. */
export interface ImportedModel {
  plan: ImportPlan;
  weights: WeightSet;
}

/**
 * Checks model.json and reads the weights (no tensors).
 * @throws ImportError (see planImport and readWeights for the codes)
 */
export function importModel(files: ImportFiles): ImportedModel {
  const plan = planImport(files.json);
  return { plan, weights: readWeights(plan, files.weights) };
}
