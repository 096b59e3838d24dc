/**
 * Node-only DataSource over the file system. index.ts does not export it, so the browser bundle
 * never pulls in node:fs. The module is loaded at call time with a computed specifier, which keeps
 * this file free of Node typings (the app's tsconfig has none).
 */
import { DataError, describeError } from './errors.ts';
import type { DataSource } from './source.ts';

/** The part of node:fs/promises used here. */
interface NodeFs {
  readFile(path: URL): Promise<Uint8Array>;
}

/** URL of the repository's public/data directory (ends with a slash). */
export const PUBLIC_DATA_DIR: URL = new URL('../../public/data/', import.meta.url);

const FS_MODULE = 'node:fs/promises';

/**
 * A DataSource reading files from a directory with fs.readFile (Node only).
 * @param dir the data directory as a file: URL or an absolute path (public/data by default).
 * @returns a source that fails with DataError 'missing' naming the file when it cannot be read.
 */
export function nodeSource(dir: URL | string = PUBLIC_DATA_DIR): DataSource {
  let base = dir;
  if (typeof base === 'string') {
    const path = base.endsWith('/') ? base : `${base}/`;
    base = new URL('file:///');
    base.pathname = path;
  }
  const root = base;
  return async (path) => {
    const fs = (await import(/* @vite-ignore */ FS_MODULE)) as NodeFs;
    const url = new URL(path, root);
    let bytes: Uint8Array;
    try {
      bytes = await fs.readFile(url);
    } catch (error) {
      const missing = (error as { code?: unknown }).code === 'ENOENT';
      const what = missing
        ? `is missing from ${decodeURIComponent(root.pathname)}`
        : `could not be read (${describeError(error)})`;
      throw new DataError('missing', path, `${path} ${what}`, {
        cause: error,
      });
    }
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  };
}
