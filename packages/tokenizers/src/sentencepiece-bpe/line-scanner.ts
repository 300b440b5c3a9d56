import type { AddedTokens } from "../text/added-tokens.js";
import type { BpeMerger } from "../bpe/bpe-merge.js";
import type { PairTable } from "../bpe/pair-table.js";
import type { PieceCache } from "../cache/piece-cache.js";
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
  /** Ids in the part being counted (read by `mergePart` when the cache misses). */
  private partIds = 0;
  private readonly prefixKey: string;
  private readonly prefixId: number;
  private readonly parts = new PartCache();

  constructor(
    private readonly tables: ScannerTables,
    private readonly raw: RawSpaces | undefined,
  ) {
    this.prefixKey = raw ? String.fromCharCode(raw.replacement) : "";
    this.prefixId = raw ? tables.charIds[raw.replacement]! : -1;
    if (raw && this.prefixId < 0) throw new Error("the space replacement must be a token of its own");
  }

  /**
   * The tokens of `text`: raw text (added tokens split out here) if the scanner was made with
   * `RawSpaces`, else one normalized stretch between added tokens.
   */
  count(text: string): number {
    const n = text.length;
    // At most 4 byte tokens per UTF-16 unit pair, 3 per unit, and the prefix.
    if (n * 3 + 1 > this.ids.length) this.ids = new Int32Array(n * 3 + 1);
    const { charIds, astralIds, byteIds, joins } = this.tables;
    const ids = this.ids;
    const raw = this.raw;
    const added = raw && !raw.added.none ? raw.added : undefined;
    const mayStart = added?.mayStart;
    const space = raw ? 0x20 : -1;
    const replacement = raw ? raw.replacement : -1;
    const prefix = raw?.prefix === true;
    const { bytesJoin, dense, denseBits } = joins;
    let total = 0;
    // The part being read: text[start, i), its ids ids[0, k), whether the prefix comes first.
    let start = 0;
    let k = 0;
    let hash = PART_HASH_SEED;
    let prefixed = false;
    // The last character read, for the cut before the next: -1 none (a stretch starts, or a
    // character went to bytes on its own), -2 one whose bytes may merge (never cut after it).
    let last = -1;
    let stretchStart = true;
    let i = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (mayStart !== undefined && mayStart[c] === 1) {
        const match = added!.lengthAt(text, i);
        if (match > 0) {
          total += this.countPart(text, start, i, k, prefixed, hash) + 1;
          i += match;
          start = i;
          k = 0;
          hash = PART_HASH_SEED;
          prefixed = false;
          last = -1;
          stretchStart = true;
          continue;
        }
      }
      if (stretchStart) {
        stretchStart = false;
        if (prefix) {
          ids[k++] = this.prefixId;
          prefixed = true;
          last = replacement;
        }
      }
      let cp = c;
      let width = 1;
      let id: number;
      if (c >= 0xd800 && c < 0xe000) {
        const d = i + 1 < n ? text.charCodeAt(i + 1) : 0;
        if (c < 0xdc00 && d >= 0xdc00 && d < 0xe000) {
          cp = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
          width = 2;
          id = astralIds.get(cp) ?? -1;
        } else {
          cp = 0xfffd;
          id = charIds[cp]!;
        }
      } else {
        if (c === space) cp = replacement;
        id = charIds[cp]!;
      }
      if (id >= 0) {
        // mayJoin, with its common case (two characters of the dense table) written out here.
        const a = last >= 0 && last <= 0xffff ? dense[last]! : 0;
        const b = cp <= 0xffff ? dense[cp]! : 0;
        const bit = (a - 1) * DENSE + (b - 1);
        if (
          a !== 0 && b !== 0 ? (denseBits[bit >> 3]! & (1 << (bit & 7))) === 0 : last >= 0 && !mayJoin(joins, last, cp)
        ) {
          total += this.countPart(text, start, i, k, prefixed, hash);
          start = i;
          k = 0;
          hash = PART_HASH_SEED;
          prefixed = false;
        }
        ids[k++] = id;
        last = cp;
      } else if (!bytesJoin) {
        // Byte tokens no merge takes: the character is its own bytes, cut from both sides.
        total += this.countPart(text, start, i, k, prefixed, hash) + utf8Length(cp);
        start = i + width;
        k = 0;
        hash = PART_HASH_SEED;
        prefixed = false;
        last = -1;
        i += width;
        continue;
      } else {
        k = pushBytes(ids, k, byteIds, cp);
        last = -2;
      }
      // The hash of the normalized units (a space as its replacement), which whole tokens are keyed by too.
      hash = partHashStep(hash, c === space ? replacement : c);
      if (width === 2) hash = partHashStep(hash, text.charCodeAt(i + 1));
      i += width;
    }
    return total + this.countPart(text, start, n, k, prefixed, hash);
  }

  /**
   * The tokens of the part text[start, end) (after the prefix if `prefixed`), whose ids are
   * ids[0, k) and whose normalized units hash to `hash`: from the part cache, else 1 if it is a whole token,
   * else from the shared cache, else merged.
   */
  private countPart(text: string, start: number, end: number, k: number, prefixed: boolean, hash: number): number {
    if (k <= 1) return k;
    const { pairs, cache, whole } = this.tables;
    if (k === 2) return pairs.find(this.ids[0]!, this.ids[1]!) >= 0 ? 1 : 2;
    this.partIds = k;
    const replacement = this.raw ? this.raw.replacement : -1;
    if (prefixed) {
      const key = this.prefixKey + text.slice(start, end);
      if (whole.has(key, 0, key.length, replacement, wholeTokenHash(key, replacement))) return 1;
      return cache.count(key, 0, key.length, this.mergePart);
    }
    const length = end - start;
    if (length > MAX_PART_UNITS)
      return whole.has(text, start, end, replacement, hash) ? 1 : cache.count(text, start, end, this.mergePart);
    const found = this.parts.find(text, start, length, hash);
    if (found >= 0) return found;
    const count = whole.has(text, start, end, replacement, hash)
      ? 1
      : k < SHARED_FROM_IDS
        ? this.mergePart()
        : cache.count(text, start, end, this.mergePart);
    this.parts.set(text, start, length, hash, count);
    return count;
  }

  private readonly mergePart = (): number => this.tables.merger.count(this.ids, this.partIds);
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
