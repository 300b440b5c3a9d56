import { Buffer } from "node:buffer";
import { copyInto, instantiate, type WasmMemoryExports } from "../wasm/wasm-module.js";
import type { PieceTrie } from "./piece-trie.js";

interface ForwardExports extends WasmMemoryExports {
  configure(codes: number, cells: number, scores: number, unkId: number, unkScore: number): void;
  reserve(units: number): number;
  room(): number;
  reserve_text(units: number): number;
  text_at(): number;
  chars_at(): number;
  score_at(): number;
  from_at(): number;
  ids_at(): number;
  forward(units: number, carried: number, float32: number): void;
  configure_stretches(huggingface: number, byteFallback: number, float32: number): void;
  joins_at(): number;
  total_of(): number;
  reset_words(most: number, float32: number, unit: number, apart: number): number;
  begin(units: number): void;
  run(): number;
  normalize_spaces(units: number, removeExtra: number, dummyPrefix: number): number;
}

/**
 * What becomes of a text's spaces before it is counted: each becomes "▁", and as SentencePiece's
 * normalizer (spm-model-normalizer.ts) would with these settings, runs of them are made one and
 * trailing "▁"s dropped, and a "▁" put first.
 */
export interface SpaceRules {
  removeExtraWhitespaces: boolean;
  addDummyPrefix: boolean;
}

/**
 * A word cache in the module and how a text is cut into its words: before each `unit` (which
 * spaces become, with SpaceRules) unless `joins` marks the unit before it; each word split from
 * the score carried out of the last (float32: replayed as SentencePiece stores scores) or, when
 * `apart`, from 0; at most `mostWords` words kept. The object's identity names the cache.
 */
export interface WordLoop {
  mostWords: number;
  float32: boolean;
  unit: number;
  joins: Uint8Array;
  apart: boolean;
}

/** How the module counts: the Viterbi's flavour (unigram-viterbi.ts) and byte fallback. */
interface StretchRules {
  huggingface: boolean;
  byteFallback: boolean;
  float32: boolean;
}

/**
 * The forward pass of Unigram's Viterbi in WebAssembly (wasm/unigram-viterbi.c): UnigramViterbi's
 * `forwardOffers` over the same trie and scores, copied into the module's memory. The caller
 * writes a word's UTF-16 units into `chars` and reads the best paths from `score`, `from` and
 * `ids`, views of the module's memory (renewed when it grows or the module moved them: read them
 * after `reserve`). `countText` counts a whole text there instead, word by word through the
 * module's own word cache (TieSafeWords' loop, or Metaspace's words), in one call.
 */
export class WasmForward {
  private readonly wasm: ForwardExports;
  private capacity = 0;
  chars = new Uint16Array(0);
  score = new Float64Array(0);
  from = new Int32Array(0);
  ids = new Int32Array(0);
  /** Whose word cache the module holds (a WordLoop, one per cut and counter). */
  private wordsOwner: object | undefined;

  /** What its errors call it: the tokenizer's WebAssembly Unigram counter. */
  private readonly what: string;

  /** `tokenizer`: its id, which its errors name. */
  constructor(
    trie: PieceTrie,
    scores: Float64Array,
    unkId: number,
    unkScore: number,
    rules: StretchRules,
    tokenizer: string,
  ) {
    this.what = `${tokenizer}'s WebAssembly Unigram counter`;
    this.wasm = instantiate<ForwardExports>("unigram-viterbi");
    const copy = (array: Int32Array | Float64Array) => copyInto(this.wasm, array, this.what);
    this.wasm.configure(copy(trie.codes), copy(trie.cells), copy(scores), unkId, unkScore);
    this.wasm.configure_stretches(rules.huggingface ? 1 : 0, rules.byteFallback ? 1 : 0, rules.float32 ? 1 : 0);
  }

  /** Makes room for a word of `units` UTF-16 units. */
  reserve(units: number): void {
    // The module also moves the arrays itself, for a long word of a text it counts (countText): then its room differs.
    if (units + 2 <= this.capacity && this.chars.length > 0 && this.wasm.room() === this.capacity) return;
    if (this.wasm.reserve(units) !== 1)
      throw new Error(`${this.what} could not have memory for a word of ${units} units`);
    // Room may have moved, and the memory grown (which empties every view of its old buffer; the
    // word cache grows it too, so the room may be more than this asked for).
    const { buffer } = this.wasm.memory;
    this.capacity = this.wasm.room();
    this.chars = new Uint16Array(buffer, this.wasm.chars_at(), this.capacity);
    this.score = new Float64Array(buffer, this.wasm.score_at(), this.capacity);
    this.from = new Int32Array(buffer, this.wasm.from_at(), this.capacity);
    this.ids = new Int32Array(buffer, this.wasm.ids_at(), this.capacity);
  }

  /** The best path to each position of chars[0, units) from `carried` (float32: SentencePiece's storage). */
  forward(units: number, carried: number, float32: boolean): void {
    this.wasm.forward(units, carried, float32 ? 1 : 0);
  }

  /**
   * Tokens of text[start, end), counted in the module as TieSafeWords.countText counts it (or,
   * with words apart, UnigramCounter a Metaspace's words): cut into words by `owner`, each
   * through the module's word cache (explained there). With `spaces`, the text's spaces are
   * first rewritten so (normalize_spaces), there: no copy of the text with them replaced is made.
   */
  countText(text: string, start: number, end: number, owner: WordLoop, spaces?: SpaceRules): number {
    const wasm = this.wasm;
    if (this.wordsOwner !== owner) {
      // Another cache's explanations (another precision, other cuts) are not this one's.
      if (wasm.reset_words(owner.mostWords, owner.float32 ? 1 : 0, owner.unit, owner.apart ? 1 : 0) !== 1)
        throw new Error(`${this.what} could not have memory for a word cache`);
      const joinsAt = wasm.joins_at();
      new Uint8Array(wasm.memory.buffer, joinsAt, 0x10000).set(owner.joins);
      this.wordsOwner = owner;
    }
    let n = end - start;
    if (wasm.reserve_text(n) !== 1) throw new Error(`${this.what} could not have memory for a text of ${n} units`);
    // One unit more, before the text, for the "▁" normalize_spaces may put first. The text is
    // written as UTF-16 at once (Buffer.write); the view is made after reserve_text, which may grow the memory.
    const at = spaces ? 1 : 0;
    const bytes = Buffer.from(wasm.memory.buffer, wasm.text_at() + 2 * at, 2 * n);
    bytes.write(start === 0 && end === text.length ? text : text.slice(start, end), 0, 2 * n, "utf16le");
    if (spaces) {
      n = wasm.normalize_spaces(n, spaces.removeExtraWhitespaces ? 1 : 0, spaces.addDummyPrefix ? 1 : 0);
      if (n === 0) return 0;
    }
    wasm.begin(n);
    if (wasm.run() !== 1) throw new Error(`${this.what} could not have memory for its word cache or a word's paths`);
    return wasm.total_of();
  }
}
