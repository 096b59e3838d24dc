/**
 * The browser's data source: every way a fetch can fail becomes DataError 'missing' naming the
 * file, with a message a visitor can act on (check the connection, reload) and the build command
 * only in the developer's detail.
 */
import { describe, expect, it } from 'vitest';
import { DataError } from './errors.ts';
import { fetchSource } from './source.ts';

async function failure(answer: () => Promise<Response>): Promise<DataError> {
  const source = fetchSource('/data', () => answer());
  const e: unknown = await source('mnist-test-labels.bin.gz').then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(DataError);
  return e as DataError;
}

describe('fetchSource', () => {
  it.each([
    ['the network is gone', () => Promise.reject(new TypeError('Failed to fetch'))],
    ['the file is not there (404)', async () => new Response('nope', { status: 404 })],
    [
      'a page answers instead of the file',
      async () => new Response('<html></html>', { headers: { 'content-type': 'text/html' } }),
    ],
  ])('when %s: names the file, says what a visitor can do, no build command', async (_, answer) => {
    const e = await failure(answer);
    expect(e.code).toBe('missing');
    expect(e.file).toBe('mnist-test-labels.bin.gz');
    expect(e.message).toContain('mnist-test-labels.bin.gz');
    expect(e.message).toMatch(/check the network connection and reload the page/i);
    expect(e.message).not.toMatch(/npm/);
    expect(e.detail).toContain('npm run data');
  });

  it('reads a file that is there', async () => {
    const source = fetchSource('/data/', async (url) => {
      expect(url).toBe('/data/a.bin');
      return new Response(new Uint8Array([1, 2, 3]));
    });
    expect(Array.from(new Uint8Array(await source('a.bin')))).toEqual([1, 2, 3]);
  });
});
