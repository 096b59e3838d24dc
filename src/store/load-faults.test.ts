/**
 * A model switch that fails, against the real engine on the cpu backend: a checkpoint with NaN
 * weights under a matching checksum is refused naming the tensor, and with the network gone the
 * switch fails with a message a visitor can act on. Either way the model on screen stays as it was,
 * its accuracy readout still its own, and it keeps working.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { poisonableModels } from '../engine/fault-sources.ts';
import { nodeEngineClient } from '../engine/node-client.ts';
import { loadModel, setClient, setGlobal } from './actions.ts';
import { useApp } from './index.ts';
import { selectAccuracy } from './selectors.ts';
import { settledAccuracy } from './test-helpers.ts';

const state = () => useApp.getState();
const models = poisonableModels();

describe('a failed model switch keeps the model on screen (real engine, cpu)', () => {
  beforeAll(async () => {
    setClient((await nodeEngineClient({ models: models.source })).client);
    await loadModel('cnn', 'mnist');
    setGlobal(0.5);
    await settledAccuracy();
  }, 120_000);

  it('refuses a NaN checkpoint naming the tensor; the cnn stays, its accuracy its own', async () => {
    const before = await settledAccuracy();
    const { weights, config, maskVersion } = state();
    models.poison();
    await loadModel('lenet-300-100', 'mnist');
    const s = state();
    expect(s.modelId).toBe('cnn');
    expect(s.status).toBe('ready');
    expect(s.weights).toBe(weights);
    expect(s.config).toEqual(config);
    expect(s.maskVersion).toBe(maskVersion);
    const alert = s.notices.at(-1);
    expect(alert?.kind).toBe('error');
    expect(alert?.text).toMatch(/lenet-300-100 model for mnist was refused/);
    expect(alert?.text).toContain('fc2/kernel');
    expect(alert?.text).not.toMatch(/npm/);
    expect(selectAccuracy(s)).toMatchObject({ state: 'current', accuracy: before });
    // The model on screen still works: a slider move is evaluated on it.
    setGlobal(0.7);
    expect(await settledAccuracy()).not.toBe(before);
  }, 120_000);

  it('with the network gone, the switch says to check the connection; the cnn stays', async () => {
    const before = await settledAccuracy();
    models.offline(true);
    await loadModel('lenet-300-100', 'mnist');
    models.offline(false);
    const s = state();
    expect(s.modelId).toBe('cnn');
    expect(s.status).toBe('ready');
    expect(s.notices.at(-1)?.text).toMatch(/Check the network connection/);
    expect(s.notices.at(-1)?.text).not.toMatch(/npm/);
    expect(selectAccuracy(s)).toMatchObject({ state: 'current', accuracy: before });
  }, 120_000);
});
