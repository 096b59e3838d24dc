/**
 * The data manifest (public/data/manifest.json): what scripts/build-data.ts wrote and what the
 * loader checks every file against.
 */
import { DataError } from './errors.ts';
import type { Filter } from './codec.ts';
import type { DatasetId } from './types.ts';

/** File name of the manifest inside the data directory. */
export const MANIFEST_FILE = 'manifest.json';
/** Manifest format understood by this loader. */
export const MANIFEST_FORMAT = 1;

/** One gzip file holding a uint8 array. */
export interface FileEntry {
  /** File name relative to the data directory, e.g. 'mnist-train-images.bin.gz'. */
  file: string;
  /** Size of the file on disk, bytes. */
  bytes: number;
  /** Size of the decompressed (still filtered) payload, bytes. */
  payloadBytes: number;
  encoding: 'gzip';
  /** Filter reversed after decompression: 'none' or 'med-ctx' (see codec.ts). */
  filter: Filter;
  dtype: 'uint8';
  /** Shape of the decoded array, e.g. [8000, 28, 28] or [8000]. */
  shape: number[];
  /** FNV-1a 32 of the decoded bytes (after decompression and unfiltering), 8 hex digits. */
  checksum: string;
}

/** Size of one split. */
export interface SplitInfo {
  count: number;
  /** Examples per class, indexed by label. */
  perClass: number[];
}

/** An image dataset shipped as four files. */
export interface ImageDatasetEntry {
  id: 'mnist' | 'fashion';
  kind: 'image';
  title: string;
  classNames: string[];
  /** [28, 28, 1]. */
  exampleShape: number[];
  /** Seed of the per-class shuffles that fix the split and of the final order. */
  seed: number;
  train: SplitInfo;
  test: SplitInfo;
  files: {
    trainImages: FileEntry;
    trainLabels: FileEntry;
    testImages: FileEntry;
    testLabels: FileEntry;
  };
  source: {
    /** npm package the images come from, and its version. */
    package: string;
    version: string;
    /** Images in the package (empty ones included). */
    available: number;
    /** Empty images in the package, skipped, in total and per class. */
    skippedEmpty: number;
    skippedEmptyPerClass: number[];
  };
  /** Bytes on disk of the two image files divided by the number of pixels they hold. */
  bytesPerPixel: number;
}

/** A sequence dataset generated in code at load time (no file). */
export interface SequenceDatasetEntry {
  id: 'waves';
  kind: 'sequence';
  generated: true;
  title: string;
  classNames: string[];
  /** [steps, 1]. */
  exampleShape: number[];
  seed: number;
  steps: number;
  train: SplitInfo;
  test: SplitInfo;
  /** FNV-1a 32 over the generated trainX, trainY, testX, testY bytes (float32 little-endian), 8 hex digits. */
  checksum: string;
}

/** Any dataset entry. */
export type DatasetEntry = ImageDatasetEntry | SequenceDatasetEntry;

/** The whole manifest. */
export interface DataManifest {
  format: number;
  /** Hash of the build parameters and sources; --if-stale rebuilds when it changes. */
  paramsHash: string;
  datasets: { mnist: ImageDatasetEntry; fashion: ImageDatasetEntry; waves: SequenceDatasetEntry };
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fail(reason: string): never {
  throw new DataError(
    'bad-manifest',
    MANIFEST_FILE,
    `${MANIFEST_FILE} is not a valid data manifest: ${reason}`,
  );
}

function need(
  obj: Json,
  key: string,
  kind: 'string' | 'number' | 'object' | 'array',
  where: string,
): unknown {
  const v = obj[key];
  const ok =
    kind === 'array'
      ? Array.isArray(v)
      : kind === 'object'
        ? isObject(v)
        : kind === 'number'
          ? typeof v === 'number' && Number.isFinite(v)
          : typeof v === 'string';
  if (!ok)
    fail(`${where}.${key} should be ${kind === 'array' || kind === 'object' ? 'an' : 'a'} ${kind}`);
  return v;
}

function checkCounts(v: unknown, where: string): void {
  if (!Array.isArray(v) || !v.every((n) => Number.isInteger(n) && n >= 0)) {
    fail(`${where} should be an array of counts`);
  }
}

function checkSplit(obj: Json, key: 'train' | 'test', classes: number, where: string): void {
  const split = need(obj, key, 'object', where) as Json;
  const count = need(split, 'count', 'number', `${where}.${key}`) as number;
  const perClass = need(split, 'perClass', 'array', `${where}.${key}`);
  checkCounts(perClass, `${where}.${key}.perClass`);
  const counts = perClass as number[];
  if (counts.length !== classes) fail(`${where}.${key}.perClass should have ${classes} entries`);
  if (counts.reduce((a, b) => a + b, 0) !== count)
    fail(`${where}.${key}.perClass does not add up to count`);
}

function checkFile(v: unknown, where: string): void {
  if (!isObject(v)) fail(`${where} should be an object`);
  const file = need(v, 'file', 'string', where) as string;
  if (file === '' || file.includes('..') || file.startsWith('/'))
    fail(`${where}.file is not a plain file name`);
  for (const k of ['bytes', 'payloadBytes']) {
    const n = need(v, k, 'number', where) as number;
    if (!Number.isInteger(n) || n < 0) fail(`${where}.${k} should be a byte count`);
  }
  if (v.encoding !== 'gzip') fail(`${where}.encoding should be "gzip"`);
  if (v.filter !== 'none' && v.filter !== 'med-ctx')
    fail(`${where}.filter should be "none" or "med-ctx"`);
  if (v.dtype !== 'uint8') fail(`${where}.dtype should be "uint8"`);
  checkCounts(need(v, 'shape', 'array', where), `${where}.shape`);
  const checksum = need(v, 'checksum', 'string', where) as string;
  if (!/^[0-9a-f]{8}$/.test(checksum)) fail(`${where}.checksum should be 8 hex digits`);
}

function checkDataset(datasets: Json, id: DatasetId): void {
  const where = `datasets.${id}`;
  const d = need(datasets, id, 'object', 'datasets') as Json;
  if (d.id !== id) fail(`${where}.id should be "${id}"`);
  const names = need(d, 'classNames', 'array', where) as unknown[];
  if (names.length < 2 || !names.every((n) => typeof n === 'string'))
    fail(`${where}.classNames should list the classes`);
  checkCounts(need(d, 'exampleShape', 'array', where), `${where}.exampleShape`);
  need(d, 'seed', 'number', where);
  checkSplit(d, 'train', names.length, where);
  checkSplit(d, 'test', names.length, where);
  if (id === 'waves') {
    if (d.kind !== 'sequence' || d.generated !== true)
      fail(`${where} should be a generated sequence dataset`);
    need(d, 'steps', 'number', where);
    const checksum = need(d, 'checksum', 'string', where) as string;
    if (!/^[0-9a-f]{8}$/.test(checksum)) fail(`${where}.checksum should be 8 hex digits`);
  } else {
    if (d.kind !== 'image') fail(`${where}.kind should be "image"`);
    const files = need(d, 'files', 'object', where) as Json;
    for (const k of ['trainImages', 'trainLabels', 'testImages', 'testLabels'])
      checkFile(files[k], `${where}.files.${k}`);
  }
}

/**
 * Parses and validates manifest.json.
 * @param text the file's text.
 * @throws DataError 'bad-manifest' naming manifest.json and what is wrong.
 */
export function parseManifest(text: string): DataManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    fail(`it is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!isObject(json)) fail('the top level should be an object');
  if (json.format !== MANIFEST_FORMAT)
    fail(`format should be ${MANIFEST_FORMAT}, found ${String(json.format)}`);
  need(json, 'paramsHash', 'string', 'manifest');
  const datasets = need(json, 'datasets', 'object', 'manifest') as Json;
  for (const id of ['mnist', 'fashion', 'waves'] as const) checkDataset(datasets, id);
  return json as unknown as DataManifest;
}
