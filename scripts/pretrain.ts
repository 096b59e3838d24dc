/**
 * Pretrains every zoo model on every dataset it fits, in Node on the tfjs cpu backend (pure
 * JavaScript), from fixed seeds, and writes checkpoints to public/models/ (see
 * src/model/checkpoint.ts for the format). Each checkpoint is written as soon as its run ends and
 * the manifest is updated in place, so runs can go in separate processes.
 *
 *   npm run pretrain                      # every pair in PLAN order
 *   npm run pretrain -- cnn mnist         # one model (and optionally one dataset)
 *   npm run pretrain -- lstm --epochs 2   # shorter run, e.g. to try the script
 */
import { mkdir, readFile, rename, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '../src/model/tf.ts';
import { loadDataset, loadManifest } from '../src/data/index.ts';
import { nodeSource } from '../src/data/node-source.ts';
import type { Dataset, DatasetId } from '../src/data/types.ts';
import { MODELS_DIR } from '../src/data/models.ts';
import type { ModelId } from '../src/engine/api.ts';
import {
  CHECKPOINT_FORMAT,
  fnv1aHex,
  packWeights,
  parseCheckpointManifest,
  type CheckpointEntry,
  type CheckpointManifest,
} from '../src/model/checkpoint.ts';
import { installFastCpuKernels } from '../src/model/cpu-kernels.ts';
import { evaluateModel } from '../src/model/evaluate.ts';
import { trainModel } from '../src/model/train.ts';
import { MODEL_IDS, buildModel, describeGraph, initialWeights } from '../src/model/zoo.ts';

/** One pretraining run: epochs, batch size and an exponentially decaying Adam learning rate. */
interface Plan {
  model: ModelId;
  dataset: DatasetId;
  epochs: number;
  batchSize: number;
  lr: number;
  /** Learning rate multiplier per epoch. */
  decay: number;
  seed: number;
}

/** Runs in priority order (the cnn on MNIST gates the app's first screen). */
const PLAN: Plan[] = [
  { model: 'cnn', dataset: 'mnist', epochs: 24, batchSize: 64, lr: 2e-3, decay: 0.87, seed: 1 },
  {
    model: 'lenet-300-100',
    dataset: 'mnist',
    epochs: 20,
    batchSize: 64,
    lr: 1e-3,
    decay: 0.85,
    seed: 1,
  },
  { model: 'lstm', dataset: 'waves', epochs: 24, batchSize: 64, lr: 3e-3, decay: 0.9, seed: 1 },
  { model: 'gru', dataset: 'waves', epochs: 24, batchSize: 64, lr: 3e-3, decay: 0.9, seed: 1 },
  { model: 'lstm', dataset: 'mnist', epochs: 18, batchSize: 64, lr: 3e-3, decay: 0.87, seed: 1 },
  { model: 'gru', dataset: 'mnist', epochs: 15, batchSize: 64, lr: 3e-3, decay: 0.85, seed: 1 },
  { model: 'cnn', dataset: 'fashion', epochs: 10, batchSize: 64, lr: 2e-3, decay: 0.8, seed: 1 },
  {
    model: 'lenet-300-100',
    dataset: 'fashion',
    epochs: 10,
    batchSize: 64,
    lr: 1e-3,
    decay: 0.8,
    seed: 1,
  },
  { model: 'lstm', dataset: 'fashion', epochs: 6, batchSize: 64, lr: 3e-3, decay: 0.7, seed: 1 },
  { model: 'gru', dataset: 'fashion', epochs: 6, batchSize: 64, lr: 3e-3, decay: 0.7, seed: 1 },
];

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const PUBLIC = join(ROOT, 'public');
const MANIFEST = join(PUBLIC, MODELS_DIR, 'manifest.json');
const LOCK = join(PUBLIC, MODELS_DIR, '.manifest.lock');

function parseArgs(argv: string[]): { model?: ModelId; dataset?: DatasetId; epochs?: number } {
  const out: { model?: ModelId; dataset?: DatasetId; epochs?: number } = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--epochs') out.epochs = Number(argv[++i]);
    else if ((MODEL_IDS as string[]).includes(a)) out.model = a as ModelId;
    else if (a === 'mnist' || a === 'fashion' || a === 'waves') out.dataset = a;
    else throw new Error(`unknown argument ${a}; usage: pretrain [model] [dataset] [--epochs n]`);
  }
  return out;
}

async function withManifestLock<T>(fn: () => Promise<T>): Promise<T> {
  for (let tries = 0; ; tries++) {
    try {
      await mkdir(LOCK);
      break;
    } catch {
      if (tries > 600) throw new Error(`could not take ${LOCK}; remove it if no pretraining runs`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    return await fn();
  } finally {
    await rmdir(LOCK);
  }
}

/** Adds or replaces one entry, keeping the manifest sorted in PLAN order. Atomic write. */
async function recordEntry(entry: CheckpointEntry): Promise<void> {
  await withManifestLock(async () => {
    let manifest: CheckpointManifest = { format: CHECKPOINT_FORMAT, entries: [] };
    try {
      manifest = parseCheckpointManifest(await readFile(MANIFEST, 'utf8'));
    } catch {
      // first checkpoint
    }
    const rank = (e: CheckpointEntry): number =>
      PLAN.findIndex((p) => p.model === e.model && p.dataset === e.dataset);
    manifest.entries = manifest.entries
      .filter((e) => !(e.model === entry.model && e.dataset === entry.dataset))
      .concat(entry)
      .sort((a, b) => rank(a) - rank(b));
    const tmp = `${MANIFEST}.tmp-${process.pid}`;
    // Pretty JSON with number arrays (shapes, learning rates) kept on one line.
    const text = JSON.stringify(manifest, null, 2).replace(
      /\[\s*([-\d.e,\s]*?)\s*\]/g,
      (_, inner: string) => `[${inner.split(/,\s*/).join(', ')}]`,
    );
    await writeFile(tmp, `${text}\n`);
    await rename(tmp, MANIFEST);
  });
}

function fmt(sec: number): string {
  const m = Math.floor(sec / 60);
  const s = Math.round(sec % 60);
  return `${m}:${String(s).padStart(2, '0')}`;
}

async function run(plan: Plan, dataset: Dataset): Promise<void> {
  const tag = `${plan.model}-${plan.dataset}`;
  const lrAt = (epoch: number): number => plan.lr * plan.decay ** epoch;
  const model = buildModel(plan.model, plan.dataset, plan.seed, dataset.classNames.length);
  const graph = describeGraph(plan.model, plan.dataset, dataset.classNames.length);
  const testIdx = Array.from({ length: dataset.testY.length }, (_, i) => i);
  const t0 = performance.now();
  console.log(
    `[${tag}] ${dataset.trainY.length} train, ${testIdx.length} test; ${plan.epochs} epochs, batch ${plan.batchSize}, adam ${plan.lr} x${plan.decay}/epoch, seed ${plan.seed}`,
  );
  let lastEpochLogged = -1;
  let accuracy = 0;
  let loss = 0;
  const result = await trainModel(
    model,
    dataset,
    {
      epochs: plan.epochs,
      batchSize: plan.batchSize,
      learningRate: plan.lr,
      optimizer: 'adam',
      seed: plan.seed,
      fromScratch: false,
      reportEvery: Math.ceil(dataset.trainY.length / plan.batchSize / 4),
    },
    {
      learningRateAt: lrAt,
      onProgress: (p) => {
        const line = `[${tag}] epoch ${p.epoch + 1}/${p.epochs} batch ${p.batch}/${p.batchesPerEpoch} loss ${p.loss.toFixed(4)} acc ${(100 * p.accuracy).toFixed(2)}% ${p.examplesPerSec.toFixed(0)} ex/s eta ${fmt(p.etaSec)}`;
        console.log(line);
        if (p.batch === p.batchesPerEpoch && p.epoch !== lastEpochLogged) {
          lastEpochLogged = p.epoch;
          const r = evaluateModel(model, dataset, testIdx, {});
          accuracy = r.accuracy;
          loss = r.loss;
          console.log(
            `[${tag}] epoch ${p.epoch + 1} test acc ${(100 * r.accuracy).toFixed(2)}% loss ${r.loss.toFixed(4)} lr ${lrAt(p.epoch).toExponential(2)} elapsed ${fmt((performance.now() - t0) / 1000)}`,
          );
        }
      },
    },
  );
  if (lastEpochLogged !== plan.epochs - 1) {
    const r = evaluateModel(model, dataset, testIdx, {});
    accuracy = r.accuracy;
    loss = r.loss;
  }
  const { bytes, tensors } = packWeights(graph, result.weights);
  const initChecksum = fnv1aHex(packWeights(graph, initialWeights(graph, plan.seed)).bytes);
  const weightsFile = `${MODELS_DIR}/${tag}/weights.bin`;
  await mkdir(dirname(join(PUBLIC, weightsFile)), { recursive: true });
  await writeFile(join(PUBLIC, weightsFile), bytes);
  await recordEntry({
    model: plan.model,
    dataset: plan.dataset,
    weightsFile,
    bytes: bytes.length,
    tensors,
    testAccuracy: Number(accuracy.toFixed(4)),
    testLoss: Number(loss.toFixed(4)),
    epochs: plan.epochs,
    batchSize: plan.batchSize,
    optimizer: 'adam',
    learningRates: Array.from({ length: plan.epochs }, (_, e) => Number(lrAt(e).toPrecision(4))),
    seed: plan.seed,
    trainExamples: dataset.trainY.length,
    checksum: fnv1aHex(bytes),
    initChecksum,
  });
  console.log(
    `[${tag}] DONE test accuracy ${(100 * accuracy).toFixed(2)}% loss ${loss.toFixed(4)} in ${fmt((performance.now() - t0) / 1000)} -> public/${weightsFile}`,
  );
  model.dispose();
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  await tf.setBackend('cpu');
  installFastCpuKernels();
  const source = nodeSource();
  const dataManifest = await loadManifest(source);
  const plans = PLAN.filter(
    (p) => (!args.model || p.model === args.model) && (!args.dataset || p.dataset === args.dataset),
  ).map((p) => (args.epochs ? { ...p, epochs: args.epochs } : p));
  if (plans.length === 0) throw new Error('no model × dataset matches the arguments');
  const cache = new Map<DatasetId, Dataset>();
  for (const plan of plans) {
    let dataset = cache.get(plan.dataset);
    if (!dataset) {
      dataset = await loadDataset(plan.dataset, source, dataManifest);
      cache.set(plan.dataset, dataset);
    }
    await run(plan, dataset);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
