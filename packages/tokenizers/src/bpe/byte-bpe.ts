import { BpeMerger } from "./bpe-merge.js";
import { ByteSequenceTable, type ByteSequenceTableModel } from "./byte-sequence-table.js";
import { CharPremerge, type CharPremergeModel } from "./char-premerge.js";
import { type PackedPairTable, packPairTable } from "./packed-pair-table.js";
import { PairTable, type PairTableModel } from "./pair-table.js";
import type { PieceCache, RangeCounter } from "../cache/piece-cache.js";

export interface ByteBpeModel {
  byteIds: Int32Array;
  pairs: PairTableModel;
  wholeTokens?: ByteSequenceTableModel;
  premerge?: CharPremergeModel;
  /** `pairs` as the WebAssembly counter reads them (undefined: they do not fit, the TypeScript counter counts). */
  packedPairs?: PackedPairTable;
}

/**
 * The model of a byte-level BPE's tables (tiktoken's encodings, the byte-level tokenizer.json
 * models): `pairs` also packed for the WebAssembly counter, from the same table.
 */
export function byteBpeModel(tables: {
  byteIds: Int32Array;
  pairs: PairTable;
  wholeTokens?: ByteSequenceTable;
  premerge: CharPremerge;
}): ByteBpeModel {
  const pairs = tables.pairs.model();
  return {
    byteIds: tables.byteIds,
    pairs,
    wholeTokens: tables.wholeTokens?.model(),
    premerge: tables.premerge.model(),
    packedPairs: packPairTable(pairs),
  };
}

/**
 * BPE over the UTF-8 bytes of one pre-tokenized piece, counting tokens only: the piece is
 * encoded into a reused byte buffer, each byte becomes its token id, and ids merge through
 * the pair table. Shared by the tiktoken encodings and the byte-level tokenizer.json models.
 * With a `CharPremerge`, characters that provably end up the same start as their tokens.
 */
export class ByteBpe implements RangeCounter {
  private bytes = new Uint8Array(1024);
  private ids = new Int32Array(1024);
  private readonly merger: BpeMerger;

  /**
   * `byteIds[b]` is the token of byte b (-1 when there is none: the byte never merges);
   * `wholeTokens`, when given, makes a piece that is itself a token count as one before any merge.
   */
  constructor(
    private readonly byteIds: Int32Array,
    pairs: PairTable,
    private readonly wholeTokens: ByteSequenceTable | undefined,
    private readonly premerge?: CharPremerge,
  ) {
    this.merger = new BpeMerger(pairs);
  }

  static fromModel(model: ByteBpeModel): ByteBpe {
    const whole = model.wholeTokens && ByteSequenceTable.fromModel(model.wholeTokens);
    return new ByteBpe(
      model.byteIds,
      PairTable.fromModel(model.pairs),
      whole,
      model.premerge && CharPremerge.fromModel(model.premerge),
    );
  }

  /**
   * The tokens of the piece text[start, end). An ASCII piece that is itself a token counts one,
   * answered from the vocabulary's table (which every worker shares) before the piece cache:
   * most English pieces are, and they need no string and no cache entry. Others come from
   * `cache`, or are merged; a long CJK piece is merged at once (see UNCACHED_CJK).
   */
  countAt(text: string, start: number, end: number, cache: PieceCache): number {
    if (this.wholeTokens !== undefined && this.wholeTokens.findAscii(text, start, end) >= 0) return 1;
    if (end - start > UNCACHED_CJK && text.charCodeAt(end - 1) >= CJK) return this.countRange(text, start, end);
    return cache.countAt(text, start, end, this);
  }

  count(piece: string): number {
    return this.countRange(piece, 0, piece.length);
  }

  /** The tokens of text[start, end), merged: encoded to UTF-8 straight from the text, no string made. */
  countRange(text: string, start: number, end: number): number {
    if ((end - start) * 3 > this.bytes.length) {
      this.bytes = new Uint8Array((end - start) * 3);
      this.ids = new Int32Array((end - start) * 3);
    }
    const { bytes, ids, byteIds } = this;
    const n = encodeUtf8(text, start, end, bytes);
    const whole = this.wholeTokens;
    if (whole !== undefined && n <= whole.longest && whole.find(bytes, 0, n) >= 0) return 1;
    if (this.premerge !== undefined) return this.merger.count(ids, this.premerge.initialIds(bytes, n, ids));
    for (let i = 0; i < n; i++) ids[i] = byteIds[bytes[i]!]!;
    return this.merger.count(ids, n);
  }
}

/**
 * Japanese and Chinese pieces longer than this many UTF-16 units are neither looked up in the
 * piece cache nor stored: they are runs of characters up to the next punctuation, and few recur.
 * In the bench's Japanese (o200k_base's pieces, after a warm-up on a tenth of the text), a CJK
 * piece of 1–2 units had been met before 86–97 % of the time, of 3–7 units 28–61 %, of 8–9 units
 * 13–16 %, of 10–16 units 2–9 %: where a piece rarely recurs, the look-up and the insertion (a
 * miss in a table of megabytes each) cost more than the merges they save. Caching up to 8 units
 * instead of 16 counted the bench's Japanese 3–11 % faster (o200k_base, cl100k_base, llama3,
 * qwen3), and storing fewer pieces leaves the cache to the short ones that do recur. Text
 * repeated whole (duplicated documents) merges the longer pieces again.
 */
const UNCACHED_CJK = 8;
/** From here on (U+2E80, CJK radicals), a piece's last character is taken for CJK. */
const CJK = 0x2e80;

/**
 * UTF-8 of text[start, end) into `out` (at least 3 bytes per UTF-16 unit); a lone surrogate,
 * or one whose pair the range cuts, becomes U+FFFD, as in Buffer.from(text.slice(start, end)).
 */
function encodeUtf8(text: string, start: number, end: number, out: Uint8Array): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) out[n++] = c;
    else if (c < 0x800) {
      out[n++] = 0xc0 | (c >> 6);
      out[n++] = 0x80 | (c & 0x3f);
    } else {
      if (c >= 0xd800 && c < 0xe000) {
        const d = i + 1 < end ? text.charCodeAt(i + 1) : 0;
        if (c < 0xdc00 && d >= 0xdc00 && d < 0xe000) {
          const cp = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
          out[n++] = 0xf0 | (cp >> 18);
          out[n++] = 0x80 | ((cp >> 12) & 0x3f);
          out[n++] = 0x80 | ((cp >> 6) & 0x3f);
          out[n++] = 0x80 | (cp & 0x3f);
          i++;
          continue;
        }
        c = 0xfffd;
      }
      out[n++] = 0xe0 | (c >> 12);
      out[n++] = 0x80 | ((c >> 6) & 0x3f);
      out[n++] = 0x80 | (c & 0x3f);
    }
  }
  return n;
}

/**
 * The pair table of a vocabulary given only as token bytes -> rank (tiktoken): two tokens
 * merge exactly when their concatenation is a token, and that token's rank is both the
 * merge's priority and the merged id. Every split of every token into two tokens is a merge.
 */
export function pairsFromRanks(tokens: readonly Uint8Array[], table: ByteSequenceTable): PairTable {
  // Found first, then stored in a table of the right size (tiktoken vocabularies hold 0.1–0.5 M merges).
  let found = new Int32Array(3 * 65536);
  let n = 0;
  for (let rank = 0; rank < tokens.length; rank++) {
    const token = tokens[rank];
    if (token === undefined || token.length < 2) continue;
    for (let k = 1; k < token.length; k++) {
      const left = table.find(token, 0, k);
      if (left < 0) continue;
      const right = table.find(token, k, token.length);
      if (right < 0) continue;
      if (n + 3 > found.length) {
        const grown = new Int32Array(found.length * 2);
        grown.set(found);
        found = grown;
      }
      found[n++] = left;
      found[n++] = right;
      found[n++] = rank;
    }
  }
  const pairs = new PairTable(n / 3);
  for (let i = 0; i < n; i += 3) pairs.add(found[i]!, found[i + 1]!, found[i + 2]!, found[i + 2]!);
  return pairs;
}
