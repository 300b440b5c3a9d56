import type { TokenCounter } from "../token-counter.js";
import { wellFormed } from "../text/well-formed.js";
import { PieceTrie } from "../unigram/piece-trie.js";
import { SentencePieceNormalizer, type SentencePieceNormalizerSpec } from "./spm-model-normalizer.js";
import { UnigramViterbi, type UnigramTables } from "../unigram/unigram-viterbi.js";
import { TieSafeWords, unitsJoinedTo } from "../unigram/tie-safe-words.js";

/** What a worker thread needs to rebuild the counter of a Unigram .model without the file. */
export interface SentencePieceUnigramModel extends UnigramTables {
  kind: "sentencepiece-unigram";
  id: string;
  /** The trie holds the pieces SentencePiece offers: normal and user-defined ones. */
  normalizer: SentencePieceNormalizerSpec;
  /**
   * 1 for each UTF-16 unit that some offered piece has right before a "▁": a text may be cut
   * before any other unit's following "▁", since no piece can span the cut. Absent when cuts
   * could join unknowns that SentencePiece would merge into one token.
   */
  joinsSpace?: Uint8Array;
}

const SPACE = 0x2581;

/**
 * A SentencePiece Unigram .model counted as SentencePiece encodes a document: normalized whole
 * (spm-model-normalizer.ts), then one Viterbi over the whole normalized text in SentencePiece's
 * arithmetic (unigram-viterbi.ts), cut before each "▁" no piece can span, the words counted through
 * a cache that is exact although float32 makes a word's split depend on the score carried into
 * it (unigram/tie-safe-words.ts).
 */
export class SentencePieceUnigramCounter implements TokenCounter {
  readonly id: string;
  private readonly normalizer: SentencePieceNormalizer;
  private readonly viterbi: UnigramViterbi;
  private readonly joinsSpace: Uint8Array | undefined;
  private readonly words: TieSafeWords;

  static fromModel(model: SentencePieceUnigramModel): SentencePieceUnigramCounter {
    return new SentencePieceUnigramCounter(model);
  }

  /** Which units may stand before a "▁" that no piece spans, if cuts are safe for this model. */
  static joinsSpaceOf(pieces: readonly string[], spaceIsPiece: boolean, byteFallback: boolean): Uint8Array | undefined {
    // Without byte fallback, an unknown "▁" next to an unknown before it would be one token with it.
    return spaceIsPiece || byteFallback ? unitsJoinedTo(pieces, "▁") : undefined;
  }

  private constructor(model: SentencePieceUnigramModel) {
    this.id = model.id;
    this.normalizer = new SentencePieceNormalizer(model.normalizer, model.id);
    this.viterbi = new UnigramViterbi(new PieceTrie(model.trie), model.scores, model.unkId, model.unkScore, model.byteFallback, "sentencepiece");
    this.joinsSpace = model.joinsSpace;
    this.words = new TieSafeWords(this.viterbi, "float32");
  }

  count(text: string): number {
    const normalized = this.normalizer.normalize(wellFormed(text));
    const n = normalized.length;
    if (n === 0) return 0;
    const joins = this.joinsSpace;
    if (!joins) return this.viterbi.count(normalized, 0, n, 0);
    this.words.restart();
    let total = 0;
    let start = 0;
    for (let i = 1; i < n; i++) {
      if (normalized.charCodeAt(i) !== SPACE || joins[normalized.charCodeAt(i - 1)] === 1) continue;
      total += this.words.count(normalized, start, i);
      start = i;
    }
    return total + this.words.count(normalized, start, n);
  }
}
