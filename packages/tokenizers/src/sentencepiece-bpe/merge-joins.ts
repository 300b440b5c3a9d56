import type { PairTable } from "../bpe/pair-table.js";

/**
 * Where a whole-line BPE word (SentencePiece style: no pre-tokenizer) may be cut into parts that
 * are merged on their own, with the same number of tokens as the whole: between any two
 * characters that no merge can join.
 *
 * The argument. BPE only ever merges a pair (a, b) that the merges list, into the token a+b.
 * Take a cut between characters x and y, both tokens of their own. Every token that ends just
 * before the cut is a string of the word's characters ending with x, every token that starts
 * just after it one starting with y (a token is the concatenation of the tokens it merged). The
 * first token to span the cut would come from a merge (a, b) with a ending with x and b starting
 * with y. If no merge has that shape, no token ever spans the cut, each pair BPE merges lies on
 * one side, and BPE on the parts merges the same pairs in the same order: within a part, the pair
 * the whole picks is the lowest-ranked and leftmost of that part too. So the count of the whole
 * is the sum of the counts of the parts.
 *
 * A character outside the vocabulary becomes byte tokens (<0xXX>), whose strings are not the
 * character. If no merge takes a byte token, such a character is a part of its own, cut on both
 * sides; otherwise no cut is made next to one.
 *
 * Natural text has many such cuts: Gemma 3 leaves Japanese in parts of 1.7 characters on average,
 * English in parts of 4.6 (most words, and some cut inside), which the piece cache counts once.
 */
export interface MergeJoins {
  /** 1 for each BMP character that ends the left part of some merge (astral ones are always looked up). */
  leftEnds: Uint8Array;
  /** 1 for each BMP character that starts the right part of some merge. */
  rightStarts: Uint8Array;
  /** The (last character of a, first character of b) code point pairs of the merges, open addressing: left, right, left, right... (-1: empty). */
  pairs: Int32Array;
  /** Whether some merge takes a byte token: then a character that falls back to bytes is never cut from its neighbours. */
  bytesJoin: boolean;
  /** For the DENSE BMP characters in the most pairs, their index + 1 (0: another character). */
  dense: Uint16Array;
  /** A bit per (dense left, dense right): the pairs of those characters without hashing (English, kana and common kanji). */
  denseBits: Uint8Array;
}

/** Characters with a row and column in `denseBits`: its 512 kB stay in a core's cache. */
export const DENSE = 2048;

/**
 * The joins of a BPE model whose merges are given as strings (those the pair table leaves out
 * included, which only makes fewer cuts), and whose pair table and byte tokens are `pairs` and `byteIds`.
 */
export function mergeJoinsOf(
  merges: Iterable<string | readonly [string, string]>,
  pairTable: PairTable,
  byteIds: Int32Array,
): MergeJoins {
  const leftEnds = new Uint8Array(0x10000);
  const rightStarts = new Uint8Array(0x10000);
  const found: number[] = [];
  const seen = new Set<number>();
  for (const merge of merges) {
    const [a, b] = typeof merge === "string" ? (merge.split(" ") as [string, string]) : merge;
    if (a.length === 0 || b.length === 0) continue;
    const last = lastCodePoint(a);
    const first = b.codePointAt(0)!;
    if (last <= 0xffff) leftEnds[last] = 1;
    if (first <= 0xffff) rightStarts[first] = 1;
    // Code points fit in 21 bits: the pair as one number, exactly.
    const key = last * 0x200000 + first;
    if (seen.has(key)) continue;
    seen.add(key);
    found.push(last, first);
  }
  let slots = 16;
  while (slots < found.length) slots <<= 1;
  const pairs = new Int32Array(slots * 2).fill(-1);
  for (let k = 0; k < found.length; k += 2) {
    let slot = slotOf(found[k]!, found[k + 1]!, slots - 1);
    while (pairs[slot * 2] !== -1) slot = (slot + 1) & (slots - 1);
    pairs[slot * 2] = found[k]!;
    pairs[slot * 2 + 1] = found[k + 1]!;
  }
  const inPairs = new Map<number, number>();
  for (const cp of found) if (cp <= 0xffff) inPairs.set(cp, (inPairs.get(cp) ?? 0) + 1);
  const dense = new Uint16Array(0x10000);
  [...inPairs]
    .sort((x, y) => y[1] - x[1] || x[0] - y[0])
    .slice(0, DENSE)
    .forEach(([cp], i) => {
      dense[cp] = i + 1;
    });
  const denseBits = new Uint8Array((DENSE * DENSE) >> 3);
  for (let k = 0; k < found.length; k += 2) {
    const a = found[k]! <= 0xffff ? dense[found[k]!]! : 0;
    const b = found[k + 1]! <= 0xffff ? dense[found[k + 1]!]! : 0;
    if (a === 0 || b === 0) continue;
    const bit = (a - 1) * DENSE + (b - 1);
    denseBits[bit >> 3]! |= 1 << (bit & 7);
  }
  const isByte = new Set(byteIds);
  let bytesJoin = false;
  pairTable.forEach((left, right) => {
    if (isByte.has(left) || isByte.has(right)) bytesJoin = true;
  });
  return { leftEnds, rightStarts, pairs, bytesJoin, dense, denseBits };
}

function lastCodePoint(s: string): number {
  const end = s.charCodeAt(s.length - 1);
  return s.length >= 2 && end >= 0xdc00 && end < 0xe000 ? s.codePointAt(s.length - 2)! : end;
}

function slotOf(left: number, right: number, mask: number): number {
  let h = Math.imul(left, 0x9e3779b1) ^ Math.imul(right + 0x7f4a7c15, 0x85ebca77);
  h ^= h >>> 15;
  return h & mask;
}

/** Whether some merge may join code point `left` to a following `right` (both tokens of their own). */
export function mayJoin(joins: MergeJoins, left: number, right: number): boolean {
  if (left <= 0xffff && right <= 0xffff) {
    const a = joins.dense[left]!;
    const b = joins.dense[right]!;
    if (a !== 0 && b !== 0) {
      const bit = (a - 1) * DENSE + (b - 1);
      return (joins.denseBits[bit >> 3]! & (1 << (bit & 7))) !== 0;
    }
    if (joins.leftEnds[left] === 0 || joins.rightStarts[right] === 0) return false;
  } else if ((left <= 0xffff && joins.leftEnds[left] === 0) || (right <= 0xffff && joins.rightStarts[right] === 0))
    return false;
  return inPairs(joins.pairs, left, right);
}

function inPairs(pairs: Int32Array, left: number, right: number): boolean {
  const mask = (pairs.length >> 1) - 1;
  let slot = slotOf(left, right, mask);
  for (;;) {
    const l = pairs[slot * 2]!;
    if (l === -1) return false;
    if (l === left && pairs[slot * 2 + 1] === right) return true;
    slot = (slot + 1) & mask;
  }
}
