import type { ByteBpeModel } from "./byte-bpe.js";
import { allocate, copyInto, instantiate, type WasmMemoryExports, wasmEnabled } from "../wasm/wasm-module.js";
import { type ScannedPattern, wasmScannedPattern } from "../text/pre-tokenizer-splitter.js";

/** The pattern numbers of wasm/byte-bpe.c's `match_end`. */
const PATTERN_NUMBERS: Record<ScannedPattern, number> = { r50k: 0, cl100k: 1, qwen3: 2, o200k: 3, deepseek_v3: 4 };

interface ByteBpeExports extends WasmMemoryExports {
  configure(...args: number[]): number;
  count_text(at: number, length: number): number;
  split_text(at: number, length: number, ends: number, max: number): number;
  empty_cache(): void;
  cached_pieces(): number;
}

/**
 * The pattern the WebAssembly counter scans for a byte-level BPE `model` split by `patterns` (in
 * order), or undefined where the TypeScript counter is needed: Splits wasm/byte-bpe.c does not
 * scan, ids or ranks too large for its packed pair table, or CENSUS_WASM=0 in the environment (the
 * TypeScript counter for every model, to compare the two or to step around the module).
 */
export function wasmPatternOf(patterns: readonly string[], model: ByteBpeModel): ScannedPattern | undefined {
  if (!wasmEnabled() || model.packedPairs === undefined) return undefined;
  return wasmScannedPattern(patterns);
}

/**
 * Byte-level BPE counting in WebAssembly (wasm/byte-bpe.c): the whole of a text's counting —
 * scanning the pre-tokenizer's pieces, the piece cache, the whole-token check, the merges — in
 * one call over its UTF-8 bytes, where the TypeScript counter pays per piece for calls, bounds
 * checks and UTF-16 to UTF-8. The same algorithm over the same tables (copied into the module's
 * memory), so the same counts; its piece cache is its own, not shared with other threads.
 */
export class WasmByteBpe {
  private readonly wasm: ByteBpeExports;
  private readonly encoder = new TextEncoder();
  /** The module's input buffer: its address and size in bytes. */
  private input = 0;
  private capacity = 0;
  private inputView = new Uint8Array(0);
  /** pieceEnds' buffer: its address and size in ends. */
  private ends = 0;
  private endsCapacity = 0;
  /** What its errors call it: the tokenizer's WebAssembly BPE counter. */
  private readonly what: string;

  /**
   * `classes`: codePointClasses() of the pattern's Unicode version; `gapsArePieces`: whether text
   * the pattern does not match is a piece (a tokenizer.json Split) or counts nothing (tiktoken);
   * `tokenizer`: its id, which its errors name.
   */
  constructor(
    model: ByteBpeModel,
    pattern: ScannedPattern,
    classes: Uint8Array,
    gapsArePieces: boolean,
    tokenizer: string,
  ) {
    this.what = `${tokenizer}'s WebAssembly BPE counter`;
    this.wasm = instantiate<ByteBpeExports>("byte-bpe");
    // 0 for an absent table, as configure reads it.
    const copy = (array: Uint8Array | Int32Array | Uint32Array | undefined): number =>
      array === undefined ? 0 : copyInto(this.wasm, array, this.what);
    const { wholeTokens: whole, premerge } = model;
    const packed = model.packedPairs;
    if (packed === undefined) throw new Error(`${this.what} cannot take this vocabulary (see wasmPatternOf)`);
    const configured = this.wasm.configure(
      PATTERN_NUMBERS[pattern],
      gapsArePieces ? 1 : 0,
      copy(classes),
      copy(model.byteIds),
      copy(whole?.slots),
      whole?.slots.length ?? 0,
      copy(whole?.pool),
      whole?.longest ?? 0,
      copy(whole?.filter),
      whole?.filter.length ?? 0,
      copy(packed.lefts),
      packed.lefts.length,
      copy(packed.slots),
      copy(premerge?.chars),
      copy(premerge?.neighbours),
    );
    if (configured !== 1) throw new Error(`${this.what} could not have memory for its piece cache`);
  }

  /** The tokens of `text` (lone surrogates count as U+FFFD, as the reference libraries receive them). */
  count(text: string): number {
    const length = this.encode(text);
    const count = this.wasm.count_text(this.input, length);
    if (count < 0) throw new Error(`${this.what} ran out of memory on a text of ${length} bytes`);
    return count;
  }

  /** Forgets the pieces counted so far (its cache is its own: no other thread's counter shares it). */
  forget(): void {
    this.wasm.empty_cache();
  }

  /** The number of pieces its cache holds (for the tests). */
  cachedPieces(): number {
    return this.wasm.cached_pieces();
  }

  /** The pieces the pre-tokenizer cuts `text` into, as UTF-8 byte offsets of their ends (for the tests). */
  pieceEnds(text: string): number[] {
    const length = this.encode(text);
    // A piece has a byte at least: as many ends as bytes at most.
    if (length + 1 > this.endsCapacity) {
      this.endsCapacity = Math.max(length + 1, 2 * this.endsCapacity);
      this.ends = this.allocate(4 * this.endsCapacity);
    }
    const n = this.wasm.split_text(this.input, length, this.ends, this.endsCapacity);
    return [...new Uint32Array(this.wasm.memory.buffer, this.ends, n)];
  }

  /** Writes `text` as UTF-8 into the input buffer, growing it first if it may not fit; its length in bytes. */
  private encode(text: string): number {
    // At most 3 bytes per UTF-16 unit (a pair of units is 4 bytes).
    const most = 3 * text.length;
    if (most > this.capacity) {
      this.capacity = Math.max(most, 2 * this.capacity, 1 << 16);
      // 16 bytes more: the module reads a piece's last bytes as a whole word, past the text's end.
      this.input = this.allocate(this.capacity + 16);
    }
    // One view while the memory stays where it is (growing it replaces the ArrayBuffer), not one per text.
    if (this.inputView.buffer !== this.wasm.memory.buffer || this.inputView.byteOffset !== this.input)
      this.inputView = new Uint8Array(this.wasm.memory.buffer, this.input, this.capacity);
    return this.encoder.encodeInto(text, this.inputView).written;
  }

  private allocate(bytes: number): number {
    return allocate(this.wasm, bytes, this.what);
  }
}
