/**
 * Sources of the shipped checkpoints with faults to switch on, for tests in Node: a checkpoint
 * whose weights hold NaN under a matching checksum, and a network that is gone.
 */
import { nodeSource } from '../data/node-source.ts';
import type { DataSource } from '../data/source.ts';
import { fnv1aHex, parseCheckpointManifest } from '../model/checkpoint.ts';

const realModels = nodeSource(new URL('../../public/', import.meta.url));

/**
 * The shipped models (paths relative to public/, e.g. 'models/manifest.json') with, once
 * `poison()` is called, the lenet-300-100/mnist weights holding NaN at fc2/kernel[7] and the
 * manifest's checksum updated to match; `offline(true)` makes every read fail as a fetch would.
 */
export function poisonableModels(): {
  source: DataSource;
  poison: () => void;
  offline: (on: boolean) => void;
} {
  let poisoned = false;
  let down = false;
  const source: DataSource = async (path) => {
    if (down) throw new TypeError('Failed to fetch');
    if (!poisoned) return realModels(path);
    const manifest = parseCheckpointManifest(
      new TextDecoder().decode(await realModels('models/manifest.json')),
    );
    const entry = manifest.entries.find(
      (e) => e.model === 'lenet-300-100' && e.dataset === 'mnist',
    )!;
    const bytes = new Uint8Array((await realModels(entry.weightsFile)).slice(0));
    const t = entry.tensors.find((x) => x.key === 'fc2/kernel')!;
    new DataView(bytes.buffer).setFloat32(t.offset + 7 * 4, NaN, true);
    entry.checksum = fnv1aHex(bytes);
    if (path === entry.weightsFile) return bytes.buffer;
    if (path === 'models/manifest.json')
      return new TextEncoder().encode(JSON.stringify(manifest)).buffer as ArrayBuffer;
    return realModels(path);
  };
  return { source, poison: () => (poisoned = true), offline: (on) => (down = on) };
}
