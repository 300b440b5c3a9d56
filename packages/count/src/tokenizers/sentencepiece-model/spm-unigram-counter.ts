import type { TokenCounter } from "../token-counter.js";
import { wellFormed } from "../text/well-formed.js";
import { PieceTrie, type PieceTrieModel } from "../unigram/piece-trie.js";
import { SentencePieceNormalizer, type SentencePieceNormalizerSpec } from "./spm-model-normalizer.js";
import { SentencePieceUnigramViterbi } from "./spm-unigram-viterbi.js";

/** What a worker thread needs to rebuild the counter of a Unigram .model without the file. */
export interface SentencePieceUnigramModel {
  kind: "sentencepiece-unigram";
  id: string;
  /** The pieces SentencePiece offers: normal and user-defined ones. */
  trie: PieceTrieModel;
  scores: Float64Array;
  unkId: number;
  unkScore: number;
  byteFallback: boolean;
  normalizer: SentencePieceNormalizerSpec;
  /**
   * 1 for each UTF-16 unit that some offered piece has right before a "▁": a text may be cut
   * before any other unit's following "▁", since no piece can span the cut. Absent when cuts
   * could join unknowns that SentencePiece would merge into one token.
   */
  joinsSpace?: Uint8Array;
}

const SPACE = 0x2581;
/** Words longer than this (UTF-16 units) are rarely repeated: split directly, not cached. */
const LONGEST_CACHED = 64;
const CACHE_ENTRIES = 1 << 18;

const SEEN_ONCE = null;

interface Explained {
  tokens: number;
  steps: Float64Array;
  margin: number;
  reach: number;
}

/**
 * A SentencePiece Unigram .model counted as SentencePiece encodes a document: normalized whole
 * (spm-model-normalizer.ts), then one Viterbi over the whole normalized text
 * (spm-unigram-viterbi.ts). Since its float32 scores make a word's split depend on the score
 * carried into it, the text is cut only where no piece can span the cut, and a word's cached
 * split is reused only when every decision in it was further from a tie than the rounding at
 * that score could move it; otherwise the word is split again from the score carried in.
 */
export class SentencePieceUnigramCounter implements TokenCounter {
  readonly id: string;
  private readonly normalizer: SentencePieceNormalizer;
  private readonly viterbi: SentencePieceUnigramViterbi;
  private readonly joinsSpace: Uint8Array | undefined;
  private readonly words = new Map<string, Explained | typeof SEEN_ONCE>();
  /** The best score at the end of the last word counted. */
  private score = 0;

  static fromModel(model: SentencePieceUnigramModel): SentencePieceUnigramCounter {
    return new SentencePieceUnigramCounter(model);
  }

  /** Which units may stand before a "▁" that no piece spans, if cuts are safe for this model. */
  static joinsSpaceOf(pieces: readonly string[], spaceIsPiece: boolean, byteFallback: boolean): Uint8Array | undefined {
    // Without byte fallback, an unknown "▁" next to an unknown before it would be one token with it.
    if (!spaceIsPiece && !byteFallback) return undefined;
    const joins = new Uint8Array(0x10000);
    for (const piece of pieces) {
      for (let i = piece.indexOf("▁", 1); i > 0; i = piece.indexOf("▁", i + 1)) joins[piece.charCodeAt(i - 1)] = 1;
    }
    return joins;
  }

  private constructor(model: SentencePieceUnigramModel) {
    this.id = model.id;
    this.normalizer = new SentencePieceNormalizer(model.normalizer, model.id);
    this.viterbi = new SentencePieceUnigramViterbi(new PieceTrie(model.trie), model.scores, model.unkId, model.unkScore, model.byteFallback);
    this.joinsSpace = model.joinsSpace;
  }

  count(text: string): number {
    const normalized = this.normalizer.normalize(wellFormed(text));
    const n = normalized.length;
    if (n === 0) return 0;
    const joins = this.joinsSpace;
    if (!joins) return this.viterbi.count(normalized, 0, n, 0);
    this.score = 0;
    let total = 0;
    let start = 0;
    for (let i = 1; i < n; i++) {
      if (normalized.charCodeAt(i) !== SPACE || joins[normalized.charCodeAt(i - 1)] === 1) continue;
      total += this.word(normalized, start, i);
      start = i;
    }
    return total + this.word(normalized, start, n);
  }

  /** Tokens of text[start, end), which no piece spans out of, from the score carried in; carries the score on. */
  private word(text: string, start: number, end: number): number {
    const base = this.score;
    if (end - start > LONGEST_CACHED) return this.split(text, start, end, base);
    const key = text.slice(start, end);
    let explained = this.words.get(key);
    if (explained === undefined || explained === SEEN_ONCE) {
      // Most words of a text occur once: explained (and kept) only on their second sight.
      if (this.words.size >= CACHE_ENTRIES) this.words.clear();
      if (explained === undefined) {
        this.words.set(key, SEEN_ONCE);
        return this.split(text, start, end, base);
      }
      explained = this.viterbi.explain(text, start, end);
      this.words.set(key, explained);
    }
    if (!farFromTies(explained, base, end - start)) return this.split(text, start, end, base);
    let score = base;
    for (const step of explained.steps) score = Math.fround(score + step);
    this.score = score;
    return explained.tokens;
  }

  private split(text: string, start: number, end: number, base: number): number {
    const tokens = this.viterbi.count(text, start, end, base);
    this.score = this.viterbi.endScore;
    return tokens;
  }
}

/**
 * Whether SentencePiece, starting from `base`, makes every decision of the word as the exact
 * split did: each stored score is off its exact value by at most half a float32 ulp per step
 * (at most `length` steps on each side of a comparison, plus an unknown's own rounding), so a
 * gap wider than that keeps every comparison's outcome.
 */
function farFromTies(explained: Explained, base: number, length: number): boolean {
  if (explained.margin === Infinity) return true;
  const magnitude = (Math.abs(base) + explained.reach) * 1.001;
  const ulp = magnitude > 0 ? 2 ** (Math.floor(Math.log2(magnitude)) - 23) : 2 ** -149;
  return explained.margin > (length + 2) * ulp;
}
