import { AddedTokens, plainAddedTokens } from "../text/added-tokens.js";
import type { TokenizerJsonDescription } from "../tokenizer-json/describe.js";
import { PieceCache } from "../cache/piece-cache.js";
import type { TokenCounter } from "../token-counter.js";
import { wellFormed } from "../text/well-formed.js";
import { byteToken } from "../sentencepiece/pieces.js";
import { normalizeSpm, spmNormalizerSteps, type SpmNormalizerStep } from "../sentencepiece/spm-normalizer.js";
import { PieceTrie } from "./piece-trie.js";
import { typeName } from "../tokenizer-json/unsupported.js";
import { nativeUnigramScores } from "../tokenizer-json/score-literals.js";
import { UnigramViterbi, type UnigramTables } from "./unigram-viterbi.js";
import { MOST_WORDS, TieSafeWords, cutPointsOf, type CutPoints } from "./tie-safe-words.js";
import type { WordLoop } from "./wasm-forward.js";

/**
 * A count-only implementation of Hugging Face Unigram models as SentencePiece conversions ship
 * them (LLM-jp, Sarashina, T5...): added tokens split out of the raw text, the conversion's
 * normalizers (spm-normalizer.ts), a Metaspace pre-tokenizer or none, then Viterbi over the
 * pieces and scores (unigram-viterbi.ts) with unknown handling and byte fallback.
 * `supportsUnigram` says whether a tokenizer.json has only these parts; otherwise the library is used.
 */

/** Hugging Face's Metaspace pre-tokenizer: " " becomes the replacement, which may be prepended, and words may start at each replacement. */
export interface Metaspace {
  replacement: string;
  prependScheme: "always" | "first" | "never";
  split: boolean;
}

/** Cuts for texts that are one word, when the cut character (one UTF-16 unit) is a piece. */
function lineCutOf(pieces: string[], meta: Metaspace | null): CutPoints | undefined {
  // Fused unknowns on both sides of a cut would count as one string: the cut must be a piece.
  return meta?.split ? undefined : cutPointsOf(pieces, meta ? meta.replacement : "▁", false);
}

/** Metaspace's words are cut at every replacement: no unit joins one to the next. */
const NO_JOINS = new Uint8Array(0x10000);

/** The Rust library's kUnkPenalty: an unknown character scores this much below the lowest piece. */
const UNK_PENALTY = 10;

function metaspaceOf(json: TokenizerJsonDescription): Metaspace | null | undefined {
  const pre = json.preTokenizer;
  if (!pre) return null;
  if (pre.type !== "Metaspace" || [...pre.replacement].length !== 1) return undefined;
  let prependScheme: Metaspace["prependScheme"];
  if (pre.prependScheme === "always" || pre.prependScheme === "first" || pre.prependScheme === "never")
    prependScheme = pre.prependScheme;
  else if (pre.prependScheme === undefined && pre.addPrefixSpace !== undefined)
    prependScheme = pre.addPrefixSpace ? "always" : "never";
  else return undefined;
  return { replacement: pre.replacement, prependScheme, split: pre.split !== false };
}

/** Whether this counter implements everything the tokenizer.json asks for. */
function supportsUnigram(json: TokenizerJsonDescription): boolean {
  return unigramMisfit(json) === undefined;
}

/** What in the tokenizer.json this counter does not implement, or undefined when it implements everything. */
export function unigramMisfit(json: TokenizerJsonDescription): string | undefined {
  const m = json.model;
  if (m.type === "Unsupported" && m.name === "Unigram") return m.unsupported;
  if (m.type !== "Unigram") return `the model is ${typeName(m)}, not Unigram`;
  // Without an unknown id, the library fails on an unknown character: let it say so.
  if (m.unkId === undefined || m.unkId < 0 || m.unkId >= m.vocab.length)
    return "the Unigram model has no unknown piece (unk_id)";
  if (m.byteFallback) {
    // With some byte pieces missing, an unknown string may or may not become bytes: the library decides.
    const pieces = new Set(m.vocab.map(([piece]) => piece));
    for (let b = 0; b < 256; b++)
      if (!pieces.has(byteToken(b))) return `byte fallback, but the vocabulary has no byte piece ${byteToken(b)}`;
  }
  if (!spmNormalizerSteps(json.normalizer, { nfkc: true, precompiled: true }))
    return "the normalizer has a step this counter does not implement";
  if (metaspaceOf(json) === undefined)
    return "the pre-tokenizer is not a Metaspace (one-character replacement) or none";
  if (!plainAddedTokens(json.addedTokens))
    return "an added token strips spaces, matches single words only or is normalized";
  return undefined;
}

/** What a worker thread needs to rebuild the counter without the tokenizer.json. */
export interface UnigramModel extends UnigramTables {
  kind: "unigram";
  id: string;
  addedTokens: string[];
  normalizer: SpmNormalizerStep[];
  metaspace: Metaspace | null;
  /** Where a text that is one word (no pre-tokenizer, or Metaspace without split) may be cut: before "▁" or Metaspace's replacement (tie-safe-words.ts). */
  lineCut?: CutPoints;
}

export class UnigramCounter implements TokenCounter {
  readonly id: string;
  private readonly viterbi: UnigramViterbi;
  private readonly added: AddedTokens;
  private readonly normalizer: SpmNormalizerStep[];
  private readonly metaspace: Metaspace | null;
  private readonly lineCut: CutPoints | undefined;
  private readonly lineWords: TieSafeWords;
  private readonly cache: PieceCache;
  /** Metaspace's words (split, a one-unit replacement) as the WebAssembly module counts them, with its own cache; undefined without. */
  private readonly moduleWords: WordLoop | undefined;

  /** The model of the tokenizer.json at `path`: `json` parsed, `text` as read (the scores are read again from it). */
  static modelOf(id: string, path: string, json: TokenizerJsonDescription, text: string): UnigramModel {
    const m = json.model;
    if (!supportsUnigram(json) || m.type !== "Unigram")
      throw new Error(`${path}: not a Unigram model this counter implements`);
    const vocab = m.vocab;
    // The scores as the reference parses them, not as JSON.parse did (tokenizer-json/serde-f64.ts).
    const scores = nativeUnigramScores(path, text, vocab);
    let minScore = Infinity;
    for (const score of scores) if (score < minScore) minScore = score;
    const pieces = vocab.map(([piece]) => piece);
    const metaspace = metaspaceOf(json)!;
    return {
      kind: "unigram",
      id,
      trie: PieceTrie.build(pieces),
      scores,
      unkId: m.unkId!,
      unkScore: minScore - UNK_PENALTY,
      byteFallback: m.byteFallback === true,
      addedTokens: json.addedTokens.map((t) => t.content),
      normalizer: spmNormalizerSteps(json.normalizer, { nfkc: true, precompiled: true })!,
      metaspace,
      lineCut: lineCutOf(pieces, metaspace),
    };
  }

  /** The counter of `model`; `cache`, if given, is shared with other threads' counters of the same model. */
  static fromModel(model: UnigramModel, cache = new PieceCache()): UnigramCounter {
    return new UnigramCounter(model, cache);
  }

  private constructor(model: UnigramModel, cache: PieceCache) {
    this.id = model.id;
    this.cache = cache;
    this.viterbi = UnigramViterbi.of(model);
    this.added = new AddedTokens(model.addedTokens);
    this.normalizer = model.normalizer;
    this.metaspace = model.metaspace;
    this.lineCut = model.lineCut;
    this.lineWords = new TieSafeWords(this.viterbi, "float64");
    const meta = this.metaspace;
    this.moduleWords =
      this.viterbi.wasm && meta?.split && meta.replacement.length === 1
        ? { mostWords: MOST_WORDS, float32: false, unit: meta.replacement.charCodeAt(0), joins: NO_JOINS, apart: true }
        : undefined;
  }

  count(text: string): number {
    return this.added.count(wellFormed(text), this.countSegment);
  }

  /** A stretch between added tokens (at `start` in the document): normalized, pre-tokenized, each word through the cache. */
  private readonly countSegment = (segment: string, start: number): number => {
    let text = normalizeSpm(segment, this.normalizer);
    const meta = this.metaspace;
    if (!meta) return this.countLine(text);
    const r = meta.replacement;
    const prepend =
      text.length > 0 && (meta.prependScheme === "always" || (meta.prependScheme === "first" && start === 0));
    if (this.moduleWords && text.length > 0) {
      // One call for the stretch: the module makes spaces the replacement and counts each word from 0 through its cache.
      const first = text.charCodeAt(0);
      const addDummyPrefix = prepend && first !== this.moduleWords.unit && first !== 32;
      return this.viterbi.wasm!.countText(text, 0, text.length, this.moduleWords, {
        removeExtraWhitespaces: false,
        addDummyPrefix,
      });
    }
    if (meta.split && r.length === 1) return this.countSplitWords(text, r, prepend);
    if (text.includes(" ")) text = text.replaceAll(" ", r);
    if (prepend && !text.startsWith(r)) text = r + text;
    if (!meta.split) return this.countLine(text);
    // Words begin at each replacement (Hugging Face's MergedWithNext).
    const unit = r.charCodeAt(0);
    let total = 0;
    let from = 0;
    for (let i = 1; i < text.length; i++) {
      if (text.charCodeAt(i) === unit && text.charCodeAt(i + 1) === r.charCodeAt(1)) {
        total += this.countWords(text, from, i);
        from = i;
      }
    }
    return total + this.countWords(text, from, text.length);
  };

  /**
   * Metaspace's words (one at each space or replacement, which the space becomes) counted from
   * the normalized text as it is: no copy with the spaces replaced, no copy with the replacement
   * prepended. A word is looked up in the cache with its leading space where it has one (its
   * count is that of the word with the replacement: countMetaspaceWord); only the first word,
   * when the replacement is prepended to it, is made a string of its own.
   */
  private countSplitWords(text: string, r: string, prepend: boolean): number {
    const unit = r.charCodeAt(0);
    const n = text.length;
    let total = 0;
    let from = 0;
    let i = 1;
    const first = text.charCodeAt(0);
    if (prepend && first !== unit && first !== 32) {
      while (i < n && text.charCodeAt(i) !== unit && text.charCodeAt(i) !== 32) i++;
      total += this.countWords(r + text.slice(0, i), 0, i + 1);
      from = i;
      i++;
    }
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === unit || c === 32) {
        total += this.countWords(text, from, i);
        from = i;
      }
    }
    return total + this.countWords(text, from, n);
  }

  /** A text the model splits as one word: cut where no piece spans, each part through the tie-safe cache. */
  private countLine(text: string): number {
    const cut = this.lineCut;
    if (!cut || text.length <= 1) return this.countWords(text, 0, text.length);
    return this.lineWords.countText(text, 0, text.length, cut);
  }

  private countWords(text: string, start: number, end: number): number {
    return end > start ? this.cache.count(text, start, end, this.countWord) : 0;
  }

  /** A word as the cache holds it: a leading space stands for Metaspace's replacement (countSplitWords). */
  private readonly countWord = (word: string): number =>
    this.viterbi.count(word.charCodeAt(0) === 32 && this.metaspace ? this.metaspace.replacement + word.slice(1) : word);
}
