import { AddedTokens, plainAddedTokens } from "../text/added-tokens.js";
import type { TokenizerJsonDescription } from "../tokenizer-json/describe.js";
import { typeName } from "../tokenizer-json/unsupported.js";
import { BpeMerger } from "../bpe/bpe-merge.js";
import { PairTable, pairsFromMerges, type PairTableModel } from "../bpe/pair-table.js";
import { PieceCache } from "../cache/piece-cache.js";
import type { TokenCounter } from "../token-counter.js";
import { wellFormed } from "../text/well-formed.js";
import { normalizeSpm, spmNormalizerSteps, type SpmNormalizerStep } from "../sentencepiece/spm-normalizer.js";
import { byteToken, charTablesOf } from "../sentencepiece/pieces.js";
import { mergeJoinsOf, type MergeJoins } from "./merge-joins.js";
import { LineScanner } from "./line-scanner.js";
import { rawSpacesOf } from "./raw-spaces.js";
import { scannerWarmUpText } from "./scanner-warm-up.js";
import { WholeTokens, wholeTokensOf, type WholeTokensModel } from "./whole-tokens.js";
import {
  SentencePieceNormalizer,
  type SentencePieceNormalizerSpec,
} from "../sentencepiece-model/spm-model-normalizer.js";

/**
 * A count-only implementation of Hugging Face BPE models in the SentencePiece style (Gemma 3,
 * Llama 2): added tokens split out of the raw text, the normalizers of a SentencePiece conversion
 * (Replace " " -> "▁", Prepend "▁" for Llama 2, a Precompiled charsmap before the Replace), then
 * BPE over the characters of each whole stretch between added tokens, where a character outside
 * the vocabulary falls back to one token per UTF-8 byte (<0xXX>). The stretch is one word: the
 * model's Split on " " (Gemma 3) can never match once the normalizer has replaced every space.
 * `supportsSentencePieceBpe` says whether a tokenizer.json has only these parts; otherwise the
 * library is used.
 *
 * A whole line is one BPE word, thousands of characters long, and merging it would take a heap;
 * but it is cut between any two characters merge-joins.ts proves no merge can join, and the parts
 * (words, or a character or two of Japanese) are counted by line-scanner.ts, in one pass over the
 * raw text when the normalizer only writes "▁" for spaces (raw-spaces.ts).
 */

/** The normalizer as steps, when it is Prepend, Replace and Precompiled steps only, with at least one Replace. */
function normalizerOf(json: TokenizerJsonDescription): SpmNormalizerStep[] | undefined {
  const steps = spmNormalizerSteps(json.normalizer, { nfkc: false, precompiled: true });
  if (!steps?.some((s) => s.type === "Replace")) return undefined;
  return steps;
}

/** The replacement of " " (the first Replace of a space: after it, no space is left for a later one), which is what the pre-tokenizer's Split could match. */
function spaceReplacement(
  steps: readonly SpmNormalizerStep[],
): Extract<SpmNormalizerStep, { type: "Replace" }> | undefined {
  const replaces = steps.filter((s): s is Extract<SpmNormalizerStep, { type: "Replace" }> => s.type === "Replace");
  return replaces.find((r) => r.from === " ");
}

/** Whether this counter implements everything the tokenizer.json asks for. */
function supportsSentencePieceBpe(json: TokenizerJsonDescription): boolean {
  return sentencePieceBpeMisfit(json) === undefined;
}

/** What in the tokenizer.json this counter does not implement, or undefined when it implements everything. */
export function sentencePieceBpeMisfit(json: TokenizerJsonDescription): string | undefined {
  const m = json.model;
  if (m.type === "Unsupported" && m.name === "BPE") return m.unsupported;
  if (m.type !== "BPE") return `the model is ${typeName(m)}, not BPE`;
  if (m.byteFallback !== true) return "the BPE has no byte fallback";
  if (m.ignoreMerges) return "the BPE ignores merges for words in the vocabulary (ignore_merges)";
  if (m.dropout) return "the BPE has dropout";
  if (m.continuingSubwordPrefix || m.endOfWordSuffix)
    return "the BPE has a continuing-subword prefix or an end-of-word suffix";
  // With a byte token for every byte, a character is never unknown.
  for (let b = 0; b < 256; b++)
    if (m.vocab[byteToken(b)] === undefined) return `the vocabulary has no byte token ${byteToken(b)}`;
  const steps = normalizerOf(json);
  if (!steps) return "the normalizer is not a sequence with a Replace of the kinds this counter implements";
  // A Split on exactly the string the normalizer has replaced everywhere never matches, if no step puts one back.
  const pre = json.preTokenizer;
  const space = spaceReplacement(steps);
  // A charsmap may map characters to spaces (U+3000 to " "): a Precompiled after the Replace puts spaces back too.
  const putsBack = (s: SpmNormalizerStep, i: number) =>
    (s.type === "Prepend" && s.prepend.includes(" ")) ||
    (s.type === "Replace" && s.to.includes(" ")) ||
    (s.type === "Precompiled" && space !== undefined && i > steps.indexOf(space));
  if (
    pre &&
    !(
      space &&
      pre.type === "Split" &&
      !pre.invert &&
      "String" in pre.pattern &&
      pre.pattern.String === space.from &&
      !steps.some(putsBack)
    )
  ) {
    return "the pre-tokenizer splits text other than on the space the normalizer replaced everywhere";
  }
  if (!plainAddedTokens(json.addedTokens))
    return "an added token strips spaces, matches single words only or is normalized";
  return undefined;
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
  /** A tokenizer.json's normalizer steps, or a .model's own normalizer (spm-model-normalizer.ts). */
  normalizer: SpmNormalizerStep[] | SentencePieceNormalizerSpec;
  /** Which characters merges may join (merge-joins.ts): where a normalized line may be cut. */
  joins: MergeJoins;
  /** The tokens BPE builds from their own characters (whole-tokens.ts). */
  wholeTokens: WholeTokensModel;
}

export class SentencePieceBpeCounter implements TokenCounter {
  readonly id: string;
  private readonly added: AddedTokens;
  /** The normalizer, when the scanner cannot apply it as it reads (raw-spaces.ts). */
  private readonly normalize: ((text: string) => string) | undefined;
  private readonly scanner: LineScanner;
  /** Whether the raw text must be made well formed before added tokens are found in it (one holds U+FFFD or a surrogate). */
  private readonly addedSeeFffd: boolean;

  /** The model of the parsed tokenizer.json at `path`. */
  static modelOf(id: string, path: string, json: TokenizerJsonDescription): SentencePieceBpeModel {
    const m = json.model;
    if (!supportsSentencePieceBpe(json) || m.type !== "BPE")
      throw new Error(`${path}: not a SentencePiece-style BPE model this counter implements`);
    const vocab = m.vocab;
    const { charIds, astralIds } = charTablesOf(Object.entries(vocab));
    const byteIds = Int32Array.from({ length: 256 }, (_, b) => vocab[byteToken(b)]!);
    const pairs = pairsFromMerges(m.merges, vocab);
    return {
      kind: "sentencepiece-bpe",
      id,
      charIds,
      astralIds,
      byteIds,
      pairs: pairs.model(),
      addedTokens: json.addedTokens.map((t) => t.content),
      normalizer: normalizerOf(json)!,
      joins: mergeJoinsOf(m.merges, pairs, byteIds),
      wholeTokens: wholeTokensOf(Object.keys(vocab), charIds, new BpeMerger(pairs)),
    };
  }

  /** The counter of `model`; `cache`, if given, is shared with other threads' counters of the same model. */
  static fromModel(model: SentencePieceBpeModel, cache = new PieceCache()): SentencePieceBpeCounter {
    return new SentencePieceBpeCounter(model, cache);
  }

  private constructor(model: SentencePieceBpeModel, cache: PieceCache) {
    this.id = model.id;
    const astralIds = new Map<number, number>();
    for (let i = 0; i < model.astralIds.length; i += 2) astralIds.set(model.astralIds[i]!, model.astralIds[i + 1]!);
    const pairs = PairTable.fromModel(model.pairs);
    const tables = {
      charIds: model.charIds,
      astralIds,
      byteIds: model.byteIds,
      pairs,
      merger: new BpeMerger(pairs),
      joins: model.joins,
      whole: new WholeTokens(model.wholeTokens),
      cache,
    };
    this.added = new AddedTokens(model.addedTokens);
    this.addedSeeFffd = model.addedTokens.some((t) => /[\ufffd\ud800-\udfff]/.test(t));
    const raw = rawSpacesOf(model.normalizer, model.charIds);
    this.scanner = new LineScanner(tables, raw && { ...raw, added: this.added });
    const steps = model.normalizer;
    if (raw) this.normalize = undefined;
    else if (Array.isArray(steps)) this.normalize = (text) => normalizeSpm(text, steps);
    else {
      const spm = new SentencePieceNormalizer(steps, model.id);
      this.normalize = (text) => spm.normalize(text);
    }
    this.count(scannerWarmUpText(model.charIds, astralIds, model.addedTokens[0]));
  }

  count(text: string): number {
    const normalize = this.normalize;
    // The scanner reads lone surrogates as U+FFFD itself.
    if (!normalize) return this.scanner.count(this.addedSeeFffd ? wellFormed(text) : text);
    return this.added.count(wellFormed(text), (segment) => this.scanner.count(normalize(segment)));
  }
}
