/** Dataset ids shipped with the app. */
import type { DATASET_IDS } from './catalog.ts';

/** Dataset ids, derived from the catalog's list. */
export type DatasetId = (typeof DATASET_IDS)[number];

/**
 * A loaded dataset. Images are uint8 pixels (0-255), row-major [n, 28, 28]; the model divides by 255.
 * Sequences (waves) are float32 [n, steps, 1]. Labels are uint8 class indices.
 */
export interface Dataset {
  id: DatasetId;
  kind: 'image' | 'sequence';
  /** Shape of one example without batch: [28, 28, 1] for images, [64, 1] for waves. */
  exampleShape: number[];
  classNames: string[];
  trainX: Uint8Array | Float32Array;
  trainY: Uint8Array;
  testX: Uint8Array | Float32Array;
  testY: Uint8Array;
}
