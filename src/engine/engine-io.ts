/** The engine's import and export methods: imported models, exported files, and predictions. */
import type { MaskSet } from '../core/types.ts';
import type { DatasetId } from '../data/types.ts';
import { checkSet } from '../model/export-check.ts';
import { exportTfjs } from '../model/export.ts';
import { predictPair } from '../model/predict.ts';
import { getWeights, graphOfModel } from '../model/zoo.ts';
import type {
  EngineApi,
  ExportOptions,
  ImportFilesInput,
  ImportOptions,
  ImportOutcome,
  ModelExport,
  PredictResult,
} from './api.ts';
import type { EngineCore } from './engine-core.ts';
import { checkImportJson, prepareImport } from './imported.ts';

type IoMethods = Pick<EngineApi, 'loadImported' | 'checkImport' | 'exportModel' | 'predict'>;

/** The import and export methods of an engine, over its core. */
export function ioMethods(core: EngineCore): IoMethods {
  return {
    loadImported(files: ImportFilesInput, datasetId?: DatasetId, opts: ImportOptions = {}) {
      return core.serial(async (): Promise<ImportOutcome> => {
        const backend = core.backend ?? (await core.init());
        const out = await prepareImport(files, datasetId, opts, (id) => core.getDataset(id));
        if (!out.ok) return out;
        const p = out.prepared;
        // Checked and measured: only now is the current model replaced.
        core.evaluator?.dispose();
        core.model?.dispose();
        core.model = p.model;
        core.dataset = p.dataset;
        core.evaluator = p.evaluator;
        core.initial = p.result.weights;
        return { ok: true, result: { ...p.result, backend } };
      });
    },

    async checkImport(json: string) {
      return checkImportJson(json);
    },

    exportModel(masks: MaskSet, options: ExportOptions = {}) {
      return core.serial(async (): Promise<ModelExport> => {
        const { model: m, dataset: ds } = core.need();
        const source = { graph: graphOfModel(m), weights: getWeights(m) };
        const files = await exportTfjs(source, masks, { compact: options.compact ?? true });
        return { ...files, check: checkSet(m, ds, masks, options.checkExamples ?? 100) };
      });
    },

    predict(input: Float32Array, masks: MaskSet) {
      return core.serial(async (): Promise<PredictResult> =>
        predictPair(core.need().model, input, masks),
      );
    },
  };
}
