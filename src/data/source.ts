import { DataError, describeError } from './errors.ts';

/**
 * Reads one file of the data directory by its name (e.g. 'manifest.json'). Implementations throw
 * a DataError with code 'missing' naming the file when it does not exist or cannot be read.
 */
export type DataSource = (path: string) => Promise<ArrayBuffer>;

/**
 * A DataSource over HTTP for the browser.
 * @param base URL of the data directory, e.g. `${import.meta.env.BASE_URL}data/`; a trailing slash
 *   is added when absent.
 * @param fetchImpl the fetch function (the global one by default).
 * @returns a source that fails with DataError 'missing' on network errors, HTTP errors and HTML
 *   answers (a dev server's page fallback for a file that is not there).
 */
export function fetchSource(
  base: string,
  fetchImpl: typeof fetch = (input, init) => fetch(input, init),
): DataSource {
  const prefix = base.endsWith('/') ? base : `${base}/`;
  return async (path) => {
    const url = prefix + path;
    let response: Response;
    try {
      response = await fetchImpl(url);
    } catch (error) {
      throw new DataError(
        'missing',
        path,
        `${path} could not be fetched from ${url}: ${describeError(error)}.`,
        {
          cause: error,
        },
      );
    }
    if (!response.ok) {
      const what = response.status === 404 ? 'is missing' : 'could not be fetched';
      throw new DataError(
        'missing',
        path,
        `${path} ${what} (HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''} from ${url})`,
      );
    }
    if ((response.headers.get('content-type') ?? '').includes('text/html')) {
      throw new DataError(
        'missing',
        path,
        `${path} is missing: ${url} answered with an HTML page instead of the file`,
      );
    }
    return response.arrayBuffer();
  };
}
