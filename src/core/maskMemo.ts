/**
 * MaskMemo: what computeMasks may reuse from its previous call. A slider step changes one layer's
 * sparsity, yet every layer's mask (and the NaN check of every weight) used to be recomputed. With a
 * memo, computeMasks recomputes only the parts whose inputs changed:
 * - the weights check, once per weight set;
 * - each part (one layer's masks, or the global-magnitude ranking) under a key naming every
 *   setting it reads (method, sparsity, removal, seed, ...).
 * Everything is forgotten as soon as the graph, the weights or the scores are other objects than
 * at the previous call (the store replaces them, never edits them in place), so a part is reused
 * only for exactly the inputs it was computed from. Only the latest key of each part is kept.
 */
import type { NetGraph, ScoreSet, WeightSet } from './types.ts';

/** Masks a part ANDs into the result, by tensor key (never handed out: the result is a copy). */
export type MaskPart = ReadonlyMap<string, Uint8Array>;

export class MaskMemo {
  private inputs: readonly [NetGraph, WeightSet, ScoreSet | undefined] | null = null;
  private checked = false;
  private readonly parts = new Map<string, { key: string; part: MaskPart }>();

  /** Starts a computation: keeps what was memoised only for the very same graph, weights, scores. */
  begin(graph: NetGraph, weights: WeightSet, scores: ScoreSet | undefined): void {
    const same =
      this.inputs !== null &&
      this.inputs[0] === graph &&
      this.inputs[1] === weights &&
      this.inputs[2] === scores;
    if (same) return;
    this.inputs = [graph, weights, scores];
    this.checked = false;
    this.parts.clear();
  }

  /** Runs `check` (which throws on bad weights) unless it passed for these weights already. */
  check(check: () => void): void {
    if (this.checked) return;
    check();
    this.checked = true;
  }

  /** Part `slot` for settings `key`: the memoised one when the key is unchanged, else `make()`. */
  part(slot: string, key: string, make: () => MaskPart): MaskPart {
    const kept = this.parts.get(slot);
    if (kept && kept.key === key) return kept.part;
    const part = make();
    this.parts.set(slot, { key, part });
    return part;
  }
}

/** What computeMasks needs of a memo: a MaskMemo, or NO_MEMO. */
export type MemoLike = Pick<MaskMemo, 'begin' | 'check' | 'part'>;

/** A memo that keeps nothing: every part is computed (computeMasks without a memo). */
export const NO_MEMO: MemoLike = {
  begin: () => undefined,
  check: (check: () => void) => check(),
  part: (_slot: string, _key: string, make: () => MaskPart) => make(),
};
