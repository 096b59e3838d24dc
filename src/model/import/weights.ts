/**
 * The second step of an import: the weight shards read into a WeightSet by the plan of planImport,
 * with every byte count and value checked. Plain TypedArrays, no tensors.
 */
import type { WeightSet } from '../../core/types.ts';
import { ImportError } from './errors.ts';
import type { ImportPlan } from './topology.ts';

/** The file name part of a path ('./a/group1-shard1of1.bin' -> 'group1-shard1of1.bin'). */
export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** The shards of one group joined, naming the first missing file. */
function joinShards(paths: string[], files: Record<string, ArrayBuffer>): Uint8Array {
  const byBase = new Map(Object.entries(files).map(([k, v]) => [baseName(k), v]));
  const parts = paths.map((p) => {
    const buf = byBase.get(baseName(p));
    if (!buf) {
      throw new ImportError(
        'missing-weights-file',
        `The weight file ${baseName(p)} listed in model.json was not given. Open model.json together with all its .bin files (${paths.map(baseName).join(', ')}).`,
        baseName(p),
      );
    }
    return new Uint8Array(buf);
  });
  const total = parts.reduce((a, b) => a + b.length, 0);
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.length;
  }
  return bytes;
}

function checkFinite(name: string, data: Float32Array): void {
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      throw new ImportError(
        'bad-weights',
        `Weight ${name} holds ${Number.isNaN(data[i]) ? 'NaN' : 'Infinity'} (at entry ${i}). The model diverged or its file is damaged; export it again from a trained model.`,
        name,
      );
    }
  }
}

/**
 * Reads every weight of the plan from the given files.
 * @param files shard bytes by file name (a path is matched by its base name)
 * @returns Float32Arrays by tensor key, TF.js layouts; BatchNormalization tensors the model leaves
 *   out (center / scale off) filled with 0 / 1
 * @throws ImportError 'missing-weights-file', 'short-weights-file' (naming the shard where the
 *   bytes run out), 'bad-weights' (NaN / Infinity, naming the tensor)
 */
export function readWeights(plan: ImportPlan, files: Record<string, ArrayBuffer>): WeightSet {
  const out: WeightSet = {};
  for (const g of plan.groups) {
    const bytes = joinShards(g.paths, files);
    const need = g.entries.reduce((a, e) => a + e.bytes, 0);
    if (bytes.length < need) {
      // Shards are filled in order, so the bytes run out in the last one.
      const shard = baseName(g.paths[g.paths.length - 1]);
      throw new ImportError(
        'short-weights-file',
        `The weight file ${shard} is too short: model.json lists ${need} bytes of weights in ${g.paths.map(baseName).join(', ')}, the files hold ${bytes.length}. The file is incomplete; save or download it again.`,
        shard,
      );
    }
    let at = 0;
    for (const e of g.entries) {
      if (e.key) {
        const data = new Float32Array(e.bytes / 4);
        new Uint8Array(data.buffer).set(bytes.subarray(at, at + e.bytes));
        checkFinite(e.name, data);
        out[e.key] = data;
      }
      at += e.bytes;
    }
  }
  for (const [key, v] of Object.entries(plan.defaults)) {
    const spec = plan.graph.layers.flatMap((l) => l.tensors).find((t) => t.key === key);
    if (spec) out[key] = new Float32Array(spec.shape.reduce((a, b) => a * b, 1)).fill(v);
  }
  return out;
}
