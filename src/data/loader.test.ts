import { beforeAll, describe, expect, it } from 'vitest';
import { fnv1a32, hashHex } from './checksum.ts';
import { classNames } from './catalog.ts';
import { encodeMedCtx } from './codec.ts';
import { DataError } from './errors.ts';
import { loadDataset, loadManifest, loadTestSplit } from './loader.ts';
import { MANIFEST_FILE, parseManifest } from './manifest.ts';
import type { DataManifest, FileEntry, ImageDatasetEntry } from './manifest.ts';
import { mulberry32 } from './random.ts';
import type { DataSource } from './source.ts';
import { generateWaves, wavesChecksum } from './waves.ts';

/** A DataSource over an in-memory directory (file name -> bytes). */
function memorySource(files: Map<string, Uint8Array>): DataSource {
  return async (path) => {
    const bytes = files.get(path);
    if (!bytes) throw new DataError('missing', path, `${path} is missing`);
    return bytes.slice().buffer;
  };
}

async function gzip(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

async function addFile(
  files: Map<string, Uint8Array>,
  file: string,
  data: Uint8Array<ArrayBuffer>,
  shape: number[],
): Promise<FileEntry> {
  const filter = shape.length === 3 ? 'med-ctx' : 'none';
  const payload =
    filter === 'med-ctx' ? new Uint8Array(encodeMedCtx(data, shape[0], shape[2], shape[1])) : data;
  const bytes = await gzip(payload);
  files.set(file, bytes);
  return {
    file,
    bytes: bytes.length,
    payloadBytes: payload.length,
    encoding: 'gzip',
    filter,
    dtype: 'uint8',
    shape,
    checksum: hashHex(fnv1a32(data)),
  };
}

interface Fixture {
  files: Map<string, Uint8Array>;
  manifest: DataManifest;
  pixels: Record<string, Uint8Array>;
}

/** A tiny but complete data directory: 2 images per class train, 1 test, for mnist and fashion. */
async function fixture(): Promise<Fixture> {
  const files = new Map<string, Uint8Array>();
  const pixels: Record<string, Uint8Array> = {};
  const rng = mulberry32(11);
  const image = async (id: 'mnist' | 'fashion'): Promise<ImageDatasetEntry> => {
    const entries: Partial<ImageDatasetEntry['files']> = {};
    for (const [split, per] of [
      ['train', 2],
      ['test', 1],
    ] as const) {
      const n = per * 10;
      const x = Uint8Array.from({ length: n * 784 }, () =>
        rng() < 0.5 ? 0 : Math.floor(rng() * 256),
      );
      const y = Uint8Array.from({ length: n }, (_, i) => i % 10);
      pixels[`${id}-${split}`] = x;
      entries[`${split}Images`] = await addFile(files, `${id}-${split}-images.bin.gz`, x, [
        n,
        28,
        28,
      ]);
      entries[`${split}Labels`] = await addFile(files, `${id}-${split}-labels.bin.gz`, y, [n]);
    }
    return {
      id,
      kind: 'image',
      title: id,
      classNames: [...classNames[id]],
      exampleShape: [28, 28, 1],
      seed: 1,
      train: { count: 20, perClass: new Array<number>(10).fill(2) },
      test: { count: 10, perClass: new Array<number>(10).fill(1) },
      files: entries as ImageDatasetEntry['files'],
      source: {
        package: id,
        version: '0',
        available: 30,
        skippedEmpty: 0,
        skippedEmptyPerClass: new Array<number>(10).fill(0),
      },
      bytesPerPixel: 1,
    };
  };
  const wavesOptions = { seed: 3, trainPerClass: 5, testPerClass: 2, steps: 64 };
  const manifest: DataManifest = {
    format: 1,
    paramsHash: '00000000',
    datasets: {
      mnist: await image('mnist'),
      fashion: await image('fashion'),
      waves: {
        id: 'waves',
        kind: 'sequence',
        generated: true,
        title: 'Waves',
        classNames: [...classNames.waves],
        exampleShape: [64, 1],
        seed: 3,
        steps: 64,
        train: { count: 20, perClass: [5, 5, 5, 5] },
        test: { count: 8, perClass: [2, 2, 2, 2] },
        checksum: wavesChecksum(generateWaves(wavesOptions)),
      },
    },
  };
  files.set(MANIFEST_FILE, new TextEncoder().encode(JSON.stringify(manifest)));
  return { files, manifest, pixels };
}

async function expectDataError(
  promise: Promise<unknown>,
  code: DataError['code'],
  file: string,
): Promise<DataError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DataError);
  const dataError = error as DataError;
  expect(dataError.code).toBe(code);
  expect(dataError.file).toBe(file);
  expect(dataError.message).toContain(file);
  // A visitor is told what to do; the build command is for developers only.
  expect(dataError.message).not.toMatch(/npm/);
  expect(dataError.message).toMatch(/reload the page/i);
  expect(dataError.detail).toContain('npm run data');
  return dataError;
}

describe('loadDataset', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await fixture();
  });

  it('loads image datasets, reading the manifest itself, and returns the encoded pixels', async () => {
    const source = memorySource(fx.files);
    const d = await loadDataset('fashion', source);
    expect(d.kind).toBe('image');
    expect(d.exampleShape).toEqual([28, 28, 1]);
    expect(d.classNames).toEqual(classNames.fashion);
    expect(d.trainX).toEqual(fx.pixels['fashion-train']);
    expect(d.testX).toEqual(fx.pixels['fashion-test']);
    expect(Array.from(d.trainY.subarray(0, 10))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('loads the test split alone, never asking for the training files', async () => {
    const source = memorySource(fx.files);
    const asked: string[] = [];
    const spy: DataSource = (f) => {
      asked.push(f);
      return source(f);
    };
    const d = await loadTestSplit('fashion', spy);
    expect(d.testX).toEqual(fx.pixels['fashion-test']);
    expect(d.trainX.length).toBe(0);
    expect(asked.some((f) => f.includes('train'))).toBe(false);
  });

  it('generates waves from the manifest parameters and checks their checksum', async () => {
    const d = await loadDataset('waves', memorySource(new Map()), fx.manifest);
    expect(d.trainX).toBeInstanceOf(Float32Array);
    expect(d.trainX.length).toBe(20 * 64);
    expect(d.exampleShape).toEqual([64, 1]);
    const tampered = structuredClone(fx.manifest);
    tampered.datasets.waves.checksum = '12345678';
    await expectDataError(
      loadDataset('waves', memorySource(new Map()), tampered),
      'corrupt',
      MANIFEST_FILE,
    );
  });

  it('names a missing file', async () => {
    const files = new Map(fx.files);
    files.delete('mnist-test-labels.bin.gz');
    await expectDataError(
      loadDataset('mnist', memorySource(files)),
      'missing',
      'mnist-test-labels.bin.gz',
    );
  });

  it('names a truncated file', async () => {
    const files = new Map(fx.files);
    const full = files.get('mnist-train-images.bin.gz') as Uint8Array;
    files.set('mnist-train-images.bin.gz', full.slice(0, full.length - 100));
    const e = await expectDataError(
      loadDataset('mnist', memorySource(files)),
      'truncated',
      'mnist-train-images.bin.gz',
    );
    expect(e.message).toMatch(/is truncated: \d+ bytes, the manifest expects \d+/);
  });

  it('names a corrupt file: a changed byte, extra bytes, or a checksum that does not match', async () => {
    const name = 'fashion-train-images.bin.gz';
    const full = fx.files.get(name) as Uint8Array;
    const flipped = full.slice();
    flipped[Math.floor(full.length / 2)] ^= 0x40;
    await expectDataError(
      loadDataset('fashion', memorySource(new Map(fx.files).set(name, flipped))),
      'corrupt',
      name,
    );

    const longer = new Uint8Array(full.length + 5);
    longer.set(full);
    await expectDataError(
      loadDataset('fashion', memorySource(new Map(fx.files).set(name, longer))),
      'corrupt',
      name,
    );

    const manifest = structuredClone(fx.manifest);
    manifest.datasets.fashion.files.trainImages.checksum = 'deadbeef';
    const e = await expectDataError(
      loadDataset('fashion', memorySource(fx.files), manifest),
      'corrupt',
      name,
    );
    expect(e.message).toMatch(/checksum [0-9a-f]{8} does not match the manifest \(deadbeef\)/);
    expect(e.detail).toContain('npm run data');
  });

  it('accepts a file a web server already decompressed, still checking its checksum', async () => {
    const name = 'mnist-test-labels.bin.gz';
    const entry = fx.manifest.datasets.mnist.files.testLabels;
    const labels = Uint8Array.from({ length: 10 }, (_, i) => i % 10);
    const files = new Map(fx.files).set(name, labels);
    const d = await loadDataset('mnist', memorySource(files));
    expect(Array.from(d.testY)).toEqual(Array.from(labels));
    expect(entry.payloadBytes).toBe(labels.length);
    labels[3] = 7;
    await expectDataError(loadDataset('mnist', memorySource(files)), 'corrupt', name);
  });
});

describe('loadManifest', () => {
  it('names a missing manifest', async () => {
    await expectDataError(loadManifest(memorySource(new Map())), 'missing', MANIFEST_FILE);
  });

  it('rejects text that is not JSON', async () => {
    const files = new Map([
      [MANIFEST_FILE, new TextEncoder().encode('{"format": 1, "datasets": {')],
    ]);
    const e = await expectDataError(
      loadManifest(memorySource(files)),
      'bad-manifest',
      MANIFEST_FILE,
    );
    expect(e.message).toContain('not JSON');
  });

  it('rejects JSON that is not a manifest, saying what is wrong', async () => {
    const { manifest } = await fixture();
    const cases: [(m: Record<string, unknown>) => void, RegExp][] = [
      [(m) => (m.format = 2), /format should be 1/],
      [
        (m) => delete (m.datasets as Record<string, unknown>).fashion,
        /datasets\.fashion should be an object/,
      ],
      [
        (m) => ((m.datasets as DataManifest['datasets']).mnist.files.trainImages.bytes = -1),
        /trainImages\.bytes should be a byte count/,
      ],
      [
        (m) => ((m.datasets as DataManifest['datasets']).mnist.train.count = 21),
        /perClass does not add up/,
      ],
      [
        (m) => ((m.datasets as DataManifest['datasets']).mnist.files.testImages.file = '../x'),
        /not a plain file name/,
      ],
    ];
    for (const [edit, message] of cases) {
      const m = structuredClone(manifest) as unknown as Record<string, unknown>;
      edit(m);
      expect(() => parseManifest(JSON.stringify(m))).toThrow(message);
    }
    expect(parseManifest(JSON.stringify(manifest))).toEqual(manifest);
  });
});
