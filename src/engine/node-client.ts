/**
 * An engine client over the real engine on the tfjs cpu backend in Node, reading the shipped data
 * and checkpoints from public/: what the store's and the experiments' tests run against.
 */
import { nodeSource } from '../data/node-source.ts';
import { createEngineClient, type EngineClient } from './client.ts';
import { createEngine, type Engine, type EngineSources } from './engine.ts';

/**
 * Starts an engine on the cpu backend and a client over it (no worker).
 * @param sources replaces the shipped data or checkpoints (e.g. a source with faults)
 */
export async function nodeEngineClient(
  sources: Partial<EngineSources> = {},
): Promise<{ client: EngineClient; engine: Engine }> {
  const root = new URL('../../public/', import.meta.url);
  const engine = createEngine({
    data: nodeSource(new URL('data/', root)),
    models: nodeSource(root),
    ...sources,
  });
  await engine.init('cpu');
  return { client: createEngineClient({ kind: 'direct', engine }), engine };
}
