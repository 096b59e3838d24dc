/**
 * Datasets: manifest, loader, sample picking and the waves generator. Browser-safe; the Node file
 * source lives in node-source.ts and is imported directly where needed.
 */
export type { Dataset, DatasetId } from './types.ts';
export type { DataSource } from './source.ts';
export { fetchSource } from './source.ts';
export { DataError, type DataErrorCode } from './errors.ts';
export {
  MANIFEST_FILE,
  parseManifest,
  type DataManifest,
  type DatasetEntry,
  type FileEntry,
  type ImageDatasetEntry,
  type SequenceDatasetEntry,
  type SplitInfo,
} from './manifest.ts';
export { loadDataset, loadFile, loadManifest, loadTestSplit } from './loader.ts';
export { DATASET_IDS, classNames, datasetInfo } from './catalog.ts';
export { sampleIndices } from './sample.ts';
export { mulberry32, deriveSeed, shuffleInPlace, type Rng } from './random.ts';
export { fnv1a32, hashHex } from './checksum.ts';
export {
  WAVE_SHAPES,
  WAVES_DEFAULTS,
  generateWaves,
  waveValue,
  type WaveShape,
  type WavesOptions,
} from './waves.ts';
export {
  centreOfMass,
  MNIST_BOX,
  MNIST_SIDE,
  preprocessDrawing,
  rasterizeStrokes,
  type Stroke,
} from './drawing.ts';
