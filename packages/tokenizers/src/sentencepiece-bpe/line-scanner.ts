import type { AddedTokens } from "../text/added-tokens.js";
import type { BpeMerger } from "../bpe/bpe-merge.js";
import type { PairTable } from "../bpe/pair-table.js";
import type { PieceCache, RangeCounter } from "../cache/piece-cache.js";
import {
  astralInfo,
  type CharInfo,
  charInfoOf,
  DENSE_INDEX,
  LEFT_END,
  NOT_SLOW,
  RIGHT_START,
  SLOW,
  TOKEN,
} from "./char-info.js";
import { DENSE, mayJoin, type MergeJoins } from "./merge-joins.js";
import { MAX_PART_UNITS, PART_HASH_SEED, PartCache, partHashStep } from "./part-cache.js";
import { type WholeTokens, wholeTokenHash } from "./whole-tokens.js";

/** What the scanner counts with: the model's tables, built once per counter. */
interface ScannerTables {
  /** Token id of each BMP character (-1: none). */
  charIds: Int32Array;
  astralIds: Map<number, number>;
  byteIds: Int32Array;
  pairs: PairTable;
  merger: BpeMerger;
  joins: MergeJoins;
  whole: WholeTokens;
  cache: PieceCache;
}

/**
 * When the normalizer only replaces " " by one character (SentencePiece's "▁") and perhaps puts
 * that character before each non-empty stretch between added tokens, the scanner reads the raw
 * text: the replacement and the prefix are made as characters are read, never as strings.
 */
export interface RawSpaces {
  /** The UTF-16 unit a space becomes. */
  replacement: number;
  /** Whether it is also put before each non-empty stretch between added tokens. */
  prefix: boolean;
  added: AddedTokens;
}

/**
 * BPE over whole lines in one pass over the text: each character becomes its token id as it is
 * read, the line is cut wherever merge-joins.ts proves no merge can join the characters on
 * either side, and each part is counted at once: one or two tokens directly, longer ones through
 * the piece cache, looked up where the part lies in the text (no string is made unless the part
 * is new, or starts with the prefix). Lone surrogates are read as U+FFFD, as the reference reads
 * them (it receives UTF-8), so the text need not be made well formed first.
 *
 * The cache keys of a raw scan are raw text, whose spaces stand for the replacement: a key is
 * always the same part, since the replacement is a function of each character alone. Prefixed
 * parts are keyed with the prefix written out, which is what that text means too.
 */
export class LineScanner {
  private ids = new Int32Array(1024);
  /** Ids in the part being merged (made by `idsOf`). */
  private partIds = 0;
  private readonly prefixKey: string;
  private readonly prefixId: number;
  private readonly parts = new PartCache();
  /** Each UTF-16 unit's info (char-info.ts), and that of the prefix. */
  private readonly info: CharInfo;
  private readonly prefixInfo: number;
  /** The part `countPart` was last given, for `mergePart`. */
  private partText = "";
  private partStart = 0;
  private partEnd = 0;
  private partPrefixed = false;
  /** `mergePart` as the shared cache calls it on a miss (it reads the part where it lies). */
  private readonly merger: RangeCounter = { countRange: () => this.mergePart() };

  constructor(
    private readonly tables: ScannerTables,
    private readonly raw: RawSpaces | undefined,
  ) {
    this.prefixKey = raw ? String.fromCharCode(raw.replacement) : "";
    this.prefixId = raw ? tables.charIds[raw.replacement]! : -1;
    if (raw && this.prefixId < 0) throw new Error("the space replacement must be a token of its own");
    const mayStart = raw && !raw.added.none ? raw.added.mayStart : undefined;
    this.info = charInfoOf(tables.charIds, tables.joins, raw ? raw.replacement : -1, mayStart);
    this.prefixInfo = raw ? this.info[raw.replacement]! & NOT_SLOW : 0;
  }

  /**
   * The tokens of `text`: raw text (added tokens split out here) if the scanner was made with
   * `RawSpaces`, else one normalized stretch between added tokens.
   *
   * Characters are read for their info only (char-info.ts: one load each); a part's token ids are
   * made only when it is merged (`idsOf`), which most parts, found in a cache, never are. `k` counts
   * the ids the part would have.
   */
  count(text: string): number {
    const n = text.length;
    // At most 4 byte tokens per UTF-16 unit pair, 3 per unit, and the prefix.
    if (n * 3 + 1 > this.ids.length) this.ids = new Int32Array(n * 3 + 1);
    const { astralIds, joins } = this.tables;
    const info = this.info;
    const raw = this.raw;
    const added = raw && !raw.added.none ? raw.added : undefined;
    const space = raw ? 0x20 : -1;
    const replacement = raw ? raw.replacement : -1;
    const prefix = raw?.prefix === true;
    const prefixInfo = this.prefixInfo;
    const { bytesJoin, denseBits } = joins;
    let total = 0;
    // The part being read: text[start, i), with k ids, whether the prefix comes first.
    let start = 0;
    let k = 0;
    let hash = PART_HASH_SEED;
    let prefixed = false;
    // The last character read, for the cut before the next: -1 none (a stretch starts, or a
    // character went to bytes on its own), -2 one whose bytes may merge (never cut after it);
    // and its info (0 for -1 and -2: the cut test below then falls to `last >= 0`).
    let last = -1;
    let lastInfo = 0;
    let stretchStart = true;
    let i = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      let f = info[c]!;
      let cp = c;
      let width = 1;
      if ((f & SLOW) !== 0) {
        if (added !== undefined && added.mayStart[c] === 1) {
          const match = added.lengthAt(text, i);
          if (match > 0) {
            total += this.countPart(text, start, i, k, prefixed, hash) + 1;
            i += match;
            start = i;
            k = 0;
            hash = PART_HASH_SEED;
            prefixed = false;
            last = -1;
            lastInfo = 0;
            stretchStart = true;
            continue;
          }
        }
        if (c >= 0xd800 && c < 0xe000) {
          const d = i + 1 < n ? text.charCodeAt(i + 1) : 0;
          if (c < 0xdc00 && d >= 0xdc00 && d < 0xe000) {
            cp = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
            width = 2;
            f = astralInfo(astralIds.has(cp));
          } else {
            cp = 0xfffd;
            f = info[cp]! & NOT_SLOW;
          }
        } else f &= NOT_SLOW;
      }
      if (stretchStart) {
        stretchStart = false;
        if (prefix) {
          k = 1;
          prefixed = true;
          last = replacement;
          lastInfo = prefixInfo;
        }
      }
      if (c === space) cp = replacement;
      if ((f & TOKEN) !== 0) {
        // mayJoin, with its common case (two characters of the dense table) written out here.
        const a = lastInfo & DENSE_INDEX;
        const b = f & DENSE_INDEX;
        let cut: boolean;
        if (a !== 0 && b !== 0) {
          const bit = (a - 1) * DENSE + (b - 1);
          cut = (denseBits[bit >> 3]! & (1 << (bit & 7))) === 0;
        } else cut = last >= 0 && ((lastInfo & LEFT_END) === 0 || (f & RIGHT_START) === 0 || !mayJoin(joins, last, cp));
        if (cut) {
          // Parts of one id or none, most of Japanese, without a call.
          total += k > 1 ? this.countPart(text, start, i, k, prefixed, hash) : k;
          start = i;
          k = 0;
          hash = PART_HASH_SEED;
          prefixed = false;
        }
        k++;
        last = cp;
        lastInfo = f;
      } else if (!bytesJoin) {
        // Byte tokens no merge takes: the character is its own bytes, cut from both sides.
        total += this.countPart(text, start, i, k, prefixed, hash) + utf8Length(cp);
        start = i + width;
        k = 0;
        hash = PART_HASH_SEED;
        prefixed = false;
        last = -1;
        lastInfo = 0;
        i += width;
        continue;
      } else {
        k += utf8Length(cp);
        last = -2;
        lastInfo = 0;
      }
      // The hash of the normalized units (a space as its replacement), which whole tokens are keyed by too.
      hash = partHashStep(hash, c === space ? replacement : c);
      if (width === 2) hash = partHashStep(hash, text.charCodeAt(i + 1));
      i += width;
    }
    return total + this.countPart(text, start, n, k, prefixed, hash);
  }

  /**
   * The tokens of the part text[start, end) (after the prefix if `prefixed`), which has k ids and
   * whose normalized units hash to `hash`: from the part cache, else 1 if it is a whole token,
   * else from the shared cache, else merged.
   */
  private countPart(text: string, start: number, end: number, k: number, prefixed: boolean, hash: number): number {
    if (k <= 1) return k;
    const { pairs, cache, whole } = this.tables;
    if (k === 2) {
      const ids = this.idsOf(text, start, end, prefixed);
      return pairs.find(ids[0]!, ids[1]!) >= 0 ? 1 : 2;
    }
    this.partText = text;
    this.partStart = start;
    this.partEnd = end;
    this.partPrefixed = prefixed;
    const replacement = this.raw ? this.raw.replacement : -1;
    if (prefixed) {
      const key = this.prefixKey + text.slice(start, end);
      if (whole.has(key, 0, key.length, replacement, wholeTokenHash(key, replacement))) return 1;
      return cache.countAt(key, 0, key.length, this.merger);
    }
    const length = end - start;
    if (length > MAX_PART_UNITS)
      return whole.has(text, start, end, replacement, hash) ? 1 : cache.countAt(text, start, end, this.merger);
    const found = this.parts.find(text, start, length, hash);
    if (found >= 0) return found;
    const count = whole.has(text, start, end, replacement, hash)
      ? 1
      : k < SHARED_FROM_IDS
        ? this.mergePart()
        : cache.countAt(text, start, end, this.merger);
    this.parts.set(text, start, length, hash, count);
    return count;
  }

  /** The part `countPart` was given, merged (its ids made from its text). */
  private mergePart(): number {
    const ids = this.idsOf(this.partText, this.partStart, this.partEnd, this.partPrefixed);
    return this.tables.merger.count(ids, this.partIds);
  }

  /**
   * The ids of text[start, end), after the prefix if `prefixed`, in this.ids[0, this.partIds):
   * what the scanner read, character by character (spaces as their replacement, lone surrogates
   * as U+FFFD, characters outside the vocabulary as their bytes).
   */
  private idsOf(text: string, start: number, end: number, prefixed: boolean): Int32Array {
    const { charIds, astralIds, byteIds } = this.tables;
    const ids = this.ids;
    const space = this.raw ? 0x20 : -1;
    const replacement = this.raw ? this.raw.replacement : -1;
    let k = 0;
    if (prefixed) ids[k++] = this.prefixId;
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      let cp = c === space ? replacement : c;
      let id: number;
      if (c >= 0xd800 && c < 0xe000) {
        const d = i + 1 < end ? text.charCodeAt(i + 1) : 0;
        if (c < 0xdc00 && d >= 0xdc00 && d < 0xe000) {
          cp = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
          i++;
          id = astralIds.get(cp) ?? -1;
        } else {
          cp = 0xfffd;
          id = charIds[cp]!;
        }
      } else id = charIds[cp]!;
      if (id >= 0) ids[k++] = id;
      else k = pushBytes(ids, k, byteIds, cp);
    }
    this.partIds = k;
    return ids;
  }
}

/**
 * Parts of fewer ids are merged again rather than looked up in the shared cache: one thread's
 * part cache already holds what it has seen, and a short merge costs less than the shared
 * table's hashing, probing and atomic insertion, mostly missed on new text.
 */
const SHARED_FROM_IDS = 6;

function utf8Length(cp: number): number {
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/** SentencePiece's byte fallback: the character's UTF-8 bytes, each its own token, at ids[k]. */
function pushBytes(ids: Int32Array, k: number, byteIds: Int32Array, cp: number): number {
  if (cp < 0x80) ids[k++] = byteIds[cp]!;
  else if (cp < 0x800) {
    ids[k++] = byteIds[0xc0 | (cp >> 6)]!;
    ids[k++] = byteIds[0x80 | (cp & 0x3f)]!;
  } else if (cp < 0x10000) {
    ids[k++] = byteIds[0xe0 | (cp >> 12)]!;
    ids[k++] = byteIds[0x80 | ((cp >> 6) & 0x3f)]!;
    ids[k++] = byteIds[0x80 | (cp & 0x3f)]!;
  } else {
    ids[k++] = byteIds[0xf0 | (cp >> 18)]!;
    ids[k++] = byteIds[0x80 | ((cp >> 12) & 0x3f)]!;
    ids[k++] = byteIds[0x80 | ((cp >> 6) & 0x3f)]!;
    ids[k++] = byteIds[0x80 | (cp & 0x3f)]!;
  }
  return k;
}
