import { AddedTokens } from "../text/added-tokens.js";
import { BpeMerger } from "../bpe/bpe-merge.js";
import { PairTable, pairsFromMerges, type PairTableModel } from "../bpe/pair-table.js";
import { PieceCache } from "../cache/piece-cache.js";
import type { TokenCounter } from "../token-counter.js";
import { wellFormed } from "../text/well-formed.js";

/**
 * A count-only implementation of Hugging Face BPE models in the SentencePiece style (Gemma 3):
 * added tokens split out of the raw text, a Replace normalizer (" " -> "▁"), then BPE over
 * characters, where a character outside the vocabulary falls back to one token per UTF-8 byte
 * (<0xXX>). The text between two added tokens is one word: the model's Split on " " can never
 * match once the normalizer has replaced every space. `supportsSentencePieceBpe` says whether a
 * tokenizer.json has only these parts; otherwise the library is used.
 */

interface AddedTokenJson {
  content: string;
  single_word?: boolean;
  lstrip?: boolean;
  rstrip?: boolean;
  normalized?: boolean;
}

interface StringPattern {
  String?: string;
  Regex?: string;
}

export interface SentencePieceJson {
  added_tokens?: AddedTokenJson[];
  normalizer?: { type: string; pattern?: StringPattern; content?: string } | null;
  pre_tokenizer?: { type: string; pattern?: StringPattern; invert?: boolean } | null;
  model: {
    type: string;
    vocab: Record<string, number>;
    merges: (string | [string, string])[];
    byte_fallback?: boolean;
    ignore_merges?: boolean;
    dropout?: number | null;
    continuing_subword_prefix?: string | null;
    end_of_word_suffix?: string | null;
  };
}

const byteToken = (b: number) => `<0x${b.toString(16).toUpperCase().padStart(2, "0")}>`;

/** The normalizer's string replacement, when it is a plain Replace of one string by another. */
function replacement(json: SentencePieceJson): { from: string; to: string } | undefined {
  const n = json.normalizer;
  if (n?.type !== "Replace" || typeof n.pattern?.String !== "string" || typeof n.content !== "string" || n.pattern.String.length === 0) return undefined;
  return { from: n.pattern.String, to: n.content };
}

/** Whether this counter implements everything the tokenizer.json asks for. */
export function supportsSentencePieceBpe(json: SentencePieceJson): boolean {
  const m = json.model;
  if (m.type !== "BPE" || m.byte_fallback !== true || m.ignore_merges || m.dropout || m.continuing_subword_prefix || m.end_of_word_suffix) return false;
  // With a byte token for every byte, a character is never unknown.
  for (let b = 0; b < 256; b++) if (m.vocab[byteToken(b)] === undefined) return false;
  const replace = replacement(json);
  if (!replace) return false;
  // A Split on exactly the string the normalizer has replaced everywhere never matches.
  const pre = json.pre_tokenizer;
  if (pre && !(pre.type === "Split" && !pre.invert && pre.pattern?.String === replace.from && !replace.to.includes(replace.from))) return false;
  return (json.added_tokens ?? []).every((t) => !t.lstrip && !t.rstrip && !t.single_word && !t.normalized);
}

/** What a worker thread needs to rebuild the counter without the tokenizer.json. */
export interface SentencePieceBpeModel {
  kind: "sentencepiece-bpe";
  id: string;
  /** Token id of each BMP character (-1: none). */
  charIds: Int32Array;
  /** Characters beyond the BMP that are tokens: code point, id, code point, id... */
  astralIds: Int32Array;
  byteIds: Int32Array;
  pairs: PairTableModel;
  addedTokens: string[];
  /** The normalizer's replacement. */
  from: string;
  to: string;
}

export class SentencePieceBpeCounter implements TokenCounter {
  readonly id: string;
  private readonly charIds: Int32Array;
  private readonly astralIds = new Map<number, number>();
  private readonly byteIds: Int32Array;
  private readonly merger: BpeMerger;
  private readonly added: AddedTokens;
  private readonly from: string;
  private readonly to: string;
  private readonly cache: PieceCache;
  private ids = new Int32Array(1024);

  /** The model of the parsed tokenizer.json at `path`. */
  static modelOf(id: string, path: string, json: SentencePieceJson): SentencePieceBpeModel {
    if (!supportsSentencePieceBpe(json)) throw new Error(`${path}: not a SentencePiece-style BPE model this counter implements`);
    const vocab = json.model.vocab;
    const charIds = new Int32Array(0x10000).fill(-1);
    const astral: number[] = [];
    for (const [token, id] of Object.entries(vocab)) {
      const cp = token.codePointAt(0)!;
      if (token.length === 1) charIds[cp] = id;
      else if (token.length === 2 && cp > 0xffff) astral.push(cp, id);
    }
    const byteIds = Int32Array.from({ length: 256 }, (_, b) => vocab[byteToken(b)]!);
    const { from, to } = replacement(json)!;
    return {
      kind: "sentencepiece-bpe",
      id,
      charIds,
      astralIds: Int32Array.from(astral),
      byteIds,
      pairs: pairsFromMerges(json.model.merges, vocab).model(),
      addedTokens: (json.added_tokens ?? []).map((t) => t.content),
      from,
      to,
    };
  }

  /** The counter of `model`; `cache`, if given, is shared with other threads' counters of the same model. */
  static fromModel(model: SentencePieceBpeModel, cache = new PieceCache()): SentencePieceBpeCounter {
    return new SentencePieceBpeCounter(model, cache);
  }

  private constructor(model: SentencePieceBpeModel, cache: PieceCache) {
    this.cache = cache;
    this.id = model.id;
    this.charIds = model.charIds;
    for (let i = 0; i < model.astralIds.length; i += 2) this.astralIds.set(model.astralIds[i]!, model.astralIds[i + 1]!);
    this.byteIds = model.byteIds;
    this.merger = new BpeMerger(PairTable.fromModel(model.pairs));
    this.added = new AddedTokens(model.addedTokens);
    this.from = model.from;
    this.to = model.to;
  }

  count(text: string): number {
    return this.added.count(wellFormed(text), this.countSegment);
  }

  private readonly countSegment = (segment: string): number => this.cache.count(segment, 0, segment.length, this.countWord);

  /** BPE over the characters of one word (the normalized text between two added tokens). */
  private readonly countWord = (raw: string): number => {
    const word = raw.includes(this.from) ? raw.replaceAll(this.from, this.to) : raw;
    // At most 4 byte tokens per UTF-16 unit pair, 3 per lone unit.
    if (word.length * 3 > this.ids.length) this.ids = new Int32Array(word.length * 3);
    const { ids, charIds, byteIds } = this;
    let n = 0;
    for (let i = 0; i < word.length; i++) {
      const c = word.charCodeAt(i);
      let id: number;
      let cp = c;
      if (c >= 0xd800 && c < 0xdc00 && i + 1 < word.length) {
        const d = word.charCodeAt(i + 1);
        if (d >= 0xdc00 && d < 0xe000) {
          cp = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
          i++;
        }
      }
      // The text is well formed (count() replaced lone surrogates), so cp is a scalar value.
      if (cp <= 0xffff) id = charIds[cp]!;
      else id = this.astralIds.get(cp) ?? -1;
      if (id >= 0) {
        ids[n++] = id;
        continue;
      }
      // Byte fallback: the character's UTF-8 bytes, each its own token.
      if (cp < 0x80) ids[n++] = byteIds[cp]!;
      else if (cp < 0x800) {
        ids[n++] = byteIds[0xc0 | (cp >> 6)]!;
        ids[n++] = byteIds[0x80 | (cp & 0x3f)]!;
      } else if (cp < 0x10000) {
        ids[n++] = byteIds[0xe0 | (cp >> 12)]!;
        ids[n++] = byteIds[0x80 | ((cp >> 6) & 0x3f)]!;
        ids[n++] = byteIds[0x80 | (cp & 0x3f)]!;
      } else {
        ids[n++] = byteIds[0xf0 | (cp >> 18)]!;
        ids[n++] = byteIds[0x80 | ((cp >> 12) & 0x3f)]!;
        ids[n++] = byteIds[0x80 | ((cp >> 6) & 0x3f)]!;
        ids[n++] = byteIds[0x80 | (cp & 0x3f)]!;
      }
    }
    return this.merger.count(ids, n);
  };
}
