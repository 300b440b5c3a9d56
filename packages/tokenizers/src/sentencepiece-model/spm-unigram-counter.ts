import type { TokenCounter } from "../token-counter.js";
import { wellFormed } from "../text/well-formed.js";
import { SentencePieceNormalizer, type SentencePieceNormalizerSpec } from "./spm-model-normalizer.js";
import { UnigramViterbi, type UnigramTables } from "../unigram/unigram-viterbi.js";
import { TieSafeWords, type CutPoints } from "../unigram/tie-safe-words.js";

/** What a worker thread needs to rebuild the counter of a Unigram .model without the file. */
export interface SentencePieceUnigramModel extends UnigramTables {
  kind: "sentencepiece-unigram";
  id: string;
  /** The trie holds the pieces SentencePiece offers: normal and user-defined ones. */
  normalizer: SentencePieceNormalizerSpec;
  /** Where the normalized text may be cut: before a "▁" no piece spans (tie-safe-words.ts). */
  cut?: CutPoints;
}

/** Spaces rewritten as "▁", nothing else: the normalizer did the rest. */
const ONLY_ESCAPED = { removeExtraWhitespaces: false, addDummyPrefix: false };

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
  private readonly cut: CutPoints | undefined;
  private readonly words: TieSafeWords;

  static fromModel(model: SentencePieceUnigramModel): SentencePieceUnigramCounter {
    return new SentencePieceUnigramCounter(model);
  }

  private constructor(model: SentencePieceUnigramModel) {
    this.id = model.id;
    this.normalizer = new SentencePieceNormalizer(model.normalizer, model.id);
    this.viterbi = UnigramViterbi.of(model, "sentencepiece");
    this.cut = model.cut;
    this.words = new TieSafeWords(this.viterbi, "float32");
  }

  count(text: string): number {
    if (this.cut && this.words.inModule) {
      // The module makes spaces "▁" as it takes the text in (for a normalizer that does nothing
      // else, all its work): no string of the text with them replaced, which cost more than counting.
      const normalizer = this.normalizer;
      return normalizer.identity
        ? this.words.countEscaping(wellFormed(text), this.cut, normalizer.spaces)
        : this.words.countEscaping(normalizer.normalizeLeavingSpaces(wellFormed(text)), this.cut, ONLY_ESCAPED);
    }
    const normalized = this.normalizer.normalize(wellFormed(text));
    const n = normalized.length;
    if (n === 0) return 0;
    return this.cut ? this.words.countText(normalized, 0, n, this.cut) : this.viterbi.count(normalized, 0, n, 0);
  }
}
