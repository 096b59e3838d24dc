/**
 * The model part of the PyTorch recipe: a torch.nn.Module mirroring the sequential network
 * (same layer names as attributes), the table that maps every TensorFlow.js weight to its torch
 * parameter, and the forward pass. Tensors stay in TensorFlow.js's NHWC order between layers
 * except around convolutions and pooling, which run in NCHW; the map is permuted back to NHWC
 * before Flatten, so dense rows keep TensorFlow.js's order (p*C + c) and logits match.
 */
import type { NetGraph } from '../types.ts';
import { torchParamName } from './layout.ts';
import { pyIdent, pyStr, tfjsWeightName } from './python.ts';
import { layoutOf, torchActivation, torchConstructor } from './torch-layers.ts';

export { RecipeError } from './torch-layers.ts';

/** An activation layer after the output layer (the classifier's own activation, e.g. softmax). */
function afterOutput(graph: NetGraph, i: number): boolean {
  return graph.layers.slice(0, i).some((l) => l.isOutput);
}

/** Softmax at the output, on the output layer or an Activation after it: the logits come before it. */
export function outputSoftmax(graph: NetGraph): boolean {
  return graph.layers.some(
    (l, i) =>
      l.activation === 'softmax' &&
      (l.isOutput || (l.kind === 'activation' && afterOutput(graph, i))),
  );
}

/** `expr` through the layer's activation (none on the output's softmax: logits out). */
function activationCall(graph: NetGraph, i: number, expr: string): string {
  const l = graph.layers[i];
  const a = l.activation;
  if (a === undefined || a === 'linear') return expr;
  if (a === 'softmax' && (l.isOutput || afterOutput(graph, i))) return expr;
  return `${torchActivation(l, a)}(${expr})`;
}

/** The Python statement of one layer in the forward pass (null: nothing to do at inference). */
function layerLine(graph: NetGraph, i: number): string | null {
  const l = graph.layers[i];
  const attr = `self.${pyIdent(l.name)}`;
  switch (l.kind) {
    case 'flatten':
      return 'x = x.flatten(1)';
    case 'reshape':
      return `x = x.reshape(x.shape[0], ${l.outputShape.join(', ')})`;
    case 'dropout':
      return null;
    case 'activation': {
      const line = activationCall(graph, i, 'x');
      return line === 'x' ? null : `x = ${line}`;
    }
    case 'maxpool':
    case 'avgpool':
    case 'batchnorm':
    case 'lstm':
    case 'gru':
    case 'simplernn': // the recurrent module applies its activation itself
      return `x = ${attr}(x)`;
    default:
      return `x = ${activationCall(graph, i, `${attr}(x)`)}`;
  }
}

/** Python lines of the forward pass (body of Net.forward). */
function forwardLines(graph: NetGraph): string[] {
  const lines: string[] = [];
  let nchw = false;
  graph.layers.forEach((l, i) => {
    const layout = layoutOf(l.kind);
    if (layout === 'spatial' && !nchw) {
      lines.push('x = x.permute(0, 3, 1, 2)  # NHWC (TensorFlow.js) -> NCHW (torch)');
      nchw = true;
    } else if (layout === 'last' && nchw) {
      lines.push(
        'x = x.permute(0, 2, 3, 1)  # back to NHWC (channels last), as TensorFlow.js lays it out',
      );
      nchw = false;
    }
    const line = layerLine(graph, i);
    if (line === null) {
      lines.push(`# ${l.name}: ${l.kind}, identity at inference`);
      return;
    }
    if (l.removable) {
      lines.push(`if ${pyStr(l.name)} not in self.skip:  # removed whole: identity`);
      lines.push(`    ${line}`);
    } else lines.push(line);
  });
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
    const c = torchConstructor(l);
    if (c) init.push(`        self.${pyIdent(l.name)} = ${c}`);
  }
  const rows = graph.layers.flatMap((l) =>
    l.tensors.map(
      (t) =>
        `    (${[t.key, tfjsWeightName(l.name, t.role), l.kind, t.role, pyIdent(l.name), torchParamName(l.kind, t.role, t.shape.length)].map(pyStr).join(', ')}),`,
    ),
  );
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
    `OUTPUT_SOFTMAX = ${outputSoftmax(graph) ? 'True' : 'False'}  # the app's output applies softmax`,
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
