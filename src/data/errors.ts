/** Why a data file could not be used. */
export type DataErrorCode = 'missing' | 'truncated' | 'corrupt' | 'bad-manifest';

/** For developers: the command that rebuilds the data files (only in `DataError.detail`). */
export const REBUILD_HINT = 'Run `npm run data` to rebuild the data files.';

/** For a visitor: what to do about a data file that could not be used, by code. */
export const VISITOR_HINTS: Record<DataErrorCode, string> = {
  missing:
    "Check the network connection and reload the page; if it persists, the site's data files are missing.",
  truncated: "Reload the page; if it persists, the site's data files are damaged.",
  corrupt: "Reload the page; if it persists, the site's data files are damaged.",
  'bad-manifest': "Reload the page; if it persists, the site's data files are damaged.",
};

/**
 * A data file is missing, truncated or corrupt, or the manifest is unusable. `file` holds the name
 * relative to the data directory; `fact` says what is wrong with it. `message` is for a visitor
 * (the fact and an action a visitor can take: reload, check the connection); `detail` is for
 * developers and logs (the fact and the build command that rebuilds the files).
 */
export class DataError extends Error {
  readonly code: DataErrorCode;
  readonly file: string;
  /** What is wrong, naming the file, e.g. "mnist-test-labels.bin.gz is truncated: …". */
  readonly fact: string;
  /** For developers: the fact and how to rebuild the files. */
  readonly detail: string;

  constructor(code: DataErrorCode, file: string, fact: string, options?: { cause?: unknown }) {
    const sentence = /[.!?]$/.test(fact) ? fact : `${fact}.`;
    super(`${sentence} ${VISITOR_HINTS[code]}`, options);
    this.name = 'DataError';
    this.code = code;
    this.file = file;
    this.fact = sentence;
    this.detail = `${sentence} ${REBUILD_HINT}`;
  }
}

/** Text of an unknown thrown value. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
