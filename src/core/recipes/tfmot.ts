/**
 * The TensorFlow Model Optimization recipe (prune_tfmot.py): the network as a Keras Sequential
 * (layer names as in the app, TensorFlow.js's defaults spelled out), the trained weights read from
 * model-dense/ (Keras layouts are TensorFlow.js's, no conversion), then
 * tfmot.sparsity.keras.prune_low_magnitude per layer with ConstantSparsity at the layer's sparsity,
 * or the PolynomialDecay schedule the user set; sparsity_m_by_n=(2, 4) for 2:4 and block_size for
 * block sparsity; fine-tuning with the UpdatePruningStep callback; strip_pruning at the end.
 * Methods TF-MOT has no counterpart for (global ranking, structured units, random, SNIP, Taylor,
 * movement) say so in a comment and fall back to magnitude at the sparsity the app reached.
 */
import { BLOCK_SHAPE, methodOf, sparsityOfLayer } from '../compute.ts';
import { isWeighted } from '../graph.ts';
import { sparsityOf } from '../masks.ts';
import type { LayerSpec, MaskSet, MethodId } from '../types.ts';
import { poolGeometry } from './torch-layers.ts';
import { pct, pyNum, pyStr, tfjsWeightName } from './python.ts';
import type { RecipeInput, ScheduleSetup } from './types.ts';

/** File name of the TF-MOT recipe in the export. */
export const TFMOT_SCRIPT = 'prune_tfmot.py';

const NO_EQUIVALENT: Partial<Record<MethodId, string>> = {
  'global-magnitude':
    "TF-MOT prunes each layer on its own (no global ranking); this layer gets the sparsity the app's global ranking gave it",
  random: 'TF-MOT has no random pruning; magnitude at the same sparsity instead',
  'l1-structured':
    'TF-MOT has no structured (whole filter / neuron) pruning; magnitude at the sparsity the app reached instead (see prune_torch.py for the exact structured recipe)',
  'l2-structured':
    'TF-MOT has no structured (whole filter / neuron) pruning; magnitude at the sparsity the app reached instead (see prune_torch.py for the exact structured recipe)',
  snip: 'TF-MOT has no SNIP (gradient) scores; magnitude at the same sparsity instead',
  taylor:
    'TF-MOT has no Taylor (gradient) scores; magnitude at the sparsity the app reached instead',
  movement: 'TF-MOT has no movement scores; magnitude at the same sparsity instead',
};

/** Keras's spelling of a TensorFlow.js activation name (hardSigmoid -> "hard_sigmoid"). */
function kerasActivation(name: string): string {
  return pyStr(name === 'hardSigmoid' ? 'hard_sigmoid' : name);
}

function poolLayer(l: LayerSpec, cls: string, name: string): string {
  const { pool, strides } = poolGeometry(l);
  return `layers.${cls}((${pool.join(', ')}), strides=(${strides.join(', ')}), padding=${pyStr(l.padding ?? 'valid')}, ${name})`;
}

function rnnLayer(l: LayerSpec, name: string): string {
  const seq = l.outputShape.length > 1 ? ', return_sequences=True' : '';
  const bias = l.tensors.some((t) => t.role === 'bias') ? '' : ', use_bias=False';
  const act = `activation=${kerasActivation(l.activation ?? 'tanh')}`;
  const gate = `recurrent_activation=${kerasActivation(l.recurrentActivation ?? 'hardSigmoid')}`;
  switch (l.kind) {
    case 'lstm':
      return `layers.LSTM(${l.units}, ${act}, ${gate}${bias}${seq}, ${name})`;
    case 'gru':
      return `layers.GRU(${l.units}, ${act}, ${gate}, reset_after=${l.resetAfter ? 'True' : 'False'}${bias}${seq}, ${name})`;
    default:
      return `layers.SimpleRNN(${l.units}, ${act}${bias}${seq}, ${name})`;
  }
}

function kerasLayer(l: LayerSpec): string {
  const name = `name=${pyStr(l.name)}`;
  const act = l.activation ? `, activation=${kerasActivation(l.activation)}` : '';
  const bias = l.tensors.some((t) => t.role === 'bias') ? '' : ', use_bias=False';
  switch (l.kind) {
    case 'conv2d': {
      const [kh, kw] = l.kernelSize ?? [3, 3];
      const [sh, sw] = l.strides ?? [1, 1];
      return `layers.Conv2D(${l.units}, (${kh}, ${kw}), strides=(${sh}, ${sw}), padding=${pyStr(l.padding ?? 'same')}${act}${bias}, ${name})`;
    }
    case 'maxpool':
      return poolLayer(l, 'MaxPooling2D', name);
    case 'avgpool':
      return poolLayer(l, 'AveragePooling2D', name);
    case 'flatten':
      return `layers.Flatten(${name})`;
    case 'reshape':
      return `layers.Reshape((${l.outputShape.join(', ')},), ${name})`;
    case 'dropout':
      return `layers.Dropout(${pyNum(l.rate ?? 0)}, ${name})`;
    case 'activation':
      return `layers.Activation(${kerasActivation(l.activation ?? 'linear')}, ${name})`;
    case 'batchnorm':
      return `layers.BatchNormalization(epsilon=${pyNum(l.epsilon ?? 1e-3)}, ${name})`;
    case 'dense':
      return `layers.Dense(${l.units}${act}${bias}, ${name})`;
    case 'lstm':
    case 'gru':
    case 'simplernn':
      return rnnLayer(l, name);
  }
}

/** Sparsity the app's masks reached on a layer's kernels (what a fallback should aim for). */
function reached(l: LayerSpec, masks: MaskSet): number {
  let zeros = 0;
  let n = 0;
  for (const t of l.tensors) {
    if (t.role === 'bias') continue;
    const m = masks[t.key];
    if (!m) continue;
    zeros += sparsityOf(m) * m.length;
    n += m.length;
  }
  return n === 0 ? 0 : zeros / n;
}

function scheduleExpr(s: ScheduleSetup): string {
  return [
    'sparsity.PolynomialDecay(',
    `initial_sparsity=${pyNum(s.initialSparsity)}, final_sparsity=${pyNum(s.finalSparsity)}, `,
    `begin_step=${s.beginStep}, end_step=${s.endStep}, power=${pyNum(s.power)}, frequency=${s.frequency})`,
  ].join('');
}

/** One PRUNING entry (Python dict line) for a weighted layer, with its comment lines. */
function layerPruning(l: LayerSpec, input: RecipeInput): string[] {
  const { config, masks, schedule } = input;
  const method = methodOf(config, l.name);
  const own = sparsityOfLayer(config, l.name);
  const exact = method === 'magnitude' || method === 'nm-2-4' || method === 'block';
  const sameSparsity = exact || method === 'random' || method === 'snip' || method === 'movement';
  const target = sameSparsity ? own : reached(l, masks);
  const rnn = l.kind === 'lstm' || l.kind === 'gru';
  const comments: string[] = [];
  const note = NO_EQUIVALENT[method];
  if (note) comments.push(`# ${l.name}: ${method}. ${note}.`);
  const locked = config.layers[l.name]?.locked ?? false;
  const follows = schedule !== undefined && !locked && exact;
  const sched =
    follows && schedule
      ? scheduleExpr(schedule)
      : `sparsity.ConstantSparsity(${pyNum(Math.min(target, 0.99))}, begin_step=0, frequency=100)`;
  let extra = '';
  if (method === 'nm-2-4') {
    if (rnn)
      comments.push(`# ${l.name}: TF-MOT applies 2:4 to Conv2D and Dense only; magnitude here.`);
    else extra = ', sparsity_m_by_n=(2, 4)';
  } else if (method === 'block') {
    if (rnn)
      comments.push(`# ${l.name}: TF-MOT block sparsity covers Conv2D and Dense; magnitude here.`);
    else extra = `, block_size=(${BLOCK_SHAPE.join(', ')}), block_pooling_type="AVG"`;
  }
  comments.push(
    follows
      ? `# ${l.name}: ${method}, following the schedule set in the app.`
      : `# ${l.name}: ${method} at ${pct(method === 'nm-2-4' ? 0.5 : target)} in the app.`,
  );
  return [
    ...comments.map((c) => `    ${c}`),
    `    ${pyStr(l.name)}: dict(pruning_schedule=${sched}${extra}),`,
  ];
}

const DATA: Record<string, string> = {
  mnist: 'keras.datasets.mnist.load_data()',
  fashion: 'keras.datasets.fashion_mnist.load_data()',
};

function modelSource(input: RecipeInput): string[] {
  const { graph, config } = input;
  const lines = [
    'def build_model():',
    '    """The network as the app runs it (recurrent gates as the model sets them, TensorFlow.js\'s default hard sigmoid; GRU',
    '    with reset_after=False). Keras 3 redefines hard_sigmoid as relu6(x + 3) / 6; under Keras 3 the',
    '    RNN outputs differ slightly from the app\'s."""',
    '    return keras.Sequential([',
    `        keras.Input(shape=(${graph.inputShape.join(', ')},)),`,
  ];
  for (const l of graph.layers) {
    if (config.layers[l.name]?.removed && l.removable) {
      lines.push(
        `        # ${l.name}: removed whole in the app (replaced by identity), so left out.`,
      );
      continue;
    }
    lines.push(`        ${kerasLayer(l)},`);
  }
  lines.push('    ])');
  return lines;
}

function loadSource(input: RecipeInput): string[] {
  const rows = input.graph.layers
    .filter((l) => l.tensors.length > 0 && !(input.config.layers[l.name]?.removed && l.removable))
    .map(
      (l) =>
        `    ${pyStr(l.name)}: [${l.tensors.map((t) => pyStr(tfjsWeightName(l.name, t.role))).join(', ')}],`,
    );
  return [
    '# Keras weights of each layer, by TensorFlow.js weight name (same layouts, no conversion).',
    'WEIGHTS = {',
    ...rows,
    '}',
    '',
    '',
    'def read_tfjs_weights(model_json):',
    '    """Weights of a TensorFlow.js LayersModel (model.json + .bin files) by weight name."""',
    '    with open(model_json) as f:',
    '        spec = json.load(f)',
    '    out = {}',
    '    for group in spec["weightsManifest"]:',
    '        data = b"".join(open(os.path.join(os.path.dirname(model_json), p), "rb").read() for p in group["paths"])',
    '        offset = 0',
    '        for w in group["weights"]:',
    '            n = int(np.prod(w["shape"]))',
    '            out[w["name"]] = np.frombuffer(data, "<f4", n, offset).reshape(w["shape"])',
    '            offset += 4 * n',
    '    return out',
    '',
    '',
    'def load_weights(model):',
    '    weights = read_tfjs_weights(DENSE_MODEL)',
    '    for name, names in WEIGHTS.items():',
    '        model.get_layer(name).set_weights([weights[n] for n in names])',
  ];
}

function dataSource(input: RecipeInput): string[] {
  const call = DATA[input.datasetId];
  const shape = input.graph.inputShape.join(', ');
  if (!call) {
    return [
      'def load_data():',
      `    # The app's "${input.datasetId}" data is generated in the browser; supply your own arrays here,`,
      `    # inputs shaped [n, ${shape}] and integer labels.`,
      `    raise SystemExit("Put your ${input.datasetId} training and test arrays in load_data().")`,
    ];
  }
  return [
    'def load_data():',
    `    (x_train, y_train), (x_test, y_test) = ${call}`,
    `    prep = lambda x: (x.astype("float32") / 255.0).reshape((-1, ${shape}))`,
    '    return (prep(x_train), y_train), (prep(x_test), y_test)',
  ];
}

function fitSource(input: RecipeInput): string[] {
  const t = input.training ?? { epochs: 1, batchSize: 64, learningRate: 1e-3, optimizer: 'adam' };
  const opt = t.optimizer === 'sgd' ? 'SGD' : 'Adam';
  const out = input.graph.layers.find((l) => l.isOutput);
  const fromLogits = out?.activation === 'softmax' ? 'False' : 'True';
  return [
    'def main():',
    '    model = build_model()',
    '    load_weights(model)',
    '    (x_train, y_train), (x_test, y_test) = load_data()',
    '    pruned = keras.models.clone_model(model, clone_function=apply_pruning)',
    '    pruned.compile(',
    `        optimizer=keras.optimizers.${opt}(learning_rate=${pyNum(t.learningRate)}),`,
    `        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=${fromLogits}),`,
    '        metrics=["accuracy"],',
    '    )',
    '    # UpdatePruningStep advances the schedule every batch; fine-tuning lets the kept weights recover.',
    '    pruned.fit(x_train, y_train, batch_size=' + t.batchSize + ', epochs=' + t.epochs + ',',
    '               callbacks=[sparsity.UpdatePruningStep()], validation_data=(x_test, y_test))',
    '    final = sparsity.strip_pruning(pruned)',
    '    for layer in final.layers:',
    '        for w in layer.weights:',
    '            v = w.numpy()',
    '            print(f"{w.name:32s} {100 * float((v == 0).mean()):5.1f}% zeros")',
    '    final.compile(metrics=["accuracy"], loss=keras.losses.SparseCategoricalCrossentropy(from_logits=' +
      fromLogits +
      '))',
    '    print("test accuracy", final.evaluate(x_test, y_test, verbose=0)[1])',
    '    final.save(os.path.join(HERE, "pruned_tfmot.keras"))',
  ];
}

/**
 * The TF-MOT recipe as Python source (see the module comment); every layer kind has its Keras layer.
 */
export function tfmotRecipe(input: RecipeInput): string {
  const { graph, config } = input;
  const pruning = graph.layers
    .filter((l) => isWeighted(l) && !(config.layers[l.name]?.removed && l.removable))
    .flatMap((l) => layerPruning(l, input));
  return [
    '#!/usr/bin/env python3',
    `"""Pruning Lab recipe for TensorFlow Model Optimization: ${graph.id} on ${input.datasetId}, ${config.method}.`,
    '',
    'Builds the network in Keras, loads its trained weights from model-dense/ (TensorFlow.js files),',
    "wraps each layer in tfmot.sparsity.keras.prune_low_magnitude with the app's sparsity or schedule,",
    'fine-tunes with UpdatePruningStep, then strip_pruning and saves pruned_tfmot.keras.',
    '',
    'Run:   python3 prune_tfmot.py',
    'Needs: pip install tensorflow tensorflow-model-optimization (with TF >= 2.16 also tf_keras,',
    '       and TF_USE_LEGACY_KERAS=1: TF-MOT needs Keras 2).',
    '"""',
    'import json',
    'import os',
    '',
    'import numpy as np',
    'import tensorflow as tf',
    'import tensorflow_model_optimization as tfmot',
    '',
    'keras = tf.keras',
    'layers = keras.layers',
    'sparsity = tfmot.sparsity.keras',
    'HERE = os.path.dirname(os.path.abspath(__file__))',
    'DENSE_MODEL = os.path.join(HERE, "model-dense", "model.json")',
    '',
    '',
    ...modelSource(input),
    '',
    '',
    ...loadSource(input),
    '',
    '',
    '# prune_low_magnitude settings per layer.',
    'PRUNING = {',
    ...pruning,
    '}',
    '',
    '',
    'def apply_pruning(layer):',
    '    if layer.name in PRUNING:',
    '        return sparsity.prune_low_magnitude(layer, **PRUNING[layer.name])',
    '    return layer',
    '',
    '',
    ...dataSource(input),
    '',
    '',
    ...fitSource(input),
    '',
    '',
    'if __name__ == "__main__":',
    '    main()',
    '',
  ].join('\n');
}
