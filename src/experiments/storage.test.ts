import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { problemOf, storageStatus } from './storage.ts';

/** An IndexedDB whose open() throws, as browsers do when storage is blocked for a site. */
function throwingOpen(name: string): IDBFactory {
  const real = new IDBFactory();
  return new Proxy(real, {
    get(target, prop) {
      if (prop === 'open')
        return () => {
          throw new DOMException('refused', name);
        };
      return Reflect.get(target, prop, target) as unknown;
    },
  });
}

describe('storageStatus', () => {
  it('is ok on a working IndexedDB (write and read back)', async () => {
    expect(await storageStatus(new IDBFactory())).toEqual({ kind: 'ok' });
  });

  it('says IndexedDB is missing when there is none', async () => {
    const s = await storageStatus(undefined);
    expect(s).toMatchObject({ kind: 'unavailable', problem: 'missing' });
    if (s.kind === 'unavailable') {
      expect(s.reason).toMatch(/nothing is kept after a reload/);
      expect(s.reason).not.toMatch(/npm/);
    }
  });

  it('reports the global indexedDB as missing in Node without it', async () => {
    expect('indexedDB' in globalThis).toBe(false);
    expect(await storageStatus()).toMatchObject({ problem: 'missing' });
  });

  it.each([
    ['SecurityError', 'open-failed'],
    ['InvalidStateError', 'private'],
    ['QuotaExceededError', 'quota'],
    ['UnknownError', 'open-failed'],
  ])('open() throwing %s is reported as %s', async (name, problem) => {
    expect(await storageStatus(throwingOpen(name))).toMatchObject({
      kind: 'unavailable',
      problem,
    });
  });

  it('an IndexedDB that never answers is reported after the timeout', async () => {
    const silent = { open: () => ({}) } as unknown as IDBFactory;
    expect(await storageStatus(silent, 20)).toMatchObject({ problem: 'timeout' });
  });

  it('maps write errors: quota, private mode, anything else as quota', () => {
    expect(problemOf(new DOMException('x', 'QuotaExceededError'), 'write')).toBe('quota');
    expect(problemOf(new DOMException('x', 'InvalidStateError'), 'write')).toBe('private');
    expect(problemOf(new Error('x'), 'write')).toBe('quota');
  });
});
