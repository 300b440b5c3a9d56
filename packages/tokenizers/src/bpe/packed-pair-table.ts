import type { PairTableModel } from "./pair-table.js";

/**
 * A pair table laid out for the WebAssembly counter (wasm/byte-bpe.c `pair_rank`): the merges
 * grouped by their left token, each left token's in a small open-addressed block of its own.
 *
 * Merging a word not seen before is about twenty look-ups. In PairTable's one table of megabytes
 * (16-byte slots, hashed on both tokens) each look-up lands on a line of its own, likely a cache
 * miss, and the lines a text needs stay cold. Grouped by left, the pairs of the tokens that start
 * most merges (bytes, frequent stems) sit together in a few kilobytes that stay in the processor's
 * caches, and a look-up reads the left token's descriptor (its 32 right-class bits, as PairTable's
 * filter, and where its block is) and then, if the class bit says it may merge, one slot, mostly,
 * which holds the right token, the rank and the merged token in 21 bits each.
 */
export interface PackedPairTable {
  /** Per left token id, two words: its right-class bits, then its block's first slot | log2(block slots) << 26. */
  lefts: Uint32Array;
  /**
   * Per slot, the two little-endian words of 64 bits: right token (bits 0–20), rank (21–41),
   * merged token (42–62); all ones: empty.
   */
  slots: Uint32Array;
}

const EMPTY = 0xffffffff;
const OFFSET_LIMIT = 1 << 26;
/** Token ids and ranks must fit in 21 bits: 2,097,152, ten times the largest byte-level vocabulary. */
const FIELD_LIMIT = 1 << 21;

/** A right token's first slot in a block of 2^bits slots (bits ≥ 1). */
export function blockSlot(right: number, bits: number): number {
  return Math.imul(right, 0x85ebca77) >>> (32 - bits);
}

/**
 * `pairs` packed, or undefined when a token id or a rank does not fit in 21 bits or the blocks do
 * not fit in 2^26 slots (the TypeScript counter takes such a table). Built with the model (about
 * 0.1 s for o200k_base), so that the model cache keeps it and a warm start does not pack again.
 */
export function packPairTable(pairs: PairTableModel): PackedPairTable | undefined {
  const from = pairs.slots;
  let maxLeft = -1;
  for (let at = 0; at < from.length; at += 4) {
    if (from[at] === -1) continue;
    maxLeft = Math.max(maxLeft, from[at]!);
    if (Math.max(from[at]!, from[at + 1]!, from[at + 2]!, from[at + 3]!) >= FIELD_LIMIT) return undefined;
  }
  const counts = new Uint32Array(maxLeft + 1);
  for (let at = 0; at < from.length; at += 4) if (from[at] !== -1) counts[from[at]!]!++;
  // A block is at most 3/4 full, so that a probe always ends at an empty slot.
  const lefts = new Uint32Array(2 * (maxLeft + 1));
  let offset = 0;
  for (let left = 0; left <= maxLeft; left++) {
    const count = counts[left]!;
    if (count === 0) continue;
    let bits = 1;
    while (1 << bits < Math.ceil((count * 4) / 3) + 1) bits++;
    if (offset + (1 << bits) > OFFSET_LIMIT) return undefined;
    // PairTable's right classes of the left token: its filter, as they are.
    lefts[2 * left] = pairs.rightClasses[left]! >>> 0;
    lefts[2 * left + 1] = (offset | (bits << 26)) >>> 0;
    offset += 1 << bits;
  }
  const slots = new Uint32Array(2 * offset).fill(EMPTY);
  for (let at = 0; at < from.length; at += 4) {
    const left = from[at]!;
    if (left === -1) continue;
    const right = from[at + 1]!;
    const rank = from[at + 2]!;
    const merged = from[at + 3]!;
    const bits = lefts[2 * left + 1]! >>> 26;
    const first = lefts[2 * left + 1]! & (OFFSET_LIMIT - 1);
    const mask = (1 << bits) - 1;
    let slot = blockSlot(right, bits);
    while (slots[2 * (first + slot) + 1] !== EMPTY) slot = (slot + 1) & mask;
    slots[2 * (first + slot)] = (right | (rank << 21)) >>> 0;
    slots[2 * (first + slot) + 1] = ((rank >>> 11) | (merged << 10)) >>> 0;
  }
  return { lefts, slots };
}
