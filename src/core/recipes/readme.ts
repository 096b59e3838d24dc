/** README.txt of an export bundle: what each file is and how to run it. */
import type { PruningConfig } from '../types.ts';

/** What the README describes. */
export interface ReadmeInput {
  folder: string;
  modelId: string;
  datasetId: string;
  config: PruningConfig;
  hasCompacted: boolean;
  /** Why a recipe could not be written (it is then missing from the bundle). */
  torchError?: string;
  tfmotError?: string;
  /** What loading the TensorFlow.js folders needs beyond tf.loadLayersModel, when anything. */
  tfjsNote?: string;
}

/** `text` as lines of at most 98 characters, each starting with `indent`, broken at spaces. */
function wrapped(text: string, indent: string): string[] {
  const lines: string[] = [];
  let line = indent;
  for (const word of text.split(' ')) {
    if (line.length > indent.length && line.length + 1 + word.length > 98) {
      lines.push(line);
      line = indent;
    }
    line += (line.length > indent.length ? ' ' : '') + word;
  }
  return [...lines, line];
}

/** The README text (plain text, lines under 100 characters). */
export function readmeText(r: ReadmeInput): string {
  const pctText = `${Math.round(r.config.globalSparsity * 1000) / 10}%`;
  const lines = [
    `Pruning Lab export: ${r.modelId} on ${r.datasetId}, ${r.config.method} at ${pctText}`,
    '',
    'Files',
    '  model-masked/      the pruned model in TensorFlow.js format (model.json + weights.bin):',
    '                     same shapes, pruned weights are zeros; layers removed whole are left out.',
    ...(r.hasCompacted
      ? ['  model-compacted/   the same model with pruned units and layers physically removed.']
      : []),
    '  model-dense/       the trained model before pruning (the recipes start from it).',
    ...(r.torchError
      ? [`  (no prune_torch.py: ${r.torchError})`]
      : ['  prune_torch.py     PyTorch recipe: torch.nn.Module + torch.nn.utils.prune calls.']),
    ...(r.tfmotError
      ? [`  (no prune_tfmot.py: ${r.tfmotError})`]
      : [
          '  prune_tfmot.py     TensorFlow Model Optimization recipe: prune_low_magnitude + fine-tuning.',
        ]),
    "  masks.bin          the app's masks: uint8 (1 = kept), TensorFlow.js layouts, tensors in",
    '                     model order (prune_torch.py lists the offsets when it needs them).',
    '  check_inputs.bin   the first test examples (float32, TensorFlow.js layout);',
    "  check_expected.json  their labels and the app's predictions and outputs.",
    '  results.json       the setup and its measured results (config, per-layer sparsity, accuracy,',
    '                     parameters, FLOPs, bytes, latency when measured), for a notebook.',
    '',
    'Load the pruned model in TensorFlow.js',
    "  const model = await tf.loadLayersModel('model-masked/model.json');  // served over HTTP",
    ...(r.tfjsNote ? wrapped(`Note: ${r.tfjsNote}`, '  ') : []),
    '  In Node: tf.loadLayersModel(tf.io.fileSystem(...)) with @tensorflow/tfjs-node, or',
    '  tf.io.fromMemory with the parsed model.json and the bytes of weights.bin.',
    '  In Python: tensorflowjs_converter --input_format=tfjs_layers_model',
    '             --output_format=keras model-masked/model.json pruned.h5',
    '',
    'Run the PyTorch recipe (Python 3.8+, PyTorch: pip install torch, or apt install python3-torch)',
    `  cd ${r.folder}`,
    '  python3 prune_torch.py                  # prunes, prints a summary, compares with the app',
    '  python3 prune_torch.py --check out.json # also writes masks, logits and predictions',
    '  python3 prune_torch.py --save pruned.pt # saves the pruned state_dict',
    '',
    'Run the TF-MOT recipe (pip install tensorflow tensorflow-model-optimization; with',
    'TensorFlow 2.16 or later also pip install tf_keras and set TF_USE_LEGACY_KERAS=1)',
    `  cd ${r.folder}`,
    '  python3 prune_tfmot.py                  # fine-tunes with pruning, saves pruned_tfmot.keras',
    '',
  ];
  return lines.join('\n');
}
