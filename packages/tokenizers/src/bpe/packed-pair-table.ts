import type { PairTableModel } from "./pair-table.js";

/**
 * A pair table in 8 bytes a pair, for the WebAssembly counter (wasm/byte-bpe.c `pair_rank`):
 * left id, right id and rank in 21 bits each, and a bit that says the slot is taken. PairTable's
 * slots are 16 bytes (they also hold the merged id) at most half full, behind two filters; merging
 * a word not seen before is about twenty look-ups, each a likely cache miss in a table of
 * megabytes, and this one is half to a quarter of the size with one filter (the per-left right
 * classes, which stay in cache). The merged token is read from `mergedOfRank` by the rank, once
 * per merge applied.
 */
export interface PackedPairTable {
  /** Two words per slot, little-endian halves of the 64-bit slot (see `pack`). */
  slots: Uint32Array;
  /** Per rank, the token the pair of that rank merges into. */
  mergedOfRank: Int32Array;
}

/** Ids and ranks must fit in 21 bits: 2,097,152 tokens, ten times the largest byte-level vocabulary. */
const FIELD_BITS = 21;
const FIELD_LIMIT = 1 << FIELD_BITS;

const packed = new WeakMap<Int32Array, PackedPairTable | null>();

/**
 * `pairs` packed, or undefined when an id or a rank does not fit in 21 bits or a rank belongs to
 * pairs that merge into different tokens (the TypeScript counter takes such a table). Packed once
 * per table in a thread.
 */
export function packPairTable(pairs: PairTableModel): PackedPairTable | undefined {
  let table = packed.get(pairs.slots);
  if (table === undefined) {
    table = pack(pairs);
    packed.set(pairs.slots, table);
  }
  return table ?? undefined;
}

/** PairTable.hash: the C side probes from the same slot. */
function pairHash(left: number, right: number): number {
  const h = Math.imul(left, 0x9e3779b1) ^ Math.imul(right + 0x7f4a7c15, 0x85ebca77);
  return h ^ (h >>> 15);
}

function pack(pairs: PairTableModel): PackedPairTable | null {
  const from = pairs.slots;
  let maxRank = -1;
  for (let at = 0; at < from.length; at += 4) {
    const left = from[at]!;
    if (left === -1) continue;
    if (left >= FIELD_LIMIT || from[at + 1]! >= FIELD_LIMIT || from[at + 2]! >= FIELD_LIMIT) return null;
    if (from[at + 2]! > maxRank) maxRank = from[at + 2]!;
  }
  // At most 4/5 full: the right-class filter answers most failing look-ups before they probe.
  let size = 16;
  while (size * 4 < pairs.size * 5) size <<= 1;
  const mask = size - 1;
  const slots = new Uint32Array(2 * size);
  const mergedOfRank = new Int32Array(maxRank + 1).fill(-1);
  for (let at = 0; at < from.length; at += 4) {
    const left = from[at]!;
    if (left === -1) continue;
    const right = from[at + 1]!;
    const rank = from[at + 2]!;
    // Two pairs of one rank must merge into one token (tiktoken's do: its ranks are the merged tokens).
    if (mergedOfRank[rank] !== -1 && mergedOfRank[rank] !== from[at + 3]) return null;
    mergedOfRank[rank] = from[at + 3]!;
    let slot = pairHash(left, right) & mask;
    while (slots[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
    // Bits 0–20 left, 21–41 right, 42–62 rank, 63 taken.
    slots[2 * slot] = (left | (right << FIELD_BITS)) >>> 0;
    slots[2 * slot + 1] = ((right >>> (32 - FIELD_BITS)) | (rank << (FIELD_BITS * 2 - 32)) | 0x80000000) >>> 0;
  }
  return { slots, mergedOfRank };
}
