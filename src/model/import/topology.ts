/**
 * The first, plain-data step of an import: model.json text checked and turned into a NetGraph and a
 * plan of where every weight lies in the shards. No tensors, no weights read yet.
 *
 * Reads both layouts of a tfjs LayersModel: `model.save()` (modelTopology = {class_name:
 * 'Sequential', config: {layers}}) and the Python tensorflowjs converter (modelTopology =
 * {keras_version, backend, model_config: {class_name, config: {layers}}}). A functional model is read
 * when its layers form one chain; weight names are `${layer}/.../${role}`.
 */
import { canRemoveLayer, isWeighted, removalBlocker } from '../../core/graph.ts';
import type { LayerSpec, NetGraph } from '../../core/types.ts';
import { ImportError } from './errors.ts';
import { isObject, shapeList, type Json } from './json.ts';
import { parseLayer } from './layers.ts';
import { chainOrder } from './chain.ts';
import { ROLE_OF_NAME } from '../roles.ts';

/** One weight of the manifest: where it lies and which tensor it fills (null: not used). */
export interface WeightEntry {
  name: string;
  key: string | null;
  shape: number[];
  /** Byte length (float32). */
  bytes: number;
}

/** One weights group: its shard files, in order, and its weights in byte order. */
export interface WeightGroup {
  paths: string[];
  entries: WeightEntry[];
}

/** What model.json says, checked: the graph, the weights plan and facts for display. */
export interface ImportPlan {
  /** Model name from the topology (or 'model'). */
  name: string;
  /** 'tfjs' for model.save(), 'keras' for the tensorflowjs converter. */
  source: 'tfjs' | 'keras';
  /** e.g. 'keras v2.15.0' or 'tfjs-layers 4.22.0'. */
  generatedBy: string;
  /** e.g. 'TensorFlow.js Converter v4.22.0', or '' */
  convertedBy: string;
  graph: NetGraph;
  groups: WeightGroup[];
  /** BatchNormalization tensors absent because center / scale is off: filled with 1 or 0. */
  defaults: Record<string, 1 | 0>;
  /** Facts the UI may show, e.g. that a linear output was read as softmax. */
  notes: string[];
}

function notLayers(message: string): ImportError {
  return new ImportError('not-layers-model', message, 'model.json');
}

function parseJson(text: string): Json {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new ImportError(
      'bad-json',
      `model.json cannot be read as JSON (${e instanceof Error ? e.message : String(e)}). Pick the model.json written by model.save() or by the tensorflowjs converter.`,
      'model.json',
    );
  }
  if (!isObject(doc)) throw notLayers('model.json holds no model description.');
  return doc;
}

/** The Keras model config ({class_name, config}) inside modelTopology. */
function modelConfig(doc: Json): Json {
  const topo = doc.modelTopology;
  if (doc.format === 'graph-model' || (isObject(topo) && Array.isArray(topo.node))) {
    throw notLayers(
      'This model.json is a TensorFlow.js graph model (converted from a SavedModel or frozen graph). Only layers models are supported: convert a Keras model with tensorflowjs_converter --input_format keras, or save from tfjs with model.save().',
    );
  }
  if (!isObject(topo)) {
    throw notLayers(
      'model.json has no modelTopology, so it is not a TensorFlow.js layers model. Pick the model.json written by model.save() or by the tensorflowjs converter.',
    );
  }
  const mc = isObject(topo.model_config) ? topo.model_config : topo;
  if (typeof mc.class_name !== 'string') throw notLayers('model.json names no model class.');
  return mc;
}

/** The raw layers in order, from a Sequential or a chain-shaped functional model. */
function rawLayers(mc: Json): Json[] {
  const cfg = mc.config;
  const list = Array.isArray(cfg) ? cfg : isObject(cfg) ? cfg.layers : undefined;
  if (!Array.isArray(list) || !list.every(isObject) || list.length === 0) {
    throw notLayers(`model.json lists no layers for its ${String(mc.class_name)} model.`);
  }
  if (mc.class_name === 'Sequential') return list;
  if (mc.class_name === 'Model' || mc.class_name === 'Functional') {
    return chainOrder(list, isObject(cfg) ? cfg : {});
  }
  throw notLayers(
    `model.json describes a ${String(mc.class_name)}, not a Sequential or functional model.`,
  );
}

function inputShapeOf(first: Json): number[] {
  const cfg = isObject(first.config) ? first.config : {};
  const batch = shapeList(cfg.batch_input_shape ?? cfg.batch_shape, true);
  const plain = shapeList(cfg.input_shape, false);
  const shape = batch ? batch.slice(1) : plain;
  if (!shape || shape.length === 0 || !shape.every((d) => typeof d === 'number' && d >= 1)) {
    throw new ImportError(
      'unsupported-config',
      `The first layer of model.json gives no fixed input shape (${JSON.stringify(cfg.batch_input_shape ?? cfg.batch_shape ?? cfg.input_shape ?? null)}); the input must have a known size, e.g. [28, 28, 1].`,
      'model.json',
    );
  }
  return shape as number[];
}

function layerName(raw: Json, i: number): string {
  const cfg = isObject(raw.config) ? raw.config : {};
  const n = cfg.name ?? raw.name;
  return typeof n === 'string' && n !== '' ? n : `layer${i}`;
}

/** LayerSpecs in order (InputLayer dropped), shapes inferred from the input shape. */
function specsOf(layers: Json[], inputShape: number[]): LayerSpec[] {
  let shape = inputShape;
  const out: LayerSpec[] = [];
  const seen = new Set<string>();
  layers.forEach((raw, i) => {
    const cls = typeof raw.class_name === 'string' ? raw.class_name : 'unknown';
    if (cls === 'InputLayer') return;
    const name = layerName(raw, i);
    if (seen.has(name)) throw notLayers(`model.json names two layers ${name}.`);
    seen.add(name);
    const l = parseLayer(cls, name, isObject(raw.config) ? raw.config : {}, shape);
    out.push(l);
    shape = l.outputShape;
  });
  return out;
}

const PASS = new Set<LayerSpec['kind']>([
  'maxpool',
  'avgpool',
  'dropout',
  'activation',
  'batchnorm',
]);

/** Marks the output layer and removable layers; checks BatchNormalization placement. */
function finishLayers(layers: LayerSpec[], notes: string[]): number {
  let out = -1;
  layers.forEach((l, i) => {
    if (isWeighted(l)) out = i;
  });
  const last = layers[out];
  const trailing = layers.slice(out + 1);
  if (
    !last ||
    last.kind !== 'dense' ||
    trailing.some((l) => l.kind !== 'activation' && l.kind !== 'dropout')
  ) {
    throw new ImportError(
      'unsupported-config',
      'The model must end with a Dense classifier (optionally followed by an Activation or Dropout); this one ends with ' +
        `${layers[layers.length - 1].name}.`,
      layers[layers.length - 1].name,
    );
  }
  last.isOutput = true;
  const finalAct = [...trailing].reverse().find((l) => l.kind === 'activation')?.activation;
  if ((finalAct ?? last.activation) !== 'softmax') {
    if (finalAct) trailing.forEach((l) => l.kind === 'activation' && (l.activation = 'linear'));
    last.activation = 'softmax';
    notes.push(
      `The output layer ${last.name} gives scores (${finalAct ?? last.activation ?? 'linear'}); the app reads them through softmax, which keeps every prediction.`,
    );
  }
  layers.forEach((l, i) => {
    l.removable = canRemoveLayer(l) && removalBlocker(layers, i) === null;
    if (l.kind !== 'batchnorm') return;
    let j = i - 1;
    while (j >= 0 && PASS.has(layers[j].kind) && !isWeighted(layers[j])) j--;
    if (j < 0 || !isWeighted(layers[j]) || layers[j].isOutput) {
      throw new ImportError(
        'unsupported-config',
        `Layer ${l.name} (BatchNormalization) must follow a Conv2D, Dense or recurrent layer (pooling, dropout or activations may lie between); here it follows ${j >= 0 ? layers[j].name : 'the input'}.`,
        l.name,
      );
    }
  });
  return last.units;
}

function manifestOf(doc: Json): Json[] {
  const m = doc.weightsManifest;
  if (!Array.isArray(m) || !m.every(isObject)) {
    throw new ImportError(
      'missing-weight',
      'model.json has no weightsManifest, so it names no weight files. Pick the model.json that was saved together with its .bin files.',
      'model.json',
    );
  }
  return m;
}

/** Weight groups with each entry matched to a tensor key; checks dtype and shape. */
function weightPlan(doc: Json, graph: NetGraph, defaults: Record<string, 1 | 0>): WeightGroup[] {
  const specs = new Map(graph.layers.flatMap((l) => l.tensors.map((t) => [t.key, t] as const)));
  const found = new Set<string>();
  const groups = manifestOf(doc).map((g): WeightGroup => {
    const paths = Array.isArray(g.paths)
      ? g.paths.filter((p): p is string => typeof p === 'string')
      : [];
    const weights = Array.isArray(g.weights) ? g.weights.filter(isObject) : [];
    const entries = weights.map((w): WeightEntry => {
      const name = typeof w.name === 'string' ? w.name : '';
      const shape = shapeList(w.shape, false) as number[] | null;
      if (!shape)
        throw new ImportError(
          'shape-mismatch',
          `Weight ${name} has no valid shape in model.json.`,
          name,
        );
      if ((w.dtype ?? 'float32') !== 'float32' || w.quantization !== undefined) {
        throw new ImportError(
          'unsupported-weights',
          `Weight ${name} is stored as ${w.quantization !== undefined ? 'quantized ' : ''}${String(w.dtype)}; only float32 weights are supported (convert without quantization).`,
          name,
        );
      }
      const parts = name.split('/');
      const role = ROLE_OF_NAME[parts[parts.length - 1].replace(/:\d+$/, '')];
      const key = role && parts.length >= 2 ? `${parts[0]}/${role}` : null;
      const spec = key ? specs.get(key) : undefined;
      if (spec) {
        if (spec.shape.length !== shape.length || spec.shape.some((d, i) => d !== shape[i])) {
          throw new ImportError(
            'shape-mismatch',
            `Weight ${name} has shape [${shape.join(', ')}] in the weights, but layer ${parts[0]} needs [${spec.shape.join(', ')}].`,
            name,
          );
        }
        found.add(spec.key);
      }
      const n = shape.reduce((a, b) => a * b, 1);
      return { name, key: spec ? spec.key : null, shape, bytes: 4 * n };
    });
    return { paths, entries };
  });
  for (const [key, t] of specs) {
    if (found.has(key)) continue;
    if (t.role === 'gamma' || t.role === 'movingVariance') defaults[key] = 1;
    else if (t.role === 'beta') defaults[key] = 0;
    else {
      throw new ImportError(
        'missing-weight',
        `The weights of model.json list no ${t.role} for layer ${key.split('/')[0]} (expected a weight named like ${key.split('/')[0]}/${t.role === 'recurrentKernel' ? 'recurrent_kernel' : t.role}).`,
        key,
      );
    }
  }
  return groups;
}

/**
 * Checks a model.json and plans the import (module comment for the formats).
 * @param text the model.json file's text
 * @returns the NetGraph (id 'imported:<name>', layers in order, output = last Dense, softmax),
 *   where each weight lies in the shards, and facts for display
 * @throws ImportError naming the layer or file: 'bad-json', 'not-layers-model',
 *   'functional-branches', 'unsupported-layer', 'unsupported-config', 'missing-weight',
 *   'unsupported-weights', 'shape-mismatch'
 */
export function planImport(text: string): ImportPlan {
  const doc = parseJson(text);
  const mc = modelConfig(doc);
  const layers = rawLayers(mc);
  const inputShape = inputShapeOf(layers[0]);
  const specs = specsOf(layers, inputShape);
  const notes: string[] = [];
  const classes = finishLayers(specs, notes);
  const topo = doc.modelTopology as Json;
  const cfgName = isObject(mc.config) ? mc.config.name : undefined;
  const name = typeof cfgName === 'string' && cfgName !== '' ? cfgName : 'model';
  const graph: NetGraph = { id: `imported:${name}`, inputShape, classes, layers: specs };
  const defaults: Record<string, 1 | 0> = {};
  const groups = weightPlan(doc, graph, defaults);
  const kv = typeof topo.keras_version === 'string' ? topo.keras_version : '';
  const keras = isObject(topo.model_config) || !kv.startsWith('tfjs');
  return {
    name,
    source: keras ? 'keras' : 'tfjs',
    generatedBy: typeof doc.generatedBy === 'string' ? doc.generatedBy : kv,
    convertedBy: typeof doc.convertedBy === 'string' ? doc.convertedBy : '',
    graph,
    groups,
    defaults,
    notes,
  };
}
