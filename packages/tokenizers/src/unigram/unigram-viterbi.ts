import { PieceTrie, type PieceTrieModel } from "./piece-trie.js";
import { utf8Length } from "../text/utf8-length.js";
import { WasmForward } from "./wasm-forward.js";
import { wasmEnabled } from "../wasm/wasm-module.js";
import type { CarryingViterbi, Explained } from "./tie-safe-words.js";

/**
 * Which implementation's arithmetic and unknowns to follow:
 * - "huggingface" (the tokenizers library's Unigram model): scores add and are stored in
 *   float64; a run of adjacent unknown nodes fuses into one string, one token if it is a piece;
 * - "sentencepiece" (unigram_model.cc EncodeOptimized, then SentencePieceProcessor::Encode):
 *   best scores are stored as float32, a piece's offer is computed and compared in float64 (its
 *   score is a double there, because a user-defined piece's bonus is) and an unknown's in
 *   float32; a run of unknowns is one token, or with byte fallback its UTF-8 bytes. On long
 *   texts float32 decides near-ties, so how a stretch splits depends on the score carried in.
 */
type UnigramFlavour = "huggingface" | "sentencepiece";

/** A Unigram model's tables, as both flavours' counters keep them for their threads. */
export interface UnigramTables {
  trie: PieceTrieModel;
  /** Each piece's score as offered (-: never offered). */
  scores: Float64Array;
  unkId: number;
  /** What an unknown character scores: the lowest piece score minus 10. */
  unkScore: number;
  byteFallback: boolean;
}

/**
 * Stretches shorter than this many UTF-16 units go through the TypeScript forward pass: for an
 * English word, writing its units into the module and the call cost about what the module saves.
 */
const WASM_FROM_UNITS = 16;

/**
 * The number of tokens of Unigram's best segmentation of one word, computed as the Hugging Face
 * tokenizers' Unigram model (encode_optimized, then tokenize) or SentencePiece computes it:
 * - at each character boundary, left to right, every piece starting there, shortest first,
 *   offers its score plus the best score up to the boundary to the position where it ends; an
 *   offer replaces the one held only if strictly greater (the first of equal scores stays);
 * - a character that no piece of exactly its length covers is also offered as unknown, with
 *   the lowest piece score minus 10;
 * - back from the end, consecutive nodes whose id is the unknown id (unknown characters, or the
 *   unknown piece's own text) fuse into one string: one token if that string is a piece, else,
 *   with byte fallback, one token per UTF-8 byte, else one unknown token.
 * Scores add in the same order and precision (UnigramFlavour), so ties break the same way. A stretch of a longer
 * word can be split from the score carried into it (`count` with a base), and explained for
 * the tie-safe word cache (tie-safe-words.ts).
 */
export class UnigramViterbi implements CarryingViterbi {
  endScore = 0;
  private score = new Float64Array(256);
  private from = new Int32Array(256);
  private ids = new Int32Array(256);
  /** The trie code of each unit of the stretch, then 0, which no node has a child by: the walk stops at the end with no test of its own. */
  private units = new Int32Array(257);
  private margin = Infinity;
  private reach = 0;
  /** The TypeScript pass's arrays (`score`, `from` and `ids` are the module's after a pass there). */
  private own = { score: this.score, from: this.from, ids: this.ids, units: this.units };
  /** The forward pass in WebAssembly, for counting (explaining stays here), and whole texts' word loop (TieSafeWords); undefined with CENSUS_WASM=0. */
  readonly wasm: WasmForward | undefined;

  /** The Viterbi of a model's tables, in `flavour`'s arithmetic; `id`, the tokenizer's, names it in errors. */
  static of(tables: UnigramTables & { id?: string }, flavour: UnigramFlavour = "huggingface"): UnigramViterbi {
    const { trie, scores, unkId, unkScore, byteFallback, id } = tables;
    return new UnigramViterbi(new PieceTrie(trie), scores, unkId, unkScore, byteFallback, flavour, id);
  }

  constructor(
    private readonly trie: PieceTrie,
    private readonly scores: Float64Array,
    private readonly unkId: number,
    private readonly unkScore: number,
    private readonly byteFallback: boolean,
    private readonly flavour: UnigramFlavour = "huggingface",
    tokenizer = "a Unigram tokenizer",
  ) {
    const float32 = flavour === "sentencepiece";
    this.wasm = wasmEnabled()
      ? new WasmForward(trie, scores, unkId, unkScore, { huggingface: !float32, byteFallback, float32 }, tokenizer)
      : undefined;
  }

  /** Tokens of text[start, end) when the best score before it is `base` (a whole word: 0). */
  count(text: string, start = 0, end = text.length, base = 0): number {
    if (end <= start) return 0;
    this.forward(text, start, end, base, false);
    this.endScore = this.score[end - start]!;
    return this.backward(text, start, end, undefined);
  }

  explain(text: string, start: number, end: number): Explained {
    this.forward(text, start, end, 0, true);
    const steps: number[] = [];
    const tokens = this.backward(text, start, end, steps);
    return { tokens, steps: Float64Array.from(steps.reverse()), margin: this.margin, reach: this.reach };
  }

  /** The best path to each position of word[start, end) from `carried`, in the flavour's arithmetic; explained in exact arithmetic. */
  private forward(word: string, start: number, end: number, carried: number, explain: boolean): void {
    const n = end - start;
    const wasm = this.wasm;
    if (wasm !== undefined && !explain && n >= WASM_FROM_UNITS) {
      wasm.reserve(n);
      const chars = wasm.chars;
      for (let i = 0; i < n; i++) chars[i] = word.charCodeAt(start + i);
      wasm.forward(n, carried, this.flavour === "sentencepiece");
      // The backward pass reads the paths where the module wrote them.
      this.score = wasm.score;
      this.from = wasm.from;
      this.ids = wasm.ids;
      return;
    }
    // This pass's own arrays, not the module's (which `score` and the others may still be, and
    // whose length says nothing of `units`'): grown together, to the longest stretch met here.
    if (this.own.score.length <= n)
      this.own = {
        score: new Float64Array(n + 1),
        from: new Int32Array(n + 1),
        ids: new Int32Array(n + 1),
        units: new Int32Array(n + 2),
      };
    this.score = this.own.score;
    this.from = this.own.from;
    this.ids = this.own.ids;
    this.units = this.own.units;
    const { units, score } = this;
    const codes = this.trie.codes;
    // Each unit is read once here, not once per piece that covers it.
    for (let i = 0; i < n; i++) units[i] = codes[word.charCodeAt(start + i)]!;
    units[n] = 0;
    // No offer yet is -Infinity, so "no offer or strictly greater" is one comparison.
    score.fill(Number.NEGATIVE_INFINITY, 1, n + 1);
    score[0] = carried;
    this.from[0] = 0;
    if (explain) this.forwardExplained(word, start, n);
    else this.forwardOffers(word, start, n, this.flavour === "sentencepiece");
  }

  /** The hot loop of `forward` when nothing is explained: SentencePiece's float32 storage if `float32`. */
  private forwardOffers(word: string, start: number, n: number, float32: boolean): void {
    const { score, from, ids, units, scores, unkId, unkScore } = this;
    const cells = this.trie.cells;
    const fround = Math.fround;
    for (let s = 0; s < n; ) {
      const c = word.charCodeAt(start + s);
      let width = 1;
      if (c >= 0xd800 && c < 0xdc00 && s + 1 < n) {
        const d = word.charCodeAt(start + s + 1);
        if (d >= 0xdc00 && d < 0xe000) width = 2;
      }
      const here = score[s]!;
      let single = false;
      // The double-array walk (piece-trie.ts) from the root, one unit at a time, to the 0 after the end.
      let node = 0;
      let at = s;
      for (;;) {
        const t = cells[node]! + units[at]!;
        if (cells[t + 1] !== node) break;
        node = t;
        at++;
        const piece = cells[t + 2]!;
        if (piece >= 0) {
          const candidate = scores[piece]! + here;
          if (candidate > score[at]!) {
            score[at] = float32 ? fround(candidate) : candidate;
            from[at] = s;
            ids[at] = piece;
          }
          if (at - s === width) single = true;
        }
      }
      if (!single) {
        at = s + width;
        const candidate = float32 ? fround(unkScore + here) : unkScore + here;
        if (candidate > score[at]!) {
          score[at] = candidate;
          from[at] = s;
          ids[at] = unkId;
        }
      }
      s += width;
    }
  }

  /** `forwardOffers` in exact arithmetic, noting the narrowest gap between an offer and the score it met, and the largest offer. */
  private forwardExplained(word: string, start: number, n: number): void {
    const { score, from, ids, units, scores, unkId, unkScore } = this;
    const cells = this.trie.cells;
    let margin = Infinity;
    let reach = 0;
    for (let s = 0; s < n; ) {
      const c = word.charCodeAt(start + s);
      let width = 1;
      if (c >= 0xd800 && c < 0xdc00 && s + 1 < n) {
        const d = word.charCodeAt(start + s + 1);
        if (d >= 0xdc00 && d < 0xe000) width = 2;
      }
      const here = score[s]!;
      let single = false;
      let node = 0;
      let at = s;
      for (;;) {
        const t = cells[node]! + units[at]!;
        if (cells[t + 1] !== node) break;
        node = t;
        at++;
        const piece = cells[t + 2]!;
        if (piece >= 0) {
          const candidate = scores[piece]! + here;
          if (score[at]! > Number.NEGATIVE_INFINITY) margin = Math.min(margin, Math.abs(candidate - score[at]!));
          reach = Math.max(reach, Math.abs(candidate));
          if (candidate > score[at]!) {
            score[at] = candidate;
            from[at] = s;
            ids[at] = piece;
          }
          if (at - s === width) single = true;
        }
      }
      if (!single) {
        at = s + width;
        const candidate = unkScore + here;
        if (score[at]! > Number.NEGATIVE_INFINITY) margin = Math.min(margin, Math.abs(candidate - score[at]!));
        reach = Math.max(reach, Math.abs(candidate));
        if (candidate > score[at]!) {
          score[at] = candidate;
          from[at] = s;
          ids[at] = unkId;
        }
      }
      s += width;
    }
    this.margin = margin;
    this.reach = reach;
  }

  /** Tokens of the best path found by `forward`; its steps' scores, last first, into `steps` if given. */
  private backward(word: string, start: number, end: number, steps: number[] | undefined): number {
    const { from, ids, unkId, scores } = this;
    let tokens = 0;
    let runEnd = -1;
    let at = end - start;
    while (at > 0) {
      const s = from[at]!;
      const id = ids[at]!;
      if (steps)
        steps.push(id === unkId && !this.isUnknownPiece(word, start + s, start + at) ? this.unkScore : scores[id]!);
      if (id === unkId) {
        if (runEnd < 0) runEnd = at;
      } else {
        if (runEnd >= 0) {
          tokens += this.fused(word, start + at, start + runEnd);
          runEnd = -1;
        }
        tokens++;
      }
      at = s;
    }
    if (runEnd >= 0) tokens += this.fused(word, start, start + runEnd);
    return tokens;
  }

  /** Whether text[start, end), a node with the unknown id, is the unknown piece's own text (offered at its score) rather than an unknown character. */
  private isUnknownPiece(text: string, start: number, end: number): boolean {
    return this.trie.find(text, start, end) === this.unkId;
  }

  /** Tokens of a run of fused unknown nodes word[start, end). */
  private fused(word: string, start: number, end: number): number {
    if (this.flavour === "huggingface" && this.trie.find(word, start, end) >= 0) return 1;
    if (!this.byteFallback) return 1;
    return utf8Length(word, start, end);
  }
}
