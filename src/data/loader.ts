/**
 * Loads datasets from the files in public/data, checking each against the manifest: size on disk,
 * decompressed size and the FNV-1a 32 checksum of the decoded bytes. Works unchanged in the
 * browser and in Node (both have DecompressionStream).
 */
import { fnv1a32, hashHex } from './checksum.ts';
import { classNames } from './catalog.ts';
import { decodeMedCtx, gunzip, isGzip } from './codec.ts';
import { DataError, describeError } from './errors.ts';
import {
  MANIFEST_FILE,
  parseManifest,
  type DataManifest,
  type FileEntry,
  type ImageDatasetEntry,
} from './manifest.ts';
import type { DataSource } from './source.ts';
import type { Dataset, DatasetId } from './types.ts';
import { WAVES_DEFAULTS, generateWaves, wavesChecksum } from './waves.ts';

/** Reads a file through the source; any failure becomes DataError 'missing' naming the file. */
async function read(source: DataSource, file: string): Promise<Uint8Array<ArrayBuffer>> {
  try {
    return new Uint8Array(await source(file));
  } catch (error) {
    if (error instanceof DataError) throw error;
    throw new DataError('missing', file, `${file} could not be read: ${describeError(error)}.`, {
      cause: error,
    });
  }
}

/**
 * Loads and validates the manifest.
 * @throws DataError 'missing' when manifest.json cannot be read, 'bad-manifest' when it is invalid.
 */
export async function loadManifest(source: DataSource): Promise<DataManifest> {
  const bytes = await read(source, MANIFEST_FILE);
  return parseManifest(new TextDecoder().decode(bytes));
}

function product(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * Loads one uint8 file and checks it against its manifest entry.
 * @returns the decoded bytes, shaped as entry.shape (row-major).
 * @throws DataError 'truncated' when the file is shorter than the manifest says, 'corrupt' when it is
 *   longer, does not decompress or decode, or its checksum differs.
 */
export async function loadFile(source: DataSource, entry: FileEntry): Promise<Uint8Array> {
  const { file } = entry;
  const bytes = await read(source, file);
  const corrupt = (why: string, cause?: unknown): DataError =>
    new DataError('corrupt', file, `${file} is corrupt: ${why}`, { cause });
  let payload: Uint8Array<ArrayBuffer>;
  if (isGzip(bytes)) {
    if (bytes.length < entry.bytes) {
      throw new DataError(
        'truncated',
        file,
        `${file} is truncated: ${bytes.length} bytes, the manifest expects ${entry.bytes}`,
      );
    }
    if (bytes.length > entry.bytes)
      throw corrupt(`${bytes.length} bytes, the manifest expects ${entry.bytes}`);
    try {
      payload = await gunzip(bytes);
    } catch (error) {
      throw corrupt(`it does not decompress (${describeError(error)})`, error);
    }
  } else if (bytes.length === entry.payloadBytes) {
    // A web server decompressed it on the way (Content-Encoding: gzip); the checksum still applies.
    payload = bytes;
  } else if (bytes.length < entry.bytes) {
    throw new DataError(
      'truncated',
      file,
      `${file} is truncated: ${bytes.length} bytes, the manifest expects ${entry.bytes}`,
    );
  } else {
    throw corrupt('it is not a gzip file');
  }
  if (payload.length !== entry.payloadBytes) {
    throw corrupt(
      `it decompresses to ${payload.length} bytes, the manifest expects ${entry.payloadBytes}`,
    );
  }
  let data: Uint8Array;
  if (entry.filter === 'med-ctx') {
    const [count, height, width] = entry.shape;
    try {
      data = decodeMedCtx(payload, count, width, height);
    } catch (error) {
      throw corrupt(`it does not decode (${describeError(error)})`, error);
    }
  } else {
    data = payload;
  }
  if (data.length !== product(entry.shape)) {
    throw corrupt(
      `it holds ${data.length} values, the manifest expects shape [${entry.shape.join(', ')}]`,
    );
  }
  const sum = hashHex(fnv1a32(data));
  if (sum !== entry.checksum)
    throw corrupt(`checksum ${sum} does not match the manifest (${entry.checksum})`);
  return data;
}

function checkLabels(labels: Uint8Array, classes: number, file: string): void {
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] >= classes) {
      throw new DataError(
        'corrupt',
        file,
        `${file} is corrupt: label ${labels[i]} at ${i} is not a class`,
      );
    }
  }
}

async function loadImages(
  source: DataSource,
  entry: ImageDatasetEntry,
  testOnly = false,
): Promise<Dataset> {
  const { trainImages, trainLabels, testImages, testLabels } = entry.files;
  const none = async () => new Uint8Array(0);
  const [trainX, trainY, testX, testY] = await Promise.all([
    testOnly ? none() : loadFile(source, trainImages),
    testOnly ? none() : loadFile(source, trainLabels),
    loadFile(source, testImages),
    loadFile(source, testLabels),
  ]);
  const classes = entry.classNames.length;
  checkLabels(trainY, classes, trainLabels.file);
  checkLabels(testY, classes, testLabels.file);
  const size = product(entry.exampleShape);
  const pairs: [Uint8Array, Uint8Array, FileEntry][] = [
    [trainX, trainY, trainImages],
    [testX, testY, testImages],
  ];
  for (const [x, y, f] of pairs) {
    if (x.length !== y.length * size) {
      throw new DataError(
        'bad-manifest',
        MANIFEST_FILE,
        `${MANIFEST_FILE} does not fit ${f.file}: ${x.length / size} images but ${y.length} labels`,
      );
    }
  }
  return {
    id: entry.id,
    kind: 'image',
    exampleShape: [...entry.exampleShape],
    classNames: [...entry.classNames],
    trainX,
    trainY,
    testX,
    testY,
  };
}

/**
 * Generates the waves dataset. With a manifest, uses its seed, sizes and steps and checks the
 * generated data against its checksum; without one, uses WAVES_DEFAULTS and reads no file.
 */
function loadWaves(manifest: DataManifest | undefined): Dataset {
  const entry = manifest?.datasets.waves;
  const classes = classNames.waves.length;
  const options = entry
    ? {
        seed: entry.seed,
        steps: entry.steps,
        trainPerClass: Math.floor(entry.train.count / classes),
        testPerClass: Math.floor(entry.test.count / classes),
      }
    : WAVES_DEFAULTS;
  const data = generateWaves(options);
  if (entry) {
    const sum = wavesChecksum(data);
    if (sum !== entry.checksum) {
      throw new DataError(
        'corrupt',
        MANIFEST_FILE,
        `waves (generated in code) does not match ${MANIFEST_FILE}: checksum ${sum}, the manifest says ${entry.checksum}`,
      );
    }
  }
  return {
    id: 'waves',
    kind: 'sequence',
    exampleShape: [options.steps, 1],
    classNames: [...classNames.waves],
    ...data,
  };
}

/**
 * Loads a dataset.
 * - 'mnist', 'fashion': uint8 pixels trainX/testX [n, 28, 28] (row-major, 0-255), exampleShape
 *   [28, 28, 1], uint8 labels. Reads the manifest through the source when none is given.
 * - 'waves': float32 trainX/testX [n, 64, 1], exampleShape [64, 1], generated from the seed (checked
 *   against the manifest's checksum when a manifest is given; no file is read).
 * @throws DataError naming the file that is missing, truncated or corrupt, or the bad manifest.
 */
export async function loadDataset(
  id: DatasetId,
  source: DataSource,
  manifest?: DataManifest,
): Promise<Dataset> {
  if (id === 'waves') return loadWaves(manifest);
  const m = manifest ?? (await loadManifest(source));
  return loadImages(source, m.datasets[id]);
}

/**
 * The test split only (trainX and trainY empty): what a sample grid needs, without fetching or
 * decoding the training split (for MNIST 60,000 images) on the page's thread. Checked like
 * loadDataset.
 */
export async function loadTestSplit(id: DatasetId, source: DataSource): Promise<Dataset> {
  if (id === 'waves') return loadWaves(undefined);
  const m = await loadManifest(source);
  return loadImages(source, m.datasets[id], true);
}
