import type { BpeMerger } from "../bpe/bpe-merge.js";
import { PART_HASH_SEED, partHashStep } from "./part-cache.js";

/**
 * The tokens that BPE builds from their own characters: a part of text that is one of them is one
 * token, found with one look-up instead of a merge. This is exact by definition: the part's ids
 * are its characters' ids, the same as the token's, and BPE on them was run once, when the model
 * was built. Natural text that the caches have not seen yet is mostly such words (Gemma 3 has
 * 262,144 tokens): on unique text, merges of new parts were most of the counting time.
 *
 * Only BMP characters that are tokens of their own take part (no byte fallback, no surrogates).
 */
export interface WholeTokensModel {
  /** Per slot: hash, offset in `units`, length (0: empty). */
  slots: Int32Array;
  /** The tokens' UTF-16 units, one after another. */
  units: Uint16Array;
}

/** The whole tokens among `vocab`'s, each merged by `merger` from its characters' ids `charIds`. */
export function wholeTokensOf(vocab: Iterable<string>, charIds: Int32Array, merger: BpeMerger): WholeTokensModel {
  const found: string[] = [];
  let ids = new Int32Array(64);
  for (const token of vocab) {
    if (token.length < 2) continue;
    if (ids.length < token.length) ids = new Int32Array(token.length);
    let ok = true;
    for (let i = 0; i < token.length && ok; i++) {
      const c = token.charCodeAt(i);
      ids[i] = c >= 0xd800 && c < 0xe000 ? -1 : charIds[c]!;
      ok = ids[i]! >= 0;
    }
    if (ok && merger.count(ids, token.length) === 1) found.push(token);
  }
  let slots = 16;
  while (slots < found.length * 2) slots <<= 1;
  const table = new Int32Array(slots * 3);
  const units = new Uint16Array(found.reduce((n, t) => n + t.length, 0));
  let offset = 0;
  for (const token of found) {
    let hash = PART_HASH_SEED;
    for (let i = 0; i < token.length; i++) {
      units[offset + i] = token.charCodeAt(i);
      hash = partHashStep(hash, token.charCodeAt(i));
    }
    let slot = slotOf(hash, slots - 1);
    while (table[slot * 3 + 2] !== 0) slot = (slot + 1) & (slots - 1);
    table[slot * 3] = hash;
    table[slot * 3 + 1] = offset;
    table[slot * 3 + 2] = token.length;
    offset += token.length;
  }
  return { slots: table, units };
}

/** The hash of `text` with each space read as `replacement` (-1: none). */
export function wholeTokenHash(text: string, replacement: number): number {
  let hash = PART_HASH_SEED;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    hash = partHashStep(hash, c === 0x20 && replacement >= 0 ? replacement : c);
  }
  return hash;
}

function slotOf(hash: number, mask: number): number {
  return (hash ^ (hash >>> 16)) & mask;
}

export class WholeTokens {
  private readonly mask: number;

  constructor(private readonly model: WholeTokensModel) {
    this.mask = model.slots.length / 3 - 1;
  }

  /**
   * Whether text[start, end), with each space read as `replacement` (-1: none), is a whole token;
   * `hash` is its wholeTokenHash, which the scanner computes as it reads. A surrogate never
   * matches: no whole token holds one.
   */
  has(text: string, start: number, end: number, replacement: number, hash: number): boolean {
    const { slots, units } = this.model;
    const length = end - start;
    let slot = slotOf(hash, this.mask);
    for (;;) {
      const at = slot * 3;
      const l = slots[at + 2]!;
      if (l === 0) return false;
      if (l === length && slots[at] === hash) {
        let o = slots[at + 1]!;
        let i = start;
        for (; i < end; i++, o++) {
          let c = text.charCodeAt(i);
          if (c === 0x20 && replacement >= 0) c = replacement;
          if (units[o] !== c) break;
        }
        if (i === end) return true;
      }
      slot = (slot + 1) & this.mask;
    }
  }
}
