/**
 * The recipe generators on the core's fixture graphs: every method gives valid Python 3 (parsed by
 * python3's ast module, one process for all) that names the right torch.nn.utils.prune and
 * TF-MOT APIs; layouts convert as torch expects; masks pack in graph order.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { computeMasks } from '../compute.ts';
import { emptyConfig, setGlobalSparsity } from '../config.ts';
import { lenet300100, probeCnn, randomWeights, smallRnn, stackedRnn } from '../fixture-graphs.ts';
import type { LayerSpec, MethodId, NetGraph, PruningConfig, ScoreSet } from '../types.ts';
import { toTorchLayout, torchParamName } from './layout.ts';
import { tfmotRecipe } from './tfmot.ts';
import { packMasks, torchRecipe } from './torch-recipe.ts';
import type { RecipeInput } from './types.ts';

const METHODS: MethodId[] = [
  'magnitude',
  'global-magnitude',
  'random',
  'l1-structured',
  'l2-structured',
  'nm-2-4',
  'block',
  'snip',
  'taylor',
  'movement',
];
/** Every layer kind the importer accepts: conv, BN, average pooling, dropout, ReLU, reshape, SimpleRNN. */
function importedKinds(): NetGraph {
  const t = (layer: string, role: LayerSpec['tensors'][number]['role'], shape: number[]) => ({
    key: `${layer}/${role}`,
    role,
    shape,
  });
  const plain = (name: string, kind: LayerSpec['kind'], inp: number[], out: number[]) => ({
    name,
    kind,
    inputShape: inp,
    outputShape: out,
    units: 0,
    tensors: [],
    removable: false,
    isOutput: false,
  });
  const bnRoles = ['gamma', 'beta', 'movingMean', 'movingVariance'] as const;
  const layers: LayerSpec[] = [
    {
      ...plain('conv', 'conv2d', [8, 8, 1], [8, 8, 4]),
      units: 4,
      tensors: [t('conv', 'kernel', [3, 3, 1, 4]), t('conv', 'bias', [4])],
      kernelSize: [3, 3],
      padding: 'same',
      activation: 'relu',
    },
    {
      ...plain('bn', 'batchnorm', [8, 8, 4], [8, 8, 4]),
      tensors: bnRoles.map((r) => t('bn', r, [4])),
      epsilon: 0.001,
    },
    { ...plain('avg', 'avgpool', [8, 8, 4], [4, 4, 4]), poolSize: [2, 2] },
    { ...plain('drop', 'dropout', [4, 4, 4], [4, 4, 4]), rate: 0.25 },
    { ...plain('act', 'activation', [4, 4, 4], [4, 4, 4]), activation: 'relu' },
    plain('reshape', 'reshape', [4, 4, 4], [4, 16]),
    {
      ...plain('rnn', 'simplernn', [4, 16], [6]),
      units: 6,
      tensors: [
        t('rnn', 'kernel', [16, 6]),
        t('rnn', 'recurrentKernel', [6, 6]),
        t('rnn', 'bias', [6]),
      ],
      activation: 'tanh',
    },
    {
      ...plain('out', 'dense', [6], [3]),
      units: 3,
      tensors: [t('out', 'kernel', [6, 3]), t('out', 'bias', [3])],
      activation: 'softmax',
      isOutput: true,
    },
  ];
  return { id: 'imported:kinds', inputShape: [8, 8, 1], classes: 3, layers };
}

const GRAPHS: NetGraph[] = [
  probeCnn(),
  lenet300100(),
  smallRnn('gru'),
  stackedRnn('lstm'),
  importedKinds(),
];

function scores(graph: NetGraph, seed: number): ScoreSet {
  const w = randomWeights(graph, seed);
  const out: ScoreSet = {};
  for (const [k, v] of Object.entries(w)) out[k] = v.map((x) => Math.abs(x));
  return out;
}

function input(graph: NetGraph, method: MethodId, schedule = false): RecipeInput {
  const weights = randomWeights(graph, 3);
  const config: PruningConfig = { ...setGlobalSparsity(emptyConfig(graph), 0.5), method };
  const masks = computeMasks(graph, weights, config, scores(graph, 4));
  return {
    graph,
    config,
    masks,
    datasetId: 'mnist',
    ...(schedule
      ? {
          schedule: {
            initialSparsity: 0.1,
            finalSparsity: 0.5,
            beginStep: 0,
            endStep: 400,
            frequency: 50,
            power: 3,
          },
        }
      : {}),
  };
}

const dir = mkdtempSync(join(tmpdir(), 'recipes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('recipe generators', () => {
  it('write valid Python 3 for every method and graph', () => {
    const files: string[] = [];
    GRAPHS.forEach((g, gi) =>
      METHODS.forEach((m) => {
        const a = join(dir, `torch_${gi}_${m}.py`);
        const b = join(dir, `tfmot_${gi}_${m}.py`);
        writeFileSync(a, torchRecipe(input(g, m)).source);
        writeFileSync(b, tfmotRecipe(input(g, m, gi === 0)));
        files.push(a, b);
      }),
    );
    const code = `import ast, sys\nfor f in sys.argv[1:]:\n    ast.parse(open(f).read(), f)\nprint(len(sys.argv) - 1)`;
    const r = spawnSync('python3', ['-c', code, ...files], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(String(files.length));
  });

  it('name the torch.nn.utils.prune calls of each method', () => {
    const cnn = probeCnn();
    const src = (m: MethodId) => torchRecipe(input(cnn, m)).source;
    expect(src('magnitude')).toContain('prune.l1_unstructured(model.conv1, "weight", amount=36)');
    expect(src('global-magnitude')).toMatch(
      /prune\.global_unstructured\([\s\S]*prune\.L1Unstructured/,
    );
    expect(src('l1-structured')).toContain(
      'prune.ln_structured(model.conv1, "weight", amount=4, n=1, dim=0',
    );
    expect(src('l2-structured')).toContain('n=2, dim=0');
    expect(src('l2-structured')).toContain('cols_mask(model.dense1.weight, pruned["conv2"], 49)');
    expect(src('random')).toContain('prune.random_unstructured');
    expect(src('random')).toContain('prune.custom_from_mask(model.conv1, "weight", app_mask(');
    for (const m of ['nm-2-4', 'block', 'snip', 'movement'] as const)
      expect(src(m)).toContain('prune.custom_from_mask(model.dense1, "weight", app_mask(');
    expect(src('taylor')).toMatch(/pruned\["conv1"\] = \[[0-9, ]*\]/);
    for (const m of METHODS) expect(src(m)).toContain('prune.remove(module, param)');
    const gru = torchRecipe(input(smallRnn('gru'), 'l1-structured')).source;
    expect(gru).toContain('TfjsGRU(3, 4, activation=torch.tanh, gate=hard_sigmoid)');
    expect(gru).toContain('rec_mask(model.rnn.weight_hh_l0, pruned["rnn"], 3)');
    expect(torchRecipe(input(stackedRnn('lstm'), 'magnitude')).source).toContain(
      'TfjsLSTM(3, 5, return_sequences=True',
    );
  });

  it('mirror every imported layer kind in torch and Keras', () => {
    const torch = torchRecipe(input(importedKinds(), 'l1-structured')).source;
    for (const part of [
      'TfjsBatchNorm(4, eps=0.001)',
      'nn.AvgPool2d((2, 2), stride=(2, 2))',
      'x = x.reshape(x.shape[0], 4, 16)',
      'TfjsSimpleRNN(16, 6, activation=torch.tanh)',
      '# drop: dropout, identity at inference',
      'x = F.relu(x)',
      // A removed conv filter takes its BatchNormalization entries with it.
      'prune.custom_from_mask(model.bn, "running_var", rows_mask(model.bn.running_var, pruned["conv"]))',
      'cols_mask(model.rnn.weight_ih_l0, pruned["conv"], 4)',
      'rec_mask(model.rnn.weight_hh_l0, pruned["rnn"], 1)',
    ])
      expect(torch).toContain(part);
    const keras = tfmotRecipe(input(importedKinds(), 'magnitude'));
    for (const part of [
      'layers.BatchNormalization(epsilon=0.001, name="bn")',
      'layers.AveragePooling2D((2, 2), strides=(2, 2), padding="valid", name="avg")',
      'layers.Dropout(0.25, name="drop")',
      'layers.Activation("relu", name="act")',
      'layers.Reshape((4, 16,), name="reshape")',
      'layers.SimpleRNN(6, activation="tanh", name="rnn")',
      '"bn": ["bn/gamma", "bn/beta", "bn/moving_mean", "bn/moving_variance"]',
    ])
      expect(keras).toContain(part);
  });

  it('refuse what torch cannot mirror, naming the layer', () => {
    const g = probeCnn();
    g.layers[0] = { ...g.layers[0], strides: [2, 2], padding: 'same' };
    expect(() => torchRecipe(input(g, 'magnitude'))).toThrow(
      /conv1.*'same' padding with stride 2x2/,
    );
  });

  it('name the TF-MOT APIs of each method', () => {
    const cnn = probeCnn();
    const src = (m: MethodId, s = false) => tfmotRecipe(input(cnn, m, s));
    const mag = src('magnitude');
    for (const api of [
      'prune_low_magnitude',
      'ConstantSparsity(0.5',
      'UpdatePruningStep',
      'strip_pruning',
    ])
      expect(mag).toContain(api);
    expect(src('magnitude', true)).toContain(
      'PolynomialDecay(initial_sparsity=0.1, final_sparsity=0.5, begin_step=0, end_step=400, power=3.0, frequency=50)',
    );
    expect(src('nm-2-4')).toContain('sparsity_m_by_n=(2, 4)');
    expect(src('block')).toContain('block_size=(1, 4), block_pooling_type="AVG"');
    expect(src('random')).toContain('TF-MOT has no random pruning');
    expect(src('l1-structured')).toContain('TF-MOT has no structured');
    expect(src('snip')).toContain('TF-MOT has no SNIP');
    expect(src('global-magnitude')).toContain('no global ranking');
    expect(tfmotRecipe(input(smallRnn('gru'), 'magnitude'))).toContain('reset_after=False');
    const resetAfter = smallRnn('gru');
    resetAfter.layers[0] = { ...resetAfter.layers[0], resetAfter: true };
    expect(tfmotRecipe(input(resetAfter, 'magnitude'))).toContain('reset_after=True');
  });

  it('convert layouts as torch expects', () => {
    // Conv2D [kh=1, kw=2, in=2, out=3] -> [out, in, kh, kw].
    const conv = Float32Array.from({ length: 12 }, (_, i) => i);
    const c = toTorchLayout('conv2d', 'kernel', conv, [1, 2, 2, 3]);
    expect(c.shape).toEqual([3, 2, 1, 2]);
    // torch[o, i, 0, x] = tf[0, x, i, o] = ((x * 2 + i) * 3 + o)
    expect(Array.from(c.data.slice(0, 4))).toEqual([0, 6, 3, 9]);
    const d = toTorchLayout('dense', 'kernel', Float32Array.from([1, 2, 3, 4, 5, 6]), [2, 3]);
    expect(d.shape).toEqual([3, 2]);
    expect(Array.from(d.data)).toEqual([1, 4, 2, 5, 3, 6]);
    // GRU bias z, r, h -> r, z, n.
    const b = toTorchLayout('gru', 'bias', Uint8Array.from([1, 1, 2, 2, 3, 3]), [6]);
    expect(Array.from(b.data)).toEqual([2, 2, 1, 1, 3, 3]);
    // A reset_after=True GRU bias [2, 3H] (input row, recurrent row) -> bias_l0 [3H, 2], gates
    // reordered: row b of torch holds gate block order[b] of both TF.js rows.
    const two = Uint8Array.from([1, 2, 3, 4, 5, 6, 11, 12, 13, 14, 15, 16]);
    const r = toTorchLayout('gru', 'bias', two, [2, 6]);
    expect(r.shape).toEqual([6, 2]);
    expect(Array.from(r.data)).toEqual([3, 13, 4, 14, 1, 11, 2, 12, 5, 15, 6, 16]);
    expect(torchParamName('gru', 'bias', 2)).toBe('bias_l0');
    expect(torchParamName('gru', 'bias')).toBe('bias_ih_l0');
  });

  it('pack masks in graph order, ones where a mask is missing', () => {
    const g = smallRnn('lstm', 2, 1, 1, 2);
    const packed = packMasks(g, { 'rnn/kernel': Uint8Array.from([0, 1, 0, 1]) });
    expect(Array.from(packed.slice(0, 6))).toEqual([0, 1, 0, 1, 1, 1]);
    expect(packed.length).toBe(4 + 4 + 4 + 2 + 2);
  });
});
