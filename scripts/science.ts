/**
 * Checks the science on the shipped demo models, in Node on the tfjs cpu backend, through the same
 * engine the app uses, and prints the tables quoted in README.md:
 *   - per-layer vs global magnitude vs random, and structured vs unstructured, on the cnn (MNIST);
 *   - LeNet-300-100 at 92% sparsity, one-shot, then fine-tuned with the masks held (Han et al. 2015);
 *   - one-shot + fine-tune vs gradual (polynomial) pruning to 80% for the same number of batches.
 * Usage: npx tsx scripts/science.ts [--quick]
 */
import { computeMasks, emptyConfig, networkMetrics, setGlobalSparsity } from '../src/core/index.ts';
import type { MethodId, PruningConfig } from '../src/core/types.ts';
import { nodeSource } from '../src/data/node-source.ts';
import type { LoadResult } from '../src/engine/api.ts';
import { createEngine, type Engine } from '../src/engine/engine.ts';

const root = new URL('../public/', import.meta.url);
const quick = process.argv.includes('--quick');

function pct(v: number): string {
  return `${(v * 100).toFixed(1)}%`;
}

function uniform(loaded: LoadResult, method: MethodId, sparsity: number): PruningConfig {
  return setGlobalSparsity({ ...emptyConfig(loaded.graph), method }, sparsity);
}

async function accuracy(
  engine: Engine,
  loaded: LoadResult,
  config: PruningConfig,
): Promise<[number, number]> {
  const masks = computeMasks(loaded.graph, loaded.weights, config);
  const r = await engine.evaluate(masks, 'full');
  return [r.accuracy, networkMetrics(loaded.graph, masks).total.weightSparsity];
}

async function fineTune(
  engine: Engine,
  loaded: LoadResult,
  config: PruningConfig,
  batches: number,
): Promise<number> {
  const masks = computeMasks(loaded.graph, loaded.weights, config);
  await engine.train(
    {
      epochs: 50,
      batchSize: 64,
      learningRate: 1e-3,
      optimizer: 'adam',
      seed: 7,
      fromScratch: false,
      masks,
      maxBatches: batches,
    },
    () => undefined,
  );
  const r = await engine.evaluate(masks, 'full');
  await engine.setWeights(loaded.weights);
  return r.accuracy;
}

async function main(): Promise<void> {
  const engine = createEngine({
    data: nodeSource(new URL('data/', root)),
    models: nodeSource(root),
  });
  await engine.init('cpu');

  const cnn = await engine.load('cnn', 'mnist');
  console.log(
    `cnn on MNIST, unpruned ${pct((await engine.evaluate({}, 'full')).accuracy)} (full test set, 2,000)`,
  );
  console.log('| sparsity | magnitude, per layer | magnitude, global | random | structured L1 |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const s of quick ? [0.5, 0.9] : [0.5, 0.7, 0.8, 0.9, 0.95]) {
    const cells: string[] = [];
    for (const m of ['magnitude', 'global-magnitude', 'random', 'l1-structured'] as MethodId[]) {
      const [acc, got] = await accuracy(engine, cnn, uniform(cnn, m, s));
      cells.push(Math.abs(got - s) > 0.01 ? `${pct(acc)} (${pct(got)} pruned)` : pct(acc));
    }
    console.log(`| ${pct(s)} | ${cells.join(' | ')} |`);
  }

  const batches = quick ? 20 : 125;
  const target = 0.8;
  const oneShot = await fineTune(engine, cnn, uniform(cnn, 'magnitude', target), batches);
  const gradualCfg = uniform(cnn, 'magnitude', 0);
  const g = await engine.train(
    {
      epochs: 50,
      batchSize: 64,
      learningRate: 1e-3,
      optimizer: 'adam',
      seed: 7,
      fromScratch: false,
      maxBatches: batches,
      gradual: {
        config: gradualCfg,
        initialSparsity: 0,
        finalSparsity: target,
        beginStep: 0,
        endStep: Math.round(batches * 0.7),
        frequency: Math.max(1, Math.round(batches / 10)),
        power: 3,
      },
    },
    () => undefined,
  );
  const gradual = await engine.evaluate(g.masks ?? {}, 'full');
  await engine.setWeights(cnn.weights);
  console.log(
    `\ncnn, ${pct(target)} magnitude, ${batches} batches of 64: one-shot then fine-tuned ${pct(oneShot)}; gradual (polynomial, power 3) ${pct(gradual.accuracy)} at ${pct(networkMetrics(cnn.graph, g.masks ?? {}).total.weightSparsity)} pruned`,
  );

  const lenet = await engine.load('lenet-300-100', 'mnist');
  const base = (await engine.evaluate({}, 'full')).accuracy;
  const s92 = 0.92;
  const [perLayer] = await accuracy(engine, lenet, uniform(lenet, 'magnitude', s92));
  const [global] = await accuracy(engine, lenet, uniform(lenet, 'global-magnitude', s92));
  const tuned = await fineTune(
    engine,
    lenet,
    uniform(lenet, 'global-magnitude', s92),
    quick ? 30 : 250,
  );
  console.log(
    `\nlenet-300-100 on MNIST, unpruned ${pct(base)}; at 92% sparsity: per-layer magnitude ${pct(perLayer)}, global magnitude ${pct(global)}, global then fine-tuned ${quick ? 30 : 250} batches ${pct(tuned)}`,
  );
}

void main();
