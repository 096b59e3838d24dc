import { describe, expect, it } from 'vitest';
import type { EvalResult } from '../engine/api.ts';
import { createEvalScheduler } from './evaluation.ts';

function result(subset: 'preview' | 'full', accuracy: number): EvalResult {
  return { accuracy, loss: 0, n: 1, subset, perClass: [], confusion: [], ms: 0 };
}

describe('latest-wins evaluation', () => {
  it('runs preview then full for a lone request', async () => {
    const calls: string[] = [];
    const got: [string, number][] = [];
    const s = createEvalScheduler(
      async (m, subset) => {
        calls.push(`${Object.keys(m)[0]}:${subset}`);
        return result(subset, 0.5);
      },
      (r, tag) => got.push([r.subset, tag]),
      () => undefined,
    );
    s.request({ a: new Uint8Array(1) }, 1);
    await s.idle();
    expect(calls).toEqual(['a:preview', 'a:full']);
    expect(got).toEqual([
      ['preview', 1],
      ['full', 1],
    ]);
  });

  it('drops superseded requests and skips their full pass', async () => {
    const calls: string[] = [];
    let release: () => void = () => undefined;
    const s = createEvalScheduler(
      (m, subset) => {
        calls.push(`${Object.keys(m)[0]}:${subset}`);
        return new Promise<EvalResult>((r) => {
          release = () => r(result(subset, 0));
        });
      },
      () => undefined,
      () => undefined,
    );
    s.request({ a: new Uint8Array(1) }, 1);
    s.request({ b: new Uint8Array(1) }, 2); // queued behind a
    s.request({ c: new Uint8Array(1) }, 3); // replaces b
    const done = s.idle();
    for (let i = 0; i < 10; i++) {
      await Promise.resolve();
      release();
      await new Promise((r) => setTimeout(r, 0));
    }
    await done;
    expect(calls).toEqual(['a:preview', 'c:preview', 'c:full']);
  });

  it('skips the full pass when a request arrives while it settles', async () => {
    const calls: string[] = [];
    const s = createEvalScheduler(
      async (m, subset) => {
        calls.push(`${Object.keys(m)[0]}:${subset}`);
        return result(subset, 0.5);
      },
      () => undefined,
      () => undefined,
      30,
    );
    s.request({ a: new Uint8Array(1) }, 1);
    await new Promise((r) => setTimeout(r, 5));
    s.request({ b: new Uint8Array(1) }, 2);
    await s.idle();
    expect(calls).toEqual(['a:preview', 'b:preview', 'b:full']);
  });

  it('reports an error and keeps serving later requests', async () => {
    const errors: unknown[] = [];
    let fail = true;
    const got: number[] = [];
    const s = createEvalScheduler(
      async (_m, subset) => {
        if (fail) {
          fail = false;
          throw new Error('context lost');
        }
        return result(subset, 0.9);
      },
      (_r, tag) => got.push(tag),
      (e) => errors.push(e),
    );
    s.request({}, 1);
    await s.idle();
    s.request({}, 2);
    await s.idle();
    expect(errors).toHaveLength(1);
    expect(got).toEqual([2, 2]);
  });
});
