/**
 * The removal's effect on "parameters kept" in words, from the numbers of the setup on screen:
 * the totals without and with the removal, and the layers that moved most, each with its reason.
 */
import type { LayerKind, RemovalChange, RemovalEffect } from '../core/index.ts';
import { fmtCount, fmtPct } from './format.ts';

/** How many changed layers are named (the largest changes). */
const NAMED = 3;

function unitWord(kind: LayerKind, n: number): string {
  const word = kind === 'conv2d' ? 'filter' : 'unit';
  return `${fmtCount(n)} ${word}${n === 1 ? '' : 's'}`;
}

function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** One layer's change: "dense1 keeps 37,632 more (12,544 → 50,176): …". */
export function changeSentence(c: RemovalChange): string {
  const d = c.after - c.before;
  const counts = `${fmtCount(c.before)} → ${fmtCount(c.after)}`;
  switch (c.cause.kind) {
    case 'removed':
      return `${c.layer} keeps none of its ${fmtCount(c.elements)} (${counts}): it is replaced by identity.`;
    case 'inputs':
      return `${c.layer} keeps ${fmtCount(d)} more (${counts}): the ${unitWord(c.cause.fromKind, c.cause.units)} ${c.cause.from}'s slider pruned no longer cut its inputs.`;
    case 'ranking':
      return `${c.layer} keeps ${fmtCount(Math.abs(d))} ${d > 0 ? 'more' : 'fewer'} (${counts}): the global ranking now shares the sparsity among the layers left.`;
    case 'other':
      return `${c.layer} keeps ${fmtCount(Math.abs(d))} ${d > 0 ? 'more' : 'fewer'} (${counts}).`;
  }
}

/** The headline: "Removing conv3: parameters kept 25.1% → 47.1% (…)". */
export function removalHeadline(e: RemovalEffect): string {
  const pct = (kept: number) => fmtPct(e.elements > 0 ? kept / e.elements : 0, 1);
  const move =
    e.after === e.before
      ? `stay at ${pct(e.after)}`
      : `${e.after > e.before ? 'rise' : 'fall'} from ${pct(e.before)} to ${pct(e.after)}`;
  return `Removing ${joinNames(e.removed)}: parameters kept ${move} (${fmtCount(e.before)} → ${fmtCount(e.after)}).`;
}

/** Headline, then the sentences of the layers that moved most, then how many more moved. */
export function removalSentences(e: RemovalEffect): string[] {
  const named = e.changes.slice(0, NAMED).map(changeSentence);
  const rest = e.changes.length - NAMED;
  return [
    removalHeadline(e),
    ...named,
    ...(rest > 0 ? [`${rest} more layer${rest === 1 ? '' : 's'} changed less.`] : []),
  ];
}
