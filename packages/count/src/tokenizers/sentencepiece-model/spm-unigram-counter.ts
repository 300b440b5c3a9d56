import type { TokenCounter } from "../token-counter.js";
import { wellFormed } from "../text/well-formed.js";
import { PieceTrie, type PieceTrieModel } from "../unigram/piece-trie.js";
import { SentencePieceNormalizer, type SentencePieceNormalizerSpec } from "./spm-model-normalizer.js";
import { SentencePieceUnigramViterbi } from "./spm-unigram-viterbi.js";

/** What a worker thread needs to rebuild the counter of a Unigram .model without the file. */
export interface SentencePieceUnigramModel {
  kind: "sentencepiece-unigram";
  id: string;
  /** Normal, user-defined and (never offered) no other pieces. */
  trie: PieceTrieModel;
  scores: Float64Array;
  unkId: number;
  unkScore: number;
  byteFallback: boolean;
  normalizer: SentencePieceNormalizerSpec;
}

/**
 * A SentencePiece Unigram .model counted as SentencePiece encodes a document: normalized whole
 * (spm-model-normalizer.ts), then one Viterbi over the whole normalized text
 * (spm-unigram-viterbi.ts). No piece cache: SentencePiece's float32 scores make a word's
 * segmentation depend on the score carried into it.
 */
export class SentencePieceUnigramCounter implements TokenCounter {
  readonly id: string;
  private readonly normalizer: SentencePieceNormalizer;
  private readonly viterbi: SentencePieceUnigramViterbi;

  static fromModel(model: SentencePieceUnigramModel): SentencePieceUnigramCounter {
    return new SentencePieceUnigramCounter(model);
  }

  private constructor(model: SentencePieceUnigramModel) {
    this.id = model.id;
    this.normalizer = new SentencePieceNormalizer(model.normalizer, model.id);
    this.viterbi = new SentencePieceUnigramViterbi(new PieceTrie(model.trie), model.scores, model.unkId, model.unkScore, model.byteFallback);
  }

  count(text: string): number {
    return this.viterbi.count(this.normalizer.normalize(wellFormed(text)));
  }
}
