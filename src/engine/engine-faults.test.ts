/**
 * Faults at the engine level in Node on the cpu backend: a checkpoint with non-finite weights and a
 * matching checksum is refused naming the tensor while the current model stays; non-finite weights
 * are refused by setWeights; a lost context settles a running training at once with the weights of
 * the last snapshot; a Cancel sent while a run waits for the training split stops it; snapshots
 * cross as copies.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { emptyConfig } from '../core/index.ts';
import { findNonFinite } from '../core/finite.ts';
import type { WeightSet } from '../core/types.ts';
import { nodeSource } from '../data/node-source.ts';
import type { TrainOptions, TrainSnapshot } from './api.ts';
import { createEngine, type Engine, type EngineEvent } from './engine.ts';
import { engineErrorCode } from './errors.ts';
import { poisonableModels } from './fault-sources.ts';

const root = new URL('../../public/', import.meta.url);
const dataSource = nodeSource(new URL('data/', root));
const realModels = nodeSource(root);

const trainOpts: TrainOptions = {
  epochs: 1,
  batchSize: 32,
  learningRate: 1e-3,
  optimizer: 'sgd',
  seed: 2,
  fromScratch: false,
  maxBatches: 8,
  snapshotEvery: 2,
};

describe('engine faults (cpu backend)', () => {
  let engine: Engine;
  const models = poisonableModels();

  beforeAll(async () => {
    engine = createEngine({ data: dataSource, models: models.source });
    await engine.init('cpu');
    await engine.load('cnn', 'mnist');
  }, 120_000);

  it('a Cancel sent while the training split loads ends the run before its first batch', async () => {
    // A new engine: its load read the test split only, so the run starts by reading the rest.
    const fresh = createEngine({ data: dataSource, models: realModels });
    await fresh.init('cpu');
    await fresh.load('cnn', 'mnist');
    const before = await fresh.snapshot();
    const run = fresh.train(trainOpts, () => undefined);
    await new Promise((r) => setTimeout(r, 0));
    fresh.cancel();
    const r = await run;
    expect(r.cancelled).toBe(true);
    expect(r.history).toEqual([]);
    expect(await fresh.snapshot()).toEqual(before);
  }, 120_000);

  it('refuses a NaN checkpoint with a matching checksum, naming the tensor; the current model stays', async () => {
    const before = await engine.evaluate({}, 'preview');
    const weights = await engine.snapshot();
    models.poison();
    const err = await engine.load('lenet-300-100', 'mnist').catch((e: unknown) => e);
    expect(engineErrorCode(err)).toBe('non-finite-weights');
    expect((err as Error).message).toContain('fc2/kernel');
    expect((err as Error).message).not.toMatch(/npm/);
    expect(await engine.snapshot()).toEqual(weights);
    expect((await engine.evaluate({}, 'preview')).accuracy).toBe(before.accuracy);
  });

  it('with the network gone, a model switch fails with a visitor message and the current model stays', async () => {
    const weights = await engine.snapshot();
    models.offline(true);
    const err = await engine.load('lenet-300-100', 'mnist').catch((e: unknown) => e);
    models.offline(false);
    expect(engineErrorCode(err)).toBe('checkpoint');
    expect((err as Error).message).toMatch(/Check the network connection/);
    expect((err as Error).message).not.toMatch(/npm/);
    expect(await engine.snapshot()).toEqual(weights);
  });

  it('refuses non-finite weights in setWeights and keeps the current ones', async () => {
    const weights = await engine.snapshot();
    const bad: WeightSet = { ...weights, 'dense1/bias': weights['dense1/bias'].slice() };
    bad['dense1/bias'][3] = Infinity;
    const err = await engine.setWeights(bad).catch((e: unknown) => e);
    expect(engineErrorCode(err)).toBe('non-finite-weights');
    expect((err as Error).message).toContain('dense1/bias holds Infinity at index 3');
    expect(await engine.snapshot()).toEqual(weights);
  });

  it('a diverging run under a gradual schedule stops without an uncaught PruningError, weights back', async () => {
    const start = await engine.snapshot();
    const graph = (await engine.load('cnn', 'mnist')).graph;
    const r = await engine.train(
      {
        ...trainOpts,
        optimizer: 'adam',
        learningRate: 1e6,
        maxBatches: 40,
        gradual: {
          config: emptyConfig(graph),
          initialSparsity: 0,
          finalSparsity: 0.5,
          beginStep: 0,
          endStep: 40,
          frequency: 1,
          power: 3,
        },
      },
      () => undefined,
    );
    expect(r.stopped?.reason).toBe('diverged');
    expect(r.weights).toEqual(start);
    expect(await engine.snapshot()).toEqual(start);
  });

  it('hands snapshots as copies at the start and every 2 batches', async () => {
    const start = await engine.snapshot();
    const snaps: TrainSnapshot[] = [];
    const r = await engine.train(
      trainOpts,
      () => undefined,
      (s) => snaps.push(s),
    );
    expect(snaps.map((s) => s.done)).toEqual([0, 2, 4, 6]);
    expect(snaps[0].weights).toEqual(start);
    expect(r.stopped).toBeUndefined();
    expect(findNonFinite(r.weights)).toBeNull();
    await engine.setWeights(start);
  });
});

describe('an engine without a model', () => {
  it('refuses calls with EngineError no-model and a message naming the action', async () => {
    const engine = createEngine({ data: dataSource, models: realModels });
    const err = await engine.evaluate({}, 'preview').catch((e: unknown) => e);
    expect(engineErrorCode(err)).toBe('no-model');
    expect((err as Error).message).toMatch(/choose a model/);
  });
});

describe('a lost context during training', () => {
  it('settles the training at once with the last snapshot, and later calls are refused with a code', async () => {
    const engine = createEngine({ data: dataSource, models: realModels });
    await engine.init('cpu');
    await engine.load('cnn', 'mnist');
    const events: EngineEvent[] = [];
    engine.onEvent((e) => events.push(e));
    const snaps: TrainSnapshot[] = [];
    // Pausing at batch 5 stands in for a backend that stops answering: only the loss can end it.
    const training = engine.train(
      trainOpts,
      (p) => {
        if (p.done === 5) {
          engine.pause();
          setTimeout(() => engine.simulateContextLoss(), 10);
        }
      },
      (s) => snaps.push(s),
    );
    const r = await training;
    expect(r.stopped).toEqual({ reason: 'context-lost', lastBatch: 4 });
    expect(snaps.at(-1)!.done).toBe(4);
    expect(r.weights).toEqual(snaps.at(-1)!.weights);
    expect(r.history.at(-1)!.done).toBe(5);
    expect(events.map((e) => e.type)).toEqual(['context-lost']);
    const err = await engine.evaluate({}, 'preview').catch((e: unknown) => e);
    expect(engineErrorCode(err)).toBe('context-lost');
    expect(engineErrorCode(await engine.load('cnn', 'mnist').catch((e: unknown) => e))).toBe(
      'context-lost',
    );
  }, 120_000);
});
