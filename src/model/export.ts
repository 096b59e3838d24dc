/**
 * Export of a pruned network as TensorFlow.js files: `model.json` (topology + weights manifest,
 * format 'layers-model') and one weights file, as `tf.loadLayersModel` reads them. Three variants:
 * - dense: the weights before pruning (what the PyTorch and TF-MOT recipes start from);
 * - masked: same shapes, pruned weights exactly zero, layers removed whole dropped (identity);
 * - compacted: pruned units and removed layers physically gone (src/model/compact.ts), only when
 *   some structure was removed.
 * Weight names in the manifest are `${layer}/kernel`, `${layer}/recurrent_kernel`, `${layer}/bias`.
 */
import * as tf from './tf.ts';
import type { MaskSet } from '../core/types.ts';
import type { TfjsFiles } from './results.ts';
import { sequentialFromGraph } from './build.ts';
import { compactModel } from './compact.ts';
import { maskedModel, type GraphWeights } from './masked.ts';

/** Name of the weights file every exported model.json points at. */
export const WEIGHTS_FILE = 'weights.bin';

export type { TfjsFiles };

/** Options of exportTfjs. */
export interface ExportTfjsOptions {
  /** Also export the compacted model when structure was removed (default true). */
  compact?: boolean;
}

/** The outcome of exportTfjs. */
export interface TfjsExport {
  /** Unpruned weights (the recipes' starting point). */
  dense: TfjsFiles;
  /** Pruned weights as zeros in place; removed layers dropped. */
  masked: TfjsFiles;
  /** Physically smaller model; absent when nothing structural was removed or compact is false. */
  compacted?: TfjsFiles;
  /** Parameters: dense model, masked model (same shapes minus removed layers), compacted model. */
  params: { dense: number; masked: number; compacted: number | null };
}

/** Joins weight data (one buffer or several) into one ArrayBuffer. */
function joinWeights(data: tf.io.WeightData | undefined): ArrayBuffer {
  if (!data) return new ArrayBuffer(0);
  return tf.io.CompositeArrayBuffer.join(data);
}

/**
 * Serialises a LayersModel through tf.io.withSaveHandler into model.json text + one weights file.
 * @param model any tfjs LayersModel
 * @returns plain data; the model is not disposed
 */
export async function saveTfjs(model: tf.LayersModel): Promise<TfjsFiles> {
  let files: TfjsFiles | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const manifest: tf.io.WeightsManifestConfig = [
        { paths: [`./${WEIGHTS_FILE}`], weights: artifacts.weightSpecs ?? [] },
      ];
      const modelJson: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology ?? {},
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers v${tf.version_layers}`,
        convertedBy: null,
        weightsManifest: manifest,
      };
      files = { json: JSON.stringify(modelJson), weights: joinWeights(artifacts.weightData) };
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  if (!files) throw new Error('TensorFlow.js did not hand over the model artifacts.');
  return files;
}

/**
 * Loads exported files back into a LayersModel (through tf.io.fromMemory), e.g. to check them.
 * The caller disposes the model.
 */
export async function loadTfjs(files: TfjsFiles): Promise<tf.LayersModel> {
  const json = JSON.parse(files.json) as tf.io.ModelJSON;
  const weightSpecs = json.weightsManifest.flatMap((g) => g.weights);
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs,
      weightData: files.weights,
    }),
  );
}

function countParams(model: tf.LayersModel): number {
  return model.countParams();
}

/**
 * Exports a network and its masks as TensorFlow.js files (module comment for the variants).
 * @param source the network as plain data (graph in TF.js layouts + weights by tensor key)
 * @param masks 1 = kept, by tensor key (a tensor without a mask is kept whole)
 * @returns dense, masked and (when structure was removed and options.compact) compacted files
 */
export async function exportTfjs(
  source: GraphWeights,
  masks: MaskSet,
  options: ExportTfjsOptions = {},
): Promise<TfjsExport> {
  const dense = sequentialFromGraph(source.graph, source.weights, source.graph.id);
  const masked = maskedModel(source, masks);
  let compact: ReturnType<typeof compactModel> | null = null;
  try {
    if (options.compact ?? true) {
      compact = compactModel(source, masks);
      const shrunk = compact.removed.length > 0 || compact.modelParams < compact.denseParams;
      if (!shrunk) {
        compact.model.dispose();
        compact = null;
      }
    }
    return {
      dense: await saveTfjs(dense),
      masked: await saveTfjs(masked),
      ...(compact ? { compacted: await saveTfjs(compact.model) } : {}),
      params: {
        dense: countParams(dense),
        masked: countParams(masked),
        compacted: compact ? compact.modelParams : null,
      },
    };
  } finally {
    dense.dispose();
    masked.dispose();
    compact?.model.dispose();
  }
}
