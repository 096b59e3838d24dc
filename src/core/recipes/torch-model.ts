/**
 * The model part of the PyTorch recipe: a torch.nn.Module mirroring the sequential network
 * (same layer names as attributes), the table that maps every TensorFlow.js weight to its torch
 * parameter, and the forward pass. Tensors stay in TensorFlow.js's NHWC order between layers
 * except around convolutions and pooling, which run in NCHW; the map is permuted back to NHWC
 * before Flatten, so dense rows keep TensorFlow.js's order (p*C + c) and logits match.
 */
import type { LayerSpec, NetGraph } from '../types.ts';
import { torchParamName } from './layout.ts';
import { pyIdent, pyStr, tfjsWeightName } from './python.ts';

/** Why a network cannot be written as a PyTorch recipe. */
export class RecipeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecipeError';
  }
}

function constructorOf(l: LayerSpec): string | null {
  switch (l.kind) {
    case 'conv2d': {
      const k = l.tensors.find((t) => t.role === 'kernel');
      if (!k) throw new RecipeError(`Layer ${l.name} has no kernel.`);
      const [kh, kw, cin] = k.shape;
      const pad = (l.padding ?? 'same') === 'same' ? '"same"' : '0';
      return `nn.Conv2d(${cin}, ${l.units}, (${kh}, ${kw}), padding=${pad})`;
    }
    case 'dense': {
      const k = l.tensors.find((t) => t.role === 'kernel');
      if (!k) throw new RecipeError(`Layer ${l.name} has no kernel.`);
      return `nn.Linear(${k.shape[0]}, ${l.units})`;
    }
    case 'lstm':
    case 'gru': {
      const k = l.tensors.find((t) => t.role === 'kernel');
      if (!k) throw new RecipeError(`Layer ${l.name} has no kernel.`);
      const seq = l.outputShape.length > 1 ? ', return_sequences=True' : '';
      return `${l.kind === 'lstm' ? 'TfjsLSTM' : 'TfjsGRU'}(${k.shape[0]}, ${l.units}${seq})`;
    }
    case 'maxpool': {
      const p = Math.max(1, Math.floor(l.inputShape[0] / l.outputShape[0]));
      return `nn.MaxPool2d(${p})`;
    }
    case 'flatten':
      return null;
    case 'simplernn':
    case 'avgpool':
    case 'reshape':
    case 'dropout':
    case 'activation':
    case 'batchnorm':
      throw new RecipeError(
        `Layer ${l.name} is a ${l.kind} layer, which the PyTorch recipe does not write yet.`,
      );
    default: {
      const never: never = l.kind;
      throw new RecipeError(`Layer kind ${String(never)} has no PyTorch counterpart here yet.`);
    }
  }
}

function activationCall(l: LayerSpec, expr: string): string {
  const a = l.activation;
  if (l.kind === 'lstm' || l.kind === 'gru') {
    if (a && a !== 'tanh')
      throw new RecipeError(`Layer ${l.name} uses activation ${a}; the recipe mirrors tanh only.`);
    return expr;
  }
  if (l.isOutput && a === 'softmax') return expr; // logits out; softmax applied by the caller
  switch (a) {
    case undefined:
    case 'linear':
      return expr;
    case 'relu':
      return `F.relu(${expr})`;
    case 'tanh':
      return `torch.tanh(${expr})`;
    case 'sigmoid':
      return `torch.sigmoid(${expr})`;
    case 'softmax':
      return `torch.softmax(${expr}, dim=-1)`;
    default:
      throw new RecipeError(
        `Layer ${l.name} uses activation ${a}, which the recipe cannot mirror.`,
      );
  }
}

/** Python lines of the forward pass (body of Net.forward). */
function forwardLines(graph: NetGraph): string[] {
  const lines: string[] = [];
  let nchw = false;
  for (const l of graph.layers) {
    const attr = `self.${pyIdent(l.name)}`;
    const spatial = l.kind === 'conv2d' || l.kind === 'maxpool';
    if (spatial && !nchw) {
      lines.push('x = x.permute(0, 3, 1, 2)  # NHWC (TensorFlow.js) -> NCHW (torch)');
      nchw = true;
    } else if (!spatial && nchw) {
      lines.push('x = x.permute(0, 2, 3, 1)  # back to NHWC: TensorFlow.js flattens in this order');
      nchw = false;
    }
    let line: string;
    if (l.kind === 'flatten') line = 'x = x.flatten(1)';
    else if (l.kind === 'maxpool') line = `x = ${attr}(x)`;
    else line = `x = ${activationCall(l, `${attr}(x)`)}`;
    if (l.removable) {
      lines.push(`if ${pyStr(l.name)} not in self.skip:  # removed whole: identity`);
      line = `    ${line}`;
    }
    lines.push(line);
  }
  if (nchw) lines.push('x = x.permute(0, 2, 3, 1).flatten(1)');
  lines.push('return x  # logits');
  return lines;
}

/**
 * Python source of `class Net(nn.Module)` and the TENSORS table.
 * TENSORS rows: (app tensor key, TensorFlow.js weight name, layer kind, role, attribute, parameter).
 */
export function torchModelSource(graph: NetGraph): string {
  const init: string[] = [];
  for (const l of graph.layers) {
    const c = constructorOf(l);
    if (c) init.push(`        self.${pyIdent(l.name)} = ${c}`);
  }
  const rows = graph.layers.flatMap((l) =>
    l.tensors.map(
      (t) =>
        `    (${[t.key, tfjsWeightName(l.name, t.role), l.kind, t.role, pyIdent(l.name), torchParamName(l.kind, t.role)].map(pyStr).join(', ')}),`,
    ),
  );
  const out = graph.layers.find((l) => l.isOutput);
  const inShape = graph.inputShape.join(', ');
  return [
    '',
    '',
    'class Net(nn.Module):',
    `    """${graph.id}: input [batch, ${inShape}] as TensorFlow.js lays it out; returns logits [batch, ${graph.classes}]."""`,
    '',
    '    def __init__(self):',
    '        super().__init__()',
    '        self.skip = set()  # layers removed whole (replaced by identity)',
    ...init,
    '',
    '    def forward(self, x):',
    ...forwardLines(graph).map((s) => `        ${s}`),
    '',
    '',
    `OUTPUT_SOFTMAX = ${out?.activation === 'softmax' ? 'True' : 'False'}  # the app's output layer applies softmax`,
    '',
    '# (app tensor key, TensorFlow.js weight name, layer kind, role, module attribute, parameter)',
    'TENSORS = [',
    ...rows,
    ']',
    '',
    '',
    'def load_weights(model):',
    '    """Copies the trained, unpruned weights from model-dense/ into the torch model."""',
    '    weights = read_tfjs_weights(DENSE_MODEL)',
    '    with torch.no_grad():',
    '        for key, name, kind, role, attr, param in TENSORS:',
    '            getattr(getattr(model, attr), param).copy_(to_torch(kind, role, weights[name]))',
    '',
  ].join('\n');
}
