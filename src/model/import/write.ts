/**
 * Writing a tf.LayersModel as the files an import reads: the layout of tfjs `model.save()` (browser
 * download: model.json + model.weights.bin) and the layout of the Python tensorflowjs converter
 * from Keras (modelTopology.model_config, keras_version, an InputLayer, weights named
 * `${layer}/${role}` or `${layer}/${cell}/${role}` for RNNs, shards group1-shardKofN.bin).
 */
import * as tf from '../tf.ts';
import type { ImportFiles } from './index.ts';

/** The artifacts of model.save() (topology and weights), without touching any storage. */
export async function saveArtifacts(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let art: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      art = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!art) throw new Error('model.save() produced nothing');
  return art;
}

function bufferOf(data: tf.io.ModelArtifacts['weightData']): ArrayBuffer {
  if (!data) return new ArrayBuffer(0);
  if (Array.isArray(data)) return tf.io.concatenateArrayBuffers(data);
  return data;
}

/**
 * The files `model.save('downloads://model')` writes: model.json (format 'layers-model') and
 * model.weights.bin.
 */
export async function tfjsModelFiles(model: tf.LayersModel): Promise<ImportFiles> {
  const art = await saveArtifacts(model);
  const json = {
    modelTopology: art.modelTopology,
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
    convertedBy: null,
    weightsManifest: [{ paths: ['./model.weights.bin'], weights: art.weightSpecs }],
  };
  return { json: JSON.stringify(json), weights: { 'model.weights.bin': bufferOf(art.weightData) } };
}

/** Options of kerasModelFiles. */
export interface KerasFilesOptions {
  /** Keras version the JSON claims, e.g. '2.15.0'. */
  kerasVersion?: string;
  /** Converter version, e.g. '4.22.0'. */
  converterVersion?: string;
  /** Bytes per shard (the converter's default is 4 MiB); smaller makes several shards. */
  shardBytes?: number;
}

const CELL: Record<string, string> = {
  LSTM: 'lstm_cell',
  GRU: 'gru_cell',
  SimpleRNN: 'simple_rnn_cell',
};

/** Keras names of a tfjs weight: RNN weights live under the layer's cell. */
function kerasWeightName(name: string, classOf: Map<string, string>): string {
  const [layer, ...rest] = name.split('/');
  const cell = CELL[classOf.get(layer) ?? ''];
  return cell ? [layer, cell, ...rest].join('/') : name;
}

/**
 * The files `tensorflowjs_converter --input_format keras` writes for a Sequential Keras model of the
 * same layers: model.json with modelTopology {keras_version, backend, model_config, training_config}
 * and the weights split into group1-shardKofN.bin.
 */
export async function kerasModelFiles(
  model: tf.LayersModel,
  opts: KerasFilesOptions = {},
): Promise<ImportFiles> {
  const art = await saveArtifacts(model);
  const topo = art.modelTopology as {
    config: { name: string; layers: { class_name: string; config: Record<string, unknown> }[] };
  };
  const kv = opts.kerasVersion ?? '2.15.0';
  const layers = topo.config.layers.map((l) => {
    const config: Record<string, unknown> = { ...l.config, dtype: 'float32' };
    return { class_name: l.class_name, config };
  });
  const first = layers[0].config;
  const input = {
    class_name: 'InputLayer',
    config: {
      batch_input_shape: first.batch_input_shape,
      dtype: 'float32',
      sparse: false,
      ragged: false,
      name: 'input_1',
    },
  };
  delete first.batch_input_shape;
  const classOf = new Map(layers.map((l) => [String(l.config.name), l.class_name]));
  const bytes = new Uint8Array(bufferOf(art.weightData));
  const shard = opts.shardBytes ?? 4 * 1024 * 1024;
  const n = Math.max(1, Math.ceil(bytes.length / shard));
  const paths = Array.from({ length: n }, (_, i) => `group1-shard${i + 1}of${n}.bin`);
  const weights: Record<string, ArrayBuffer> = {};
  paths.forEach((p, i) => {
    weights[p] = bytes.slice(i * shard, Math.min(bytes.length, (i + 1) * shard)).buffer;
  });
  const json = {
    format: 'layers-model',
    generatedBy: `keras v${kv}`,
    convertedBy: `TensorFlow.js Converter v${opts.converterVersion ?? '4.22.0'}`,
    modelTopology: {
      keras_version: kv,
      backend: 'tensorflow',
      model_config: {
        class_name: 'Sequential',
        config: { name: topo.config.name, layers: [input, ...layers] },
      },
      training_config: {
        loss: 'sparse_categorical_crossentropy',
        metrics: [
          [{ class_name: 'MeanMetricWrapper', config: { name: 'accuracy', dtype: 'float32' } }],
        ],
        weighted_metrics: null,
        loss_weights: null,
        optimizer_config: { class_name: 'Adam', config: { name: 'Adam', learning_rate: 0.001 } },
      },
    },
    weightsManifest: [
      {
        paths,
        weights: (art.weightSpecs ?? []).map((w) => ({
          ...w,
          name: kerasWeightName(w.name, classOf),
        })),
      },
    ],
  };
  return { json: JSON.stringify(json), weights };
}
