import type { PairTable } from "../../src/bpe/pair-table.js";

/**
 * BPE by its definition, the reference the fast merges are checked against: merge the leftmost
 * of the lowest-ranked pairs until none merges. Returns the tokens left.
 */
export function bpeByDefinition(ids: Iterable<number>, pairs: PairTable): number[] {
  const parts = [...ids];
  for (;;) {
    let best = Infinity;
    let at = -1;
    for (let i = 0; i + 1 < parts.length; i++) {
      const rank = pairs.rank(parts[i]!, parts[i + 1]!);
      if (rank >= 0 && rank < best) {
        best = rank;
        at = i;
      }
    }
    if (at < 0) return parts;
    parts.splice(at, 2, pairs.merged(parts[at]!, parts[at + 1]!));
  }
}
