/**
 * Builds the shipped datasets into public/data: gzip files of uint8 pixels and labels plus
 * manifest.json (counts, shapes, class names, sizes and checksums; see src/data/manifest.ts).
 *
 *   tsx scripts/build-data.ts              rebuild always
 *   tsx scripts/build-data.ts --if-stale   rebuild only when the manifest's parameter hash differs or
 *                                          a file is missing or has the wrong size
 *   tsx scripts/build-data.ts --out DIR    write somewhere else
 *
 * Splits are fixed: each class's images are shuffled with a seed derived from the dataset seed and
 * the class, then cut into train and test; each split is then shuffled once more, so any prefix is
 * a fair mix of classes.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { classNames, datasetInfo } from '../src/data/catalog.ts';
import { fnv1a32, hashHex } from '../src/data/checksum.ts';
import { encodeMedCtx, type Filter } from '../src/data/codec.ts';
import {
  MANIFEST_FILE,
  MANIFEST_FORMAT,
  parseManifest,
  type DataManifest,
  type FileEntry,
  type ImageDatasetEntry,
  type SequenceDatasetEntry,
} from '../src/data/manifest.ts';
import { deriveSeed, mulberry32, shuffleInPlace } from '../src/data/random.ts';
import { WAVES_DEFAULTS, generateWaves, wavesChecksum } from '../src/data/waves.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Default output directory. */
export const DEFAULT_OUT_DIR = join(ROOT, 'public', 'data');
const SIDE = 28;
const PIXELS = SIDE * SIDE;

/** Everything that decides the output bytes, hashed into the manifest's paramsHash. */
export const BUILD_PARAMS = {
  format: MANIFEST_FORMAT,
  gzipLevel: 9,
  imageFilter: 'med-ctx' as Filter,
  /** MNIST: all 10,000 digits, 20% of each class to test (8,000 / 2,000). */
  mnist: { seed: 1001, testFraction: 0.2 },
  /** Fashion-MNIST: a class-balanced subset, 2,000 train and 200 test images per class. */
  fashion: { seed: 2002, trainPerClass: 2000, testPerClass: 200 },
  waves: { ...WAVES_DEFAULTS },
};

/** Files whose text also goes into paramsHash: a change to any of them rebuilds the data. */
const HASHED_SOURCES = [
  'scripts/build-data.ts',
  'src/data/catalog.ts',
  'src/data/checksum.ts',
  'src/data/codec.ts',
  'src/data/manifest.ts',
  'src/data/random.ts',
  'src/data/waves.ts',
];

const require = createRequire(import.meta.url);

function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

function packageVersion(name: string): string {
  return (
    JSON.parse(readFileSync(join(packageDir(name), 'package.json'), 'utf8')) as { version: string }
  ).version;
}

/** Hash of BUILD_PARAMS, the source packages' versions and the hashed source files (8 hex digits). */
export function paramsHash(): string {
  const enc = new TextEncoder();
  let h = fnv1a32(enc.encode(JSON.stringify(BUILD_PARAMS)));
  h = fnv1a32(
    enc.encode(`mnist@${packageVersion('mnist')} fashion-mnist@${packageVersion('fashion-mnist')}`),
    h,
  );
  for (const f of HASHED_SOURCES) h = fnv1a32(readFileSync(join(ROOT, f)), h);
  return hashHex(h);
}

/** Images of one package by class: images[c][i] is 784 uint8 pixels, or empty when the source is empty. */
export interface SourceImages {
  package: string;
  version: string;
  images: Uint8Array[][];
}

/**
 * Reads the `mnist` package: src/digits/<class>.json holds {data: number[]}, 784 floats in 0..1 per
 * digit, in source order. Pixels become round(v * 255).
 */
export function readMnist(): SourceImages {
  const dir = join(packageDir('mnist'), 'src', 'digits');
  const images = classNames.mnist.map((_, c) => {
    const data = (JSON.parse(readFileSync(join(dir, `${c}.json`), 'utf8')) as { data: number[] })
      .data;
    if (data.length % PIXELS !== 0)
      throw new Error(`mnist/src/digits/${c}.json: ${data.length} values is not whole images`);
    const list: Uint8Array[] = [];
    for (let off = 0; off < data.length; off += PIXELS) {
      const img = new Uint8Array(PIXELS);
      for (let i = 0; i < PIXELS; i++) img[i] = Math.round(data[off + i] * 255);
      list.push(img);
    }
    return list;
  });
  return { package: 'mnist', version: packageVersion('mnist'), images };
}

/**
 * Reads the `fashion-mnist` package: src/clothes/<class>.json holds {data: number[][]}, one array of
 * 784 integers 0..255 per image; a few arrays are empty (kept here as empty images).
 */
export function readFashion(): SourceImages {
  const dir = join(packageDir('fashion-mnist'), 'src', 'clothes');
  const images = classNames.fashion.map((_, c) => {
    const data = (JSON.parse(readFileSync(join(dir, `${c}.json`), 'utf8')) as { data: number[][] })
      .data;
    return data.map((img, i) => {
      if (img.length !== 0 && img.length !== PIXELS) {
        throw new Error(`fashion-mnist/src/clothes/${c}.json image ${i} has ${img.length} values`);
      }
      return Uint8Array.from(img);
    });
  });
  return { package: 'fashion-mnist', version: packageVersion('fashion-mnist'), images };
}

/** Where one example of a split comes from: its class and its index in the source class list. */
export interface Pick {
  label: number;
  index: number;
}

/** A fixed split: the picks of each split in their final order, and the empty images skipped. */
export interface SplitPlan {
  train: Pick[];
  test: Pick[];
  skippedEmptyPerClass: number[];
}

/**
 * Plans a deterministic, class-stratified split. Empty images are skipped; the rest of each class
 * is shuffled with a seed derived from (seed, class) and cut: the first `sizes(n).train` go to
 * train, the next `sizes(n).test` to test. Each split is then shuffled with its own derived seed.
 */
export function planSplit(
  images: Uint8Array[][],
  seed: number,
  sizes: (available: number, label: number) => { train: number; test: number },
): SplitPlan {
  const train: Pick[] = [];
  const test: Pick[] = [];
  const skippedEmptyPerClass: number[] = [];
  images.forEach((list, label) => {
    const usable: number[] = [];
    list.forEach((img, i) => {
      if (img.length > 0) usable.push(i);
    });
    skippedEmptyPerClass.push(list.length - usable.length);
    shuffleInPlace(usable, mulberry32(deriveSeed(seed, label)));
    const n = sizes(usable.length, label);
    if (n.train + n.test > usable.length) {
      throw new Error(
        `class ${label} has ${usable.length} usable images, ${n.train + n.test} wanted`,
      );
    }
    for (const index of usable.slice(0, n.train)) train.push({ label, index });
    for (const index of usable.slice(n.train, n.train + n.test)) test.push({ label, index });
  });
  shuffleInPlace(train, mulberry32(deriveSeed(seed, 1000)));
  shuffleInPlace(test, mulberry32(deriveSeed(seed, 1001)));
  return { train, test, skippedEmptyPerClass };
}

/** Gzips a uint8 array (after the filter) and describes it. */
function encodeFile(
  file: string,
  data: Uint8Array,
  shape: number[],
  filter: Filter,
): { entry: FileEntry; bytes: Uint8Array } {
  const payload = filter === 'med-ctx' ? encodeMedCtx(data, shape[0], shape[2], shape[1]) : data;
  const bytes = new Uint8Array(gzipSync(payload, { level: BUILD_PARAMS.gzipLevel }));
  const entry: FileEntry = {
    file,
    bytes: bytes.length,
    payloadBytes: payload.length,
    encoding: 'gzip',
    filter,
    dtype: 'uint8',
    shape,
    checksum: hashHex(fnv1a32(data)),
  };
  return { entry, bytes };
}

function gather(source: SourceImages, picks: Pick[]): { x: Uint8Array; y: Uint8Array } {
  const x = new Uint8Array(picks.length * PIXELS);
  const y = new Uint8Array(picks.length);
  picks.forEach((p, i) => {
    x.set(source.images[p.label][p.index], i * PIXELS);
    y[i] = p.label;
  });
  return { x, y };
}

function perClass(picks: Pick[], classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (const p of picks) counts[p.label]++;
  return counts;
}

/** Builds one image dataset's four files into outDir and returns its manifest entry. */
export function buildImageDataset(
  id: 'mnist' | 'fashion',
  source: SourceImages,
  outDir: string,
): ImageDatasetEntry {
  const plan =
    id === 'mnist'
      ? planSplit(source.images, BUILD_PARAMS.mnist.seed, (n) => {
          const test = Math.round(n * BUILD_PARAMS.mnist.testFraction);
          return { train: n - test, test };
        })
      : planSplit(source.images, BUILD_PARAMS.fashion.seed, () => ({
          train: BUILD_PARAMS.fashion.trainPerClass,
          test: BUILD_PARAMS.fashion.testPerClass,
        }));
  const classes = classNames[id].length;
  const files: Partial<ImageDatasetEntry['files']> = {};
  let imageBytes = 0;
  let pixels = 0;
  for (const split of ['train', 'test'] as const) {
    const { x, y } = gather(source, plan[split]);
    const n = y.length;
    const images = encodeFile(
      `${id}-${split}-images.bin.gz`,
      x,
      [n, SIDE, SIDE],
      BUILD_PARAMS.imageFilter,
    );
    const labels = encodeFile(`${id}-${split}-labels.bin.gz`, y, [n], 'none');
    for (const f of [images, labels]) writeFileSync(join(outDir, f.entry.file), f.bytes);
    files[`${split}Images`] = images.entry;
    files[`${split}Labels`] = labels.entry;
    imageBytes += images.entry.bytes;
    pixels += x.length;
  }
  const skipped = plan.skippedEmptyPerClass.reduce((a, b) => a + b, 0);
  return {
    id,
    kind: 'image',
    title: datasetInfo[id].title,
    classNames: [...classNames[id]],
    exampleShape: [SIDE, SIDE, 1],
    seed: BUILD_PARAMS[id].seed,
    train: { count: plan.train.length, perClass: perClass(plan.train, classes) },
    test: { count: plan.test.length, perClass: perClass(plan.test, classes) },
    files: files as ImageDatasetEntry['files'],
    source: {
      package: source.package,
      version: source.version,
      available: source.images.reduce((a, l) => a + l.length, 0),
      skippedEmpty: skipped,
      skippedEmptyPerClass: plan.skippedEmptyPerClass,
    },
    bytesPerPixel: Math.round((imageBytes / pixels) * 10000) / 10000,
  };
}

/** The waves entry: parameters plus the checksum of the generated data. */
export function wavesEntry(): SequenceDatasetEntry {
  const p = BUILD_PARAMS.waves;
  const data = generateWaves(p);
  const classes = classNames.waves.length;
  return {
    id: 'waves',
    kind: 'sequence',
    generated: true,
    title: datasetInfo.waves.title,
    classNames: [...classNames.waves],
    exampleShape: [p.steps, 1],
    seed: p.seed,
    steps: p.steps,
    train: {
      count: p.trainPerClass * classes,
      perClass: new Array<number>(classes).fill(p.trainPerClass),
    },
    test: {
      count: p.testPerClass * classes,
      perClass: new Array<number>(classes).fill(p.testPerClass),
    },
    checksum: wavesChecksum(data),
  };
}

/**
 * Builds every dataset into outDir (created when needed) and writes manifest.json last.
 * @returns the manifest written.
 */
export function buildData(outDir: string = DEFAULT_OUT_DIR): DataManifest {
  mkdirSync(outDir, { recursive: true });
  const manifest: DataManifest = {
    format: MANIFEST_FORMAT,
    paramsHash: paramsHash(),
    datasets: {
      mnist: buildImageDataset('mnist', readMnist(), outDir),
      fashion: buildImageDataset('fashion', readFashion(), outDir),
      waves: wavesEntry(),
    },
  };
  writeFileSync(join(outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/**
 * Says why the data in outDir needs a rebuild, without decoding any file: manifest missing or
 * invalid, parameter hash changed, or a file missing or of the wrong size.
 * @returns the reason, or null when the data is up to date.
 */
export function staleReason(outDir: string = DEFAULT_OUT_DIR): string | null {
  let manifest: DataManifest;
  try {
    manifest = parseManifest(readFileSync(join(outDir, MANIFEST_FILE), 'utf8'));
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  if (manifest.paramsHash !== paramsHash()) return 'the build parameters or sources changed';
  for (const id of ['mnist', 'fashion'] as const) {
    for (const entry of Object.values(manifest.datasets[id].files)) {
      let size: number;
      try {
        size = statSync(join(outDir, entry.file)).size;
      } catch {
        return `${entry.file} is missing`;
      }
      if (size !== entry.bytes)
        return `${entry.file} is ${size} bytes, the manifest expects ${entry.bytes}`;
    }
  }
  return null;
}

function main(argv: string[]): void {
  const outIndex = argv.indexOf('--out');
  const outDir = outIndex >= 0 ? argv[outIndex + 1] : DEFAULT_OUT_DIR;
  if (argv.includes('--if-stale')) {
    const reason = staleReason(outDir);
    if (reason === null) {
      console.log(`data: up to date in ${outDir}`);
      return;
    }
    console.log(`data: rebuilding (${reason.split('\n')[0]})`);
  }
  const t0 = performance.now();
  const manifest = buildData(outDir);
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  for (const id of ['mnist', 'fashion'] as const) {
    const d = manifest.datasets[id];
    const bytes = Object.values(d.files).reduce((a, f) => a + f.bytes, 0);
    console.log(
      `data: ${id} ${d.train.count} train / ${d.test.count} test, ${(bytes / 1e6).toFixed(2)} MB, ` +
        `${d.bytesPerPixel} B/px, ${d.source.skippedEmpty} empty skipped`,
    );
  }
  console.log(
    `data: waves generated (seed ${manifest.datasets.waves.seed}, checksum ${manifest.datasets.waves.checksum})`,
  );
  console.log(`data: built in ${seconds} s into ${outDir}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2));
}
