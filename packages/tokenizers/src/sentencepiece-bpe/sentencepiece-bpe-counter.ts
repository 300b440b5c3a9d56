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
import { spaceCutsOf, type SpaceCuts } from "./space-cuts.js";
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
 * A whole line is one BPE word, thousands of characters long, and merging it takes a heap; but
 * it is cut before a "▁" wherever space-cuts.ts proves no merge can cross, and the parts (mostly
 * words) are counted through the piece cache.
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
  /** Where a normalized word may be cut (space-cuts.ts), if anywhere. */
  cuts?: SpaceCuts;
}

export class SentencePieceBpeCounter implements TokenCounter {
  readonly id: string;
  private readonly charIds: Int32Array;
  private readonly astralIds = new Map<number, number>();
  private readonly byteIds: Int32Array;
  private readonly merger: BpeMerger;
  private readonly added: AddedTokens;
  private readonly normalize: (text: string) => string;
  private readonly cuts: SpaceCuts | undefined;
  private readonly unsafeAstral: Set<number>;
  private readonly cache: PieceCache;
  private ids = new Int32Array(1024);

  /** The model of the parsed tokenizer.json at `path`. */
  static modelOf(id: string, path: string, json: TokenizerJsonDescription): SentencePieceBpeModel {
    const m = json.model;
    if (!supportsSentencePieceBpe(json) || m.type !== "BPE")
      throw new Error(`${path}: not a SentencePiece-style BPE model this counter implements`);
    const vocab = m.vocab;
    const { charIds, astralIds } = charTablesOf(Object.entries(vocab));
    const byteIds = Int32Array.from({ length: 256 }, (_, b) => vocab[byteToken(b)]!);
    const normalizer = normalizerOf(json)!;
    const space = spaceReplacement(normalizer);
    return {
      kind: "sentencepiece-bpe",
      id,
      charIds,
      astralIds,
      byteIds,
      pairs: pairsFromMerges(m.merges, vocab).model(),
      addedTokens: json.addedTokens.map((t) => t.content),
      normalizer,
      cuts: space ? spaceCutsOf(space.to, m.merges, vocab) : undefined,
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
    for (let i = 0; i < model.astralIds.length; i += 2)
      this.astralIds.set(model.astralIds[i]!, model.astralIds[i + 1]!);
    this.byteIds = model.byteIds;
    this.merger = new BpeMerger(PairTable.fromModel(model.pairs));
    this.added = new AddedTokens(model.addedTokens);
    const steps = model.normalizer;
    if (Array.isArray(steps)) this.normalize = (text) => normalizeSpm(text, steps);
    else {
      const spm = new SentencePieceNormalizer(steps, model.id);
      this.normalize = (text) => spm.normalize(text);
    }
    this.cuts = model.cuts;
    this.unsafeAstral = new Set(model.cuts?.unsafeAstral ?? []);
  }

  count(text: string): number {
    return this.added.count(wellFormed(text), this.countSegment);
  }

  /** The stretch between two added tokens: normalized, cut where no merge crosses, each part counted once through the cache. */
  private readonly countSegment = (segment: string): number => {
    const word = this.normalize(segment);
    const cuts = this.cuts;
    if (!cuts || word.length <= 1) return this.cache.count(word, 0, word.length, this.countWord);
    const { space, unsafeBefore } = cuts;
    const charIds = this.charIds;
    let total = 0;
    let start = 0;
    for (let i = 1; i < word.length; i++) {
      if (word.charCodeAt(i) !== space) continue;
      const c = word.charCodeAt(i - 1);
      if (c >= 0xdc00 && c < 0xe000 && i >= 2) {
        // An astral character (the text is well formed): safe if it is a token and not a left part's end.
        const cp = word.codePointAt(i - 2)!;
        if (!this.astralIds.has(cp) || this.unsafeAstral.has(cp)) continue;
      } else if (unsafeBefore[c] === 1 || charIds[c]! < 0) continue;
      total += this.cache.count(word, start, i, this.countWord);
      start = i;
    }
    return total + this.cache.count(word, start, word.length, this.countWord);
  };

  /** BPE over the characters of one word (the normalized text between two added tokens). */
  private readonly countWord = (word: string): number => {
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
