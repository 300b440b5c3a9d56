import type { MergeJoins } from "./merge-joins.js";

/**
 * What the line scanner needs to know of a BMP UTF-16 unit, packed in 16 bits so that one load
 * answers it: whether the character is a token of its own, its row in the dense join table, whether
 * a merge may end or start with it, and whether it needs the slow path. The separate tables this
 * replaces (token ids, dense indexes, left ends, right starts, added-token starts) were five loads
 * per character from 700 kB of tables, which Japanese text, its characters spread over the BMP,
 * took mostly from the L2 cache.
 */
export type CharInfo = Uint16Array;

/** The character's index + 1 in the dense join table (merge-joins.ts DENSE ≤ 4095), 0 if it has none. */
export const DENSE_INDEX = 0xfff;
/** Some merge's left part ends with the character (merge-joins.ts leftEnds). */
export const LEFT_END = 1 << 12;
/** Some merge's right part starts with the character (merge-joins.ts rightStarts). */
export const RIGHT_START = 1 << 13;
/** The character is a token of its own (else it falls back to bytes). */
export const TOKEN = 1 << 14;
/** A surrogate, or a unit some added token starts with: the scanner reads it the slow way. */
export const SLOW = 1 << 15;
/** The other bits: a constant, as `~SLOW` in the scanner deoptimized it the first time it ran. */
export const NOT_SLOW = SLOW - 1;

/**
 * The info of each UTF-16 unit; a space (raw scan, `replacement` ≥ 0) has that of its replacement,
 * and `mayStart` (1 per unit an added token starts with) marks units SLOW.
 */
export function charInfoOf(
  charIds: Int32Array,
  joins: MergeJoins,
  replacement: number,
  mayStart: Uint8Array | undefined,
): CharInfo {
  const info = new Uint16Array(0x10000);
  for (let c = 0; c < 0x10000; c++) {
    if (c >= 0xd800 && c < 0xe000) {
      info[c] = SLOW;
      continue;
    }
    info[c] =
      infoOf(c === 0x20 && replacement >= 0 ? replacement : c, charIds, joins) |
      (mayStart !== undefined && mayStart[c] === 1 ? SLOW : 0);
  }
  return info;
}

/** The info of a BMP character that is not a surrogate, without SLOW. */
function infoOf(cp: number, charIds: Int32Array, joins: MergeJoins): number {
  return (
    joins.dense[cp]! |
    (joins.leftEnds[cp] === 1 ? LEFT_END : 0) |
    (joins.rightStarts[cp] === 1 ? RIGHT_START : 0) |
    (charIds[cp]! >= 0 ? TOKEN : 0)
  );
}

/** The info of a character beyond the BMP: never dense, and always looked up in the join pairs (merge-joins.ts mayJoin). */
export function astralInfo(isToken: boolean): number {
  return isToken ? TOKEN | LEFT_END | RIGHT_START : 0;
}
