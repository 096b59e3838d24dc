/**
 * Why an imported model was refused: one typed error per cause, each with a message a visitor can
 * act on (it names the layer or the file and says what is supported).
 */

/** Layer classes the importer reads. */
export const SUPPORTED_LAYERS =
  'InputLayer, Conv2D, Dense, MaxPooling2D, AveragePooling2D, Flatten, Dropout, SpatialDropout2D, Activation, ReLU, Reshape, LSTM, GRU, SimpleRNN and BatchNormalization';

/** Causes of a refused import. */
export type ImportErrorCode =
  /** model.json is not valid JSON. */
  | 'bad-json'
  /** A graph model (tf.saved_model / frozen graph conversion) or no layers topology at all. */
  | 'not-layers-model'
  /** A functional model whose layers branch or merge. */
  | 'functional-branches'
  /** A layer class the importer does not read (Conv1D, Bidirectional, an unknown class). */
  | 'unsupported-layer'
  /** A supported layer class with a setting the importer does not read (channels_first, ...). */
  | 'unsupported-config'
  /** A weight shard listed in model.json was not given. */
  | 'missing-weights-file'
  /** A weight shard holds fewer bytes than model.json lists. */
  | 'short-weights-file'
  /** A weight the topology needs is not in the weights manifest. */
  | 'missing-weight'
  /** Quantized or non-float32 weights. */
  | 'unsupported-weights'
  /** A weight's shape differs from the one the topology implies. */
  | 'shape-mismatch'
  /** A weight holds NaN or Infinity. */
  | 'bad-weights'
  /** The model's input and classes fit no shipped dataset. */
  | 'no-dataset';

/** A refused import. `code` says why; `message` is for the visitor, naming a layer or file. */
export class ImportError extends Error {
  readonly code: ImportErrorCode;
  /** The layer or file the message names, when there is one. */
  readonly subject?: string;

  constructor(code: ImportErrorCode, message: string, subject?: string) {
    super(message);
    this.name = 'ImportError';
    this.code = code;
    if (subject !== undefined) this.subject = subject;
  }
}

/** The plain-data form of an ImportError (what crosses the worker boundary). */
export interface ImportFailure {
  code: ImportErrorCode;
  message: string;
  subject?: string;
}
