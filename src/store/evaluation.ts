/**
 * Latest-wins evaluation: while the engine evaluates one set of masks, newer requests replace each
 * other and only the newest runs next. Each request runs a fast preview first; the full test set
 * follows only if nothing newer arrived meanwhile, and only after a short settle time, so a full
 * pass (seconds on a software GPU, and not interruptible) never holds up the previews of a drag.
 */
import type { MaskSet } from '../core/types.ts';

export interface EvalScheduler {
  /** Asks for an evaluation of these masks; `tag` comes back with the result. */
  request(masks: MaskSet, tag: number): void;
  /** Resolves when nothing is queued or running. */
  idle(): Promise<void>;
}

/**
 * @param run evaluates masks on a subset (the engine call), given the request's tag
 * @param onResult receives each result with the tag of its request
 * @param onError receives failures (the scheduler keeps going)
 * @param settleMs wait this long after a preview before starting the full pass
 */
export function createEvalScheduler<R>(
  run: (masks: MaskSet, subset: 'preview' | 'full', tag: number) => Promise<R>,
  onResult: (r: R, tag: number) => void,
  onError: (e: unknown) => void,
  settleMs = 0,
): EvalScheduler {
  let next: { masks: MaskSet; tag: number } | null = null;
  let busy = false;
  let waiters: (() => void)[] = [];

  async function pump(): Promise<void> {
    if (busy) return;
    busy = true;
    try {
      while (next) {
        const job = next;
        next = null;
        try {
          onResult(await run(job.masks, 'preview', job.tag), job.tag);
          if (settleMs > 0 && !next) await new Promise((r) => setTimeout(r, settleMs));
          if (next) continue; // superseded: skip the full pass
          onResult(await run(job.masks, 'full', job.tag), job.tag);
        } catch (e) {
          onError(e);
        }
      }
    } finally {
      busy = false;
      const w = waiters;
      waiters = [];
      w.forEach((f) => f());
    }
  }

  return {
    request(masks, tag) {
      next = { masks, tag };
      void pump();
    },
    idle() {
      return busy || next ? new Promise((r) => waiters.push(r)) : Promise.resolve();
    },
  };
}
