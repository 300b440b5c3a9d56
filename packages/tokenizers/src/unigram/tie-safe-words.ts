import { PieceCache } from "../cache/piece-cache.js";
import type { SpaceRules, WasmForward, WordLoop } from "./wasm-forward.js";

/**
 * Unigram's Viterbi adds scores along the text, so how a word splits can depend on the score
 * carried into it: in float32 (SentencePiece) or float64 (Hugging Face), two splits whose exact
 * scores tie, or nearly tie, may compare either way once the running score is large. A count
 * that wants to reuse a word's split must know it cannot. This splits a text word by word —
 * cut where no piece can span — carrying the score on as the whole text's Viterbi would:
 * a word's split is explained once in exact arithmetic (its tokens, the score of each step of
 * its best path, and how far from a tie each decision was), and reused only when every decision
 * is further from a tie than rounding at the score carried in can reach; otherwise the word is
 * split again from that score. The explanations live in typed arrays, found through a piece
 * cache of this thread's own; with WebAssembly, the whole loop, its cache and its explanations
 * are the module's (wasm/unigram-viterbi.c, the same arithmetic), and a text is one call.
 */

/** A Unigram Viterbi that can split a stretch from a carried-in score, and explain one from 0. */
export interface CarryingViterbi {
  /** Tokens of text[start, end) from the best score `base` before it; `endScore` is then the best score after it. */
  count(text: string, start: number, end: number, base: number): number;
  readonly endScore: number;
  /** The split of text[start, end) from 0 in exact arithmetic. */
  explain(text: string, start: number, end: number): Explained;
  /** The same Viterbi in WebAssembly, where a whole text is counted word by word in one call (countText); undefined without. */
  readonly wasm?: WasmForward | undefined;
}

export interface Explained {
  tokens: number;
  /** The score each step of the best path adds, in order. */
  steps: Float64Array;
  /** The smallest gap between an offer and the score it was compared with (0: a tie); Infinity if none. */
  margin: number;
  /** The largest magnitude an offer reached. */
  reach: number;
}

/**
 * Where a text that the model splits as one word may be cut: before its `unit` (usually "▁"),
 * unless `joins` marks the unit before it (1: some piece has that unit right before `unit`, so
 * a piece could span the cut).
 */
export interface CutPoints {
  unit: number;
  joins: Uint8Array;
}

/**
 * The cut points before `cut` (one UTF-16 unit) for a vocabulary of `pieces`, or undefined when
 * cuts are not safe: when `cut` is not a piece, it can be an unknown, and unknowns on both sides
 * of a cut would be counted together (fused, or merged into one token) unless `unknownsApart`
 * (SentencePiece with byte fallback counts each unknown's bytes on its own).
 */
export function cutPointsOf(pieces: readonly string[], cut: string, unknownsApart: boolean): CutPoints | undefined {
  if (cut.length !== 1 || (!unknownsApart && !pieces.includes(cut))) return undefined;
  const joins = new Uint8Array(0x10000);
  for (const piece of pieces) {
    for (let i = piece.indexOf(cut, 1); i > 0; i = piece.indexOf(cut, i + 1)) joins[piece.charCodeAt(i - 1)] = 1;
  }
  return { unit: cut.charCodeAt(0), joins };
}

/** Words longer than this (UTF-16 units) are rarely repeated: split directly, not cached. */
const LONGEST_CACHED = 64;
/** Explained words kept before the cache starts again empty (here and in the module). */
export const MOST_WORDS = 1 << 17;

export class TieSafeWords {
  /** The best score after the last word counted. */
  private score = 0;
  private readonly mantissaBits: number;
  /** Word → index of its explanation, looked up where the word lies in the text (no string per hit); made at first use (20 MiB). */
  private index: PieceCache | undefined;
  private words = 0;
  private tokens = new Int32Array(1024);
  /** The largest |score carried in| from which the word's explained split is still SentencePiece's (farFromTies). */
  private safeBelow = new Float64Array(1024);
  private stepsFrom = new Int32Array(1025);
  private steps = new Float64Array(8192);

  /** What the WebAssembly word loop is told of this cache, made once per cut (its owner, as the module sees it). */
  private wasmWords: WordLoop | undefined;

  constructor(
    private readonly viterbi: CarryingViterbi,
    private readonly precision: "float32" | "float64",
    private readonly mostWords = MOST_WORDS,
  ) {
    this.mantissaBits = precision === "float32" ? 23 : 52;
  }

  /** Whether texts are counted in WebAssembly, where `countEscaping` can also rewrite their spaces. */
  get inModule(): boolean {
    return this.viterbi.wasm !== undefined;
  }

  /**
   * `countText` of `text` with its spaces rewritten by `spaces` (each made "▁"...) in the
   * module, where the text is counted: only when `inModule`.
   */
  countEscaping(text: string, cut: CutPoints, spaces: SpaceRules): number {
    const wasm = this.viterbi.wasm;
    if (wasm === undefined) throw new Error("spaces are rewritten only where the text is counted in WebAssembly");
    return text.length > 0 ? wasm.countText(text, 0, text.length, this.moduleOwner(cut), spaces) : 0;
  }

  /** Tokens of text[start, end), split by the model as one word from a score of 0, cut at `cut`. */
  countText(text: string, start: number, end: number, cut: CutPoints): number {
    const wasm = this.viterbi.wasm;
    // The same loop, cache and arithmetic in the module: one call per text, not a few per word.
    if (wasm !== undefined && end > start) return wasm.countText(text, start, end, this.moduleOwner(cut));
    const { unit, joins } = cut;
    this.score = 0;
    let total = 0;
    let from = start;
    for (let i = start + 1; i < end; i++) {
      if (text.charCodeAt(i) !== unit || joins[text.charCodeAt(i - 1)] === 1) continue;
      total += this.count(text, from, i);
      from = i;
    }
    return end > from ? total + this.count(text, from, end) : total;
  }

  /** What the module is told of this cache and `cut`. */
  private moduleOwner(cut: CutPoints): WordLoop {
    const { unit, joins } = cut;
    if (this.wasmWords?.joins !== joins || this.wasmWords.unit !== unit)
      this.wasmWords = { mostWords: this.mostWords, float32: this.precision === "float32", unit, joins, apart: false };
    return this.wasmWords;
  }

  /** Tokens of text[start, end), a word no piece spans out of, from the score carried in; carries the score on. */
  private count(text: string, start: number, end: number): number {
    const base = this.score;
    if (end - start > LONGEST_CACHED) return this.split(text, start, end, base);
    this.index ??= new PieceCache();
    const w = this.index.count(text, start, end, this.explainWord);
    if (!(Math.abs(base) < this.safeBelow[w]!)) return this.split(text, start, end, base);
    const { steps } = this;
    let score = base;
    const last = this.stepsFrom[w + 1]!;
    if (this.precision === "float32")
      for (let i = this.stepsFrom[w]!; i < last; i++) score = Math.fround(score + steps[i]!);
    else for (let i = this.stepsFrom[w]!; i < last; i++) score += steps[i]!;
    this.score = score;
    return this.tokens[w]!;
  }

  private split(text: string, start: number, end: number, base: number): number {
    const tokens = this.viterbi.count(text, start, end, base);
    this.score = this.viterbi.endScore;
    return tokens;
  }

  /** Explains a word met for the first time and keeps the explanation; its index. */
  private readonly explainWord = (word: string): number => {
    if (this.words >= this.mostWords) {
      // The index's entries would point at explanations about to be overwritten: both start again.
      this.index = new PieceCache();
      this.words = 0;
    }
    const explained = this.viterbi.explain(word, 0, word.length);
    const w = this.words++;
    if (w + 2 > this.stepsFrom.length) {
      this.tokens = grown(this.tokens, w * 2);
      this.safeBelow = grown(this.safeBelow, w * 2);
      this.stepsFrom = grown(this.stepsFrom, w * 2 + 1);
    }
    const from = w === 0 ? 0 : this.stepsFrom[w]!;
    if (from + explained.steps.length > this.steps.length)
      this.steps = grown(this.steps, (from + explained.steps.length) * 2);
    this.steps.set(explained.steps, from);
    this.stepsFrom[w] = from;
    this.stepsFrom[w + 1] = from + explained.steps.length;
    this.tokens[w] = explained.tokens;
    this.safeBelow[w] = this.safeBelowOf(explained, word.length);
    return w;
  };

  /**
   * The scores carried in from which the Viterbi makes every decision of the word as the exact
   * split did: |base| below the result. A stored score is off its exact value by at most half an
   * ulp (of the scores' magnitude M = |base| + reach) per step, on each side of a comparison at
   * most `length` steps, and the exact split's own float64 arithmetic is off by no more: a gap
   * wider than (2·length + 2) ulps keeps every comparison's outcome. With q that gap's share,
   * ulp(M) = 2^(floor(log2 M) - mantissa bits) < q holds for every M below 2^floor(log2 q +
   * mantissa bits) (floor, not the exact ceiling: a rounding of log2 can only make it stricter).
   */
  private safeBelowOf(explained: Explained, length: number): number {
    if (explained.margin === Infinity) return Infinity;
    if (explained.margin === 0) return 0;
    const q = explained.margin / (2 * length + 2);
    const magnitude = 2 ** Math.floor(Math.log2(q) + this.mantissaBits);
    return magnitude / 1.001 - explained.reach;
  }
}

function grown<T extends Int32Array | Float64Array>(array: T, length: number): T {
  const bigger = new (array.constructor as new (n: number) => T)(Math.max(length, array.length * 2));
  bigger.set(array);
  return bigger;
}
