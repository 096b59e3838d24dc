/**
 * Loading an imported model for the engine: everything is checked and measured on a new model
 * before the engine swaps it in, so a refusal leaves the current model untouched.
 */
import type * as tf from '../model/tf.ts';
import type { InputScaling, NetGraph } from '../core/types.ts';
import type { Dataset, DatasetId } from '../data/types.ts';
import { sequentialFromGraph } from '../model/build.ts';
import { graphParams } from '../model/compact.ts';
import { Evaluator, evaluateModel, previewIndices } from '../model/evaluate.ts';
import {
  datasetShapesText,
  fittingDatasets,
  ImportError,
  importModel,
  planImport,
} from '../model/import/index.ts';
import { registerGraph } from '../model/variables.ts';
import type {
  EngineApi,
  ImportedModelId,
  ImportFilesInput,
  ImportOptions,
  ImportOutcome,
  ImportRefusal,
  ImportResult,
} from './api.ts';

/** The answer of EngineApi.checkImport. */
export type CheckImportOutcome = Awaited<ReturnType<EngineApi['checkImport']>>;

/** Preview examples the two scalings are compared on (the Evaluator's preview size). */
export const SCALING_PREVIEW = 500;

/** An imported model ready to become the engine's current model. */
export interface PreparedImport {
  model: tf.Sequential;
  dataset: Dataset;
  evaluator: Evaluator;
  result: Omit<ImportResult, 'backend'>;
}

function refusal(e: unknown): ImportRefusal | null {
  if (!(e instanceof ImportError)) return null;
  return { code: e.code, message: e.message, ...(e.subject ? { subject: e.subject } : {}) };
}

function noDataset(graph: NetGraph, datasetId?: DatasetId): ImportError {
  const what = `input [${graph.inputShape.join(', ')}] and ${graph.classes} classes`;
  return new ImportError(
    'no-dataset',
    datasetId
      ? `This model (${what}) does not fit ${datasetId}. Pick one of the datasets it fits, or a model for ${datasetId}.`
      : `No shipped dataset fits this model (${what}). The datasets offer ${datasetShapesText()}.`,
    'model.json',
  );
}

/** Plain-data check of model.json alone (EngineApi.checkImport). */
export function checkImportJson(json: string): CheckImportOutcome {
  try {
    const { graph, name } = planImport(json);
    const fitting = fittingDatasets(graph);
    if (fitting.length === 0) throw noDataset(graph);
    return {
      ok: true,
      name,
      inputShape: graph.inputShape,
      classes: graph.classes,
      fittingDatasets: fitting,
    };
  } catch (e) {
    const r = refusal(e);
    if (!r) throw e;
    return { ok: false, error: r };
  }
}

/** Preview accuracy of the model under one scaling (the graph is re-registered with it). */
function previewAccuracy(
  model: tf.LayersModel,
  graph: NetGraph,
  ds: Dataset,
  scaling: InputScaling,
): number {
  registerGraph(model, { ...graph, inputScaling: scaling });
  const idx = previewIndices(
    ds.testY,
    ds.classNames.length,
    Math.min(SCALING_PREVIEW, ds.testY.length),
  );
  return evaluateModel(model, ds, idx, {}, 'preview').accuracy;
}

/**
 * Checks the files, builds the model, picks the input scaling on the preview subset (the better
 * accuracy; 0-1 on a tie) and measures the unpruned full test accuracy. Returns the refusal as data.
 * @param getDataset the engine's dataset cache
 */
export async function prepareImport(
  files: ImportFilesInput,
  datasetId: DatasetId | undefined,
  opts: ImportOptions,
  getDataset: (id: DatasetId) => Promise<Dataset>,
): Promise<{ ok: true; prepared: PreparedImport } | Extract<ImportOutcome, { ok: false }>> {
  let model: tf.Sequential | null = null;
  let evaluator: Evaluator | null = null;
  try {
    const { plan, weights } = importModel(files);
    const fitting = fittingDatasets(plan.graph);
    const id = datasetId ?? fitting[0];
    if (!id || !fitting.includes(id)) throw noDataset(plan.graph, datasetId);
    const ds = await getDataset(id);
    model = sequentialFromGraph(plan.graph, weights, plan.name);
    const accuracy: Record<InputScaling, number> = {
      '0-1': previewAccuracy(model, plan.graph, ds, '0-1'),
      '0-255': previewAccuracy(model, plan.graph, ds, '0-255'),
    };
    const chosen = opts.scaling ?? (accuracy['0-255'] > accuracy['0-1'] ? '0-255' : '0-1');
    const graph: NetGraph = { ...plan.graph, inputScaling: chosen };
    registerGraph(model, graph);
    evaluator = new Evaluator(model, ds);
    const full = evaluator.evaluate({}, 'full');
    const result: Omit<ImportResult, 'backend'> = {
      modelId: graph.id as ImportedModelId,
      datasetId: id,
      graph,
      weights,
      fittingDatasets: fitting,
      scaling: { chosen, accuracy, n: Math.min(SCALING_PREVIEW, ds.testY.length) },
      testAccuracy: full.accuracy,
      testN: full.n,
      info: {
        name: plan.name,
        source: plan.source,
        generatedBy: plan.generatedBy,
        convertedBy: plan.convertedBy,
        params: graphParams(graph),
        notes: plan.notes,
      },
    };
    return { ok: true, prepared: { model, dataset: ds, evaluator, result } };
  } catch (e) {
    evaluator?.dispose();
    model?.dispose();
    const r = refusal(e);
    if (!r) throw e;
    return { ok: false, error: r };
  }
}
