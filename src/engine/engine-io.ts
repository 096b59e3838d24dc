/** The engine's import and export methods: imported models, exported files, and predictions. */
import type { MaskSet } from '../core/types.ts';
import type { Dataset, DatasetId } from '../data/types.ts';
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
  TestExamples,
} from './api.ts';
import type { EngineCore } from './engine-core.ts';
import { checkImportJson, prepareImport } from './imported.ts';

type IoMethods = Pick<
  EngineApi,
  'loadImported' | 'checkImport' | 'exportModel' | 'predict' | 'testExamples'
>;

/** Test examples `indices` of a dataset, pixels scaled to [0, 1] (see EngineApi.testExamples). */
export function testExamplesOf(ds: Dataset, indices: number[]): TestExamples {
  const size = ds.exampleShape.reduce((a, b) => a * b, 1);
  const n = ds.testY.length;
  const scale = ds.testX instanceof Uint8Array ? 1 / 255 : 1;
  const pixels = new Float32Array(indices.length * size);
  indices.forEach((idx, k) => {
    if (!Number.isInteger(idx) || idx < 0 || idx >= n)
      throw new RangeError(`Test example ${idx} is outside the test split (0..${n - 1}).`);
    const src = ds.testX.subarray(idx * size, (idx + 1) * size);
    for (let j = 0; j < size; j++) pixels[k * size + j] = src[j] * scale;
  });
  const labels = Uint8Array.from(indices, (i) => ds.testY[i]);
  return { pixels, labels, size, shape: [...ds.exampleShape] };
}

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
      return core.serial(async (): Promise<PredictResult> => {
        const backend = await core.on('eval');
        return { ...predictPair(core.need().model, input, masks), backend };
      });
    },

    testExamples(indices: number[]) {
      return core.serial(async () => testExamplesOf(core.need().dataset, indices));
    },
  };
}
