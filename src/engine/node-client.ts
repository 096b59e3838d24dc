/**
 * An engine client over the real engine on the tfjs cpu backend in Node, reading the shipped data
 * and checkpoints from public/: what the store's and the experiments' tests run against.
 */
import { nodeSource } from '../data/node-source.ts';
import { createEngineClient, type EngineClient } from './client.ts';
import { createEngine, type Engine } from './engine.ts';

/** Starts an engine on the cpu backend and a client over it (no worker). */
export async function nodeEngineClient(): Promise<{ client: EngineClient; engine: Engine }> {
  const root = new URL('../../public/', import.meta.url);
  const engine = createEngine({
    data: nodeSource(new URL('data/', root)),
    models: nodeSource(root),
  });
  await engine.init('cpu');
  return { client: createEngineClient({ kind: 'direct', engine }), engine };
}
