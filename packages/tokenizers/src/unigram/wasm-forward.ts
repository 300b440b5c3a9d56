import { copyInto, instantiate, type WasmMemoryExports } from "../wasm/wasm-module.js";
import type { PieceTrie } from "./piece-trie.js";

interface ForwardExports extends WasmMemoryExports {
  configure(codes: number, cells: number, scores: number, unkId: number, unkScore: number): void;
  reserve(units: number): number;
  chars_at(): number;
  score_at(): number;
  from_at(): number;
  ids_at(): number;
  forward(units: number, carried: number, float32: number): void;
}

const WHAT = "the WebAssembly Unigram counter";

/**
 * The forward pass of Unigram's Viterbi in WebAssembly (wasm/unigram-viterbi.c): UnigramViterbi's
 * `forwardOffers` over the same trie and scores, copied into the module's memory. The caller
 * writes a word's UTF-16 units into `chars` and reads the best paths from `score`, `from` and
 * `ids`, views of the module's memory (renewed when it grows: read them after `reserve`).
 */
export class WasmForward {
  private readonly wasm: ForwardExports;
  private capacity = 0;
  chars = new Uint16Array(0);
  score = new Float64Array(0);
  from = new Int32Array(0);
  ids = new Int32Array(0);

  constructor(trie: PieceTrie, scores: Float64Array, unkId: number, unkScore: number) {
    this.wasm = instantiate<ForwardExports>("unigram-viterbi");
    const copy = (array: Int32Array | Float64Array) => copyInto(this.wasm, array, WHAT);
    this.wasm.configure(copy(trie.codes), copy(trie.cells), copy(scores), unkId, unkScore);
  }

  /** Makes room for a word of `units` UTF-16 units. */
  reserve(units: number): void {
    if (units + 2 <= this.capacity && this.chars.length > 0) return;
    if (this.wasm.reserve(units) !== 1) throw new Error(`${WHAT} could not have memory for a word of ${units} units`);
    // Room may have moved, and the memory grown (which empties every view of its old buffer).
    const { buffer } = this.wasm.memory;
    this.capacity = Math.max(units + 2, 2 * this.capacity);
    this.chars = new Uint16Array(buffer, this.wasm.chars_at(), this.capacity);
    this.score = new Float64Array(buffer, this.wasm.score_at(), this.capacity);
    this.from = new Int32Array(buffer, this.wasm.from_at(), this.capacity);
    this.ids = new Int32Array(buffer, this.wasm.ids_at(), this.capacity);
  }

  /** The best path to each position of chars[0, units) from `carried` (float32: SentencePiece's storage). */
  forward(units: number, carried: number, float32: boolean): void {
    this.wasm.forward(units, carried, float32 ? 1 : 0);
  }
}
