/** Why a data file could not be used. */
export type DataErrorCode = 'missing' | 'truncated' | 'corrupt' | 'bad-manifest';

/** The command that rebuilds the data files, quoted in every error message. */
export const REBUILD_HINT = 'Run `npm run data` to rebuild it.';

/**
 * A data file is missing, truncated or corrupt, or the manifest is unusable. The message names the
 * file and says how to fix it; `file` holds the name relative to the data directory.
 */
export class DataError extends Error {
  readonly code: DataErrorCode;
  readonly file: string;

  constructor(code: DataErrorCode, file: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DataError';
    this.code = code;
    this.file = file;
  }
}

/** Text of an unknown thrown value. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
