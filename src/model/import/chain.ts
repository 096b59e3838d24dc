/**
 * A functional (Model / Functional) topology read as a chain: every layer must take exactly the
 * previous layer's output, one input and one output, or the model is refused as branching.
 */
import { ImportError } from './errors.ts';
import { isObject, type Json } from './json.ts';

/** Names of the layers a functional layer reads (Keras 2 inbound_nodes and Keras 3 args forms). */
function inboundNames(raw: Json): string[] {
  const nodes = Array.isArray(raw.inbound_nodes) ? raw.inbound_nodes : [];
  const names: string[] = [];
  const visit = (x: unknown): void => {
    if (Array.isArray(x)) {
      if (typeof x[0] === 'string' && x.length >= 3 && typeof x[1] === 'number') names.push(x[0]);
      else x.forEach(visit);
    } else if (isObject(x)) {
      const hist = x.keras_history;
      if (Array.isArray(hist) && typeof hist[0] === 'string') names.push(hist[0]);
      else Object.values(x).forEach(visit);
    }
  };
  visit(nodes);
  return names;
}

function branches(message: string, subject: string): ImportError {
  return new ImportError('functional-branches', message, subject);
}

/**
 * The layers of a functional model in chain order, or refuses it ('functional-branches').
 * @param layers the raw layer list of the model config
 * @param cfg the model config (input_layers / output_layers)
 */
export function chainOrder(layers: Json[], cfg: Json): Json[] {
  const nameOf = (l: Json): string => {
    const c = isObject(l.config) ? l.config : {};
    return String(l.name ?? c.name ?? '');
  };
  const outs = Array.isArray(cfg.output_layers) ? cfg.output_layers : [];
  const ins = Array.isArray(cfg.input_layers) ? cfg.input_layers : [];
  const many = (x: unknown[]): boolean => x.length > 1 && Array.isArray(x[0]);
  if (many(outs) || many(ins)) {
    throw branches(
      'This functional model has several inputs or outputs. Only a single chain of layers (a Sequential model, or a functional model without branches) is supported.',
      'model.json',
    );
  }
  const readers = new Map<string, number>();
  for (const l of layers) {
    const from = inboundNames(l);
    const name = nameOf(l);
    if (from.length > 1) {
      throw branches(
        `Layer ${name} merges ${from.length} inputs (${from.join(', ')}). Only a single chain of layers without branches is supported.`,
        name,
      );
    }
    for (const f of from) readers.set(f, (readers.get(f) ?? 0) + 1);
  }
  for (const [name, n] of readers) {
    if (n > 1) {
      throw branches(
        `The output of layer ${name} feeds ${n} layers. Only a single chain of layers without branches is supported.`,
        name,
      );
    }
  }
  // Follow the chain from the layer that reads nothing.
  const byInput = new Map<string, Json>();
  let start: Json | undefined;
  for (const l of layers) {
    const from = inboundNames(l);
    if (from.length === 0) start = start ?? l;
    else byInput.set(from[0], l);
  }
  const order: Json[] = [];
  for (let l = start; l; l = byInput.get(nameOf(l))) order.push(l);
  if (order.length !== layers.length) {
    throw branches('The layers of this functional model do not form one chain.', 'model.json');
  }
  return order;
}
