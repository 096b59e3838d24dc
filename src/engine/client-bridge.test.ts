/**
 * The client over a comlink bridge, as in the browser's worker, with the real engine (cpu) on the
 * other end of a MessageChannel: callbacks cross as proxies, so training progress comes back.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { expose } from 'comlink';
import type { TrainProgress } from './api.ts';
import { createEngineClient } from './client.ts';
import { nodeEngineClient } from './node-client.ts';
import { fineTune } from './test-support.ts';

describe('engine client over a message channel (real engine, cpu)', () => {
  const channel = new MessageChannel();
  afterAll(() => {
    channel.port1.close();
    channel.port2.close();
  });

  it('trains one batch and the progress callback is called across the bridge', async () => {
    const { engine } = await nodeEngineClient();
    expose(engine, channel.port1);
    // A MessagePort speaks the same postMessage / message-event protocol as a Worker.
    const client = createEngineClient({
      kind: 'worker',
      create: () => channel.port2 as unknown as Worker,
    });
    await client.call('load', ['lenet-300-100', 'mnist'], { priority: 'interactive', sets: 1 });
    const seen: TrainProgress[] = [];
    const r = await client.value(
      'train',
      'interactive',
      fineTune({ masks: {}, maxBatches: 1, reportEvery: 1 }),
      (p) => seen.push(p),
    );
    expect(r.history).toHaveLength(1);
    await expect.poll(() => seen.length).toBe(1);
    expect(seen[0]!.done).toBe(1);
  }, 180_000);
});
