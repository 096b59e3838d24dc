/**
 * Pretrained checkpoints in public/models/:
 * - `manifest.json`: `{ format: 1, entries: CheckpointEntry[] }`, no timestamps (deterministic);
 * - `<model>-<dataset>/weights.bin`: every weight tensor as float32 little-endian, concatenated in
 *   graph tensor order (describeGraph order: layer by layer, kernel, recurrentKernel, bias), each at
 *   the byte offset listed in the entry.
 * The initial weights of the run are not stored: they are initialWeights(graph, seed), regenerated
 * in plain JavaScript and checked against the entry's `initChecksum`.
 */
import { describeNonFinite, findNonFinite } from '../core/finite.ts';
import type { NetGraph, WeightSet } from '../core/types.ts';
import type { DatasetId } from '../data/types.ts';
import { MODELS_DIR, type ModelId } from '../data/models.ts';
import { describeGraph, graphTensors, initialWeights } from './zoo.ts';

/** Reads one file below the site root by relative path, e.g. 'models/manifest.json'. */
export type CheckpointSource = (path: string) => Promise<ArrayBuffer>;

export const CHECKPOINT_FORMAT = 1;

/** Why a checkpoint was refused. */
export type CheckpointErrorCode =
  | 'missing' // no checkpoint listed for the pair
  | 'bad-manifest' // manifest.json unreadable or of another format
  | 'checksum' // weights.bin does not match the manifest (size or checksum)
  | 'shape' // a tensor missing, shaped differently, or the file too short
  | 'non-finite-weights' // a weight is NaN or ±Infinity (even with a matching checksum)
  | 'initial-weights'; // the run's initial weights cannot be regenerated from its seed

/**
 * A checkpoint that cannot be used. `tensor` names the offending tensor when one is to blame
 * (code 'non-finite-weights' and 'shape'). The message is for developers and logs.
 */
export class CheckpointError extends Error {
  readonly code: CheckpointErrorCode;
  readonly tensor: string | undefined;

  constructor(code: CheckpointErrorCode, message: string, tensor?: string) {
    super(message);
    this.name = 'CheckpointError';
    this.code = code;
    this.tensor = tensor;
  }
}

/** One tensor inside weights.bin. */
export interface CheckpointTensor {
  key: string;
  shape: number[];
  /** Byte offset in weights.bin. */
  offset: number;
}

/** One pretrained model × dataset. */
export interface CheckpointEntry {
  model: ModelId;
  dataset: DatasetId;
  /** Path of the weights file relative to the site root, e.g. 'models/cnn-mnist/weights.bin'. */
  weightsFile: string;
  /** Size of weights.bin in bytes. */
  bytes: number;
  tensors: CheckpointTensor[];
  /** Accuracy on the full test split, 0..1. */
  testAccuracy: number;
  testLoss: number;
  epochs: number;
  batchSize: number;
  optimizer: 'adam' | 'sgd';
  /** Learning rate per epoch, in order. */
  learningRates: number[];
  seed: number;
  /** Training examples seen per epoch. */
  trainExamples: number;
  /** FNV-1a 32 (8 hex digits) of the weights file and of the regenerated initial weights. */
  checksum: string;
  initChecksum: string;
}

export interface CheckpointManifest {
  format: number;
  entries: CheckpointEntry[];
}

/** FNV-1a 32 over bytes, as 8 hex digits. */
export function fnv1aHex(bytes: Uint8Array): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i];
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * Packs weights in graph tensor order into one float32 little-endian buffer.
 * @throws when a tensor is missing or has the wrong length
 */
export function packWeights(
  graph: NetGraph,
  weights: WeightSet,
): { bytes: Uint8Array; tensors: CheckpointTensor[] } {
  const specs = graphTensors(graph);
  const total = specs.reduce((a, t) => a + t.shape.reduce((p, d) => p * d, 1), 0);
  const bytes = new Uint8Array(total * 4);
  const view = new DataView(bytes.buffer);
  const tensors: CheckpointTensor[] = [];
  let offset = 0;
  for (const t of specs) {
    const w = weights[t.key];
    const size = t.shape.reduce((p, d) => p * d, 1);
    if (!w || w.length !== size)
      throw new Error(`${t.key}: expected ${size} values, got ${w?.length ?? 0}`);
    tensors.push({ key: t.key, shape: t.shape.slice(), offset });
    for (let i = 0; i < size; i++) view.setFloat32(offset + i * 4, w[i], true);
    offset += size * 4;
  }
  return { bytes, tensors };
}

/**
 * Unpacks a weights file against the graph: every graph tensor must be listed with its shape.
 * @throws when the file is too short or a tensor is missing or shaped differently
 */
export function unpackWeights(
  graph: NetGraph,
  buffer: ArrayBuffer,
  tensors: CheckpointTensor[],
): WeightSet {
  const view = new DataView(buffer);
  const byKey = new Map(tensors.map((t) => [t.key, t]));
  const out: WeightSet = {};
  for (const spec of graphTensors(graph)) {
    const t = byKey.get(spec.key);
    if (!t || t.shape.join(',') !== spec.shape.join(',')) {
      throw new CheckpointError(
        'shape',
        `checkpoint tensor ${spec.key} missing or not shaped [${spec.shape.join(', ')}]`,
        spec.key,
      );
    }
    const size = spec.shape.reduce((p, d) => p * d, 1);
    if (t.offset + size * 4 > buffer.byteLength)
      throw new CheckpointError('shape', `checkpoint file too short for ${spec.key}`, spec.key);
    const w = new Float32Array(size);
    for (let i = 0; i < size; i++) w[i] = view.getFloat32(t.offset + i * 4, true);
    out[spec.key] = w;
  }
  return out;
}

/** Parses manifest.json text; throws CheckpointError 'bad-manifest' on text that is not one. */
export function parseCheckpointManifest(text: string): CheckpointManifest {
  let m: CheckpointManifest;
  try {
    m = JSON.parse(text) as CheckpointManifest;
  } catch {
    throw new CheckpointError('bad-manifest', 'models/manifest.json is not JSON');
  }
  if (
    typeof m !== 'object' ||
    m === null ||
    m.format !== CHECKPOINT_FORMAT ||
    !Array.isArray(m.entries)
  ) {
    throw new CheckpointError(
      'bad-manifest',
      `models/manifest.json: unsupported format ${String(m?.format)}`,
    );
  }
  return m;
}

/**
 * Loads a pretrained checkpoint: reads `models/manifest.json` and the weights file through `source`,
 * checks the checksum, and regenerates the run's initial weights from its seed.
 * @returns weights and initial weights as WeightSets in TF layouts, and the manifest entry
 * @throws CheckpointError when there is no checkpoint for the pair, the file does not match the
 *   manifest, or a weight is not finite ('non-finite-weights', naming the tensor)
 */
export async function loadCheckpoint(
  source: CheckpointSource,
  modelId: ModelId,
  datasetId: DatasetId,
): Promise<{ weights: WeightSet; initial: WeightSet; entry: CheckpointEntry }> {
  const text = new TextDecoder().decode(await source(`${MODELS_DIR}/manifest.json`));
  const manifest = parseCheckpointManifest(text);
  const entry = manifest.entries.find((e) => e.model === modelId && e.dataset === datasetId);
  if (!entry)
    throw new CheckpointError('missing', `no pretrained checkpoint for ${modelId} on ${datasetId}`);
  const buffer = await source(entry.weightsFile);
  if (buffer.byteLength !== entry.bytes || fnv1aHex(new Uint8Array(buffer)) !== entry.checksum) {
    throw new CheckpointError(
      'checksum',
      `${entry.weightsFile} does not match models/manifest.json (size or checksum)`,
    );
  }
  const graph = describeGraph(modelId, datasetId);
  const weights = unpackWeights(graph, buffer, entry.tensors);
  const bad = findNonFinite(weights);
  if (bad) {
    throw new CheckpointError(
      'non-finite-weights',
      `${entry.weightsFile} is refused: ${describeNonFinite(bad)}; every weight must be a finite number.`,
      bad.key,
    );
  }
  const initial = initialWeights(graph, entry.seed);
  if (fnv1aHex(packWeights(graph, initial).bytes) !== entry.initChecksum) {
    throw new CheckpointError(
      'initial-weights',
      `initial weights of ${modelId}-${datasetId} cannot be regenerated from seed ${entry.seed}`,
    );
  }
  return { weights, initial, entry };
}
