import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { ByteBpe, byteBpeModel, pairsFromRanks, type ByteBpeModel } from "../bpe/byte-bpe.js";
import { ByteSequenceTable } from "../bpe/byte-sequence-table.js";
import { CharPremerge } from "../bpe/char-premerge.js";
import type { PairTable } from "../bpe/pair-table.js";
import { PieceCache } from "../cache/piece-cache.js";
import type { PieceSplitter } from "../text/piece-splitter.js";
import { splitterFor } from "../text/pre-tokenizer-splitter.js";
import { codePointClasses } from "../text/code-point-classes.js";
import { WasmByteBpe, wasmPatternOf } from "../bpe/wasm-byte-bpe.js";
import type { TokenCounter } from "../token-counter.js";
import { wellFormed } from "../text/well-formed.js";
import type { UnicodeVersion } from "../text/unicode-classes.generated.js";

const require = createRequire(import.meta.url);

/**
 * The Unicode version of tiktoken's pattern matching (its Rust regex crate): checked by counting
 * every character added since against tiktoken (packages/tokenizers/test/unicode-versions.test.ts).
 */
const TIKTOKEN_UNICODE: UnicodeVersion = "16.0.0";

interface TiktokenRanksFile {
  pat_str: string;
  bpe_ranks: string;
}

/** The OpenAI encodings as the tiktoken npm package ships them (no download). */
export function loadTiktokenRanksFile(encoding: string): TiktokenRanksFile {
  const file = require.resolve(`tiktoken/encoders/${encoding}.json`);
  return JSON.parse(readFileSync(file, "utf8")) as TiktokenRanksFile;
}

/** Token bytes by rank, from the package's compact form: "<label> <first rank> <token base64> <token base64>..." (consecutive ranks). */
function parseRanks(bpeRanks: string): Uint8Array[] {
  const tokens: Uint8Array[] = [];
  for (const line of bpeRanks.split("\n")) {
    if (!line) continue;
    const fields = line.split(" ");
    const offset = Number.parseInt(fields[1]!, 10);
    for (let i = 2; i < fields.length; i++) tokens[offset + i - 2] = Buffer.from(fields[i]!, "base64");
  }
  return tokens;
}

/** The parts of an encoding's byte-level BPE: token bytes by rank, tokens by bytes, merges by pair, single-byte tokens. */
interface TiktokenBpeParts {
  /** The pre-tokenizer's pattern, as written for Rust. */
  pattern: string;
  tokens: Uint8Array[];
  table: ByteSequenceTable;
  pairs: PairTable;
  byteIds: Int32Array;
}

export function tiktokenBpeParts(encoding: string): TiktokenBpeParts {
  const file = loadTiktokenRanksFile(encoding);
  const tokens = parseRanks(file.bpe_ranks);
  const table = new ByteSequenceTable(tokens.length);
  tokens.forEach((token, rank) => table.add(token, rank));
  const byteIds = new Int32Array(256);
  for (let b = 0; b < 256; b++) byteIds[b] = table.find(Uint8Array.of(b), 0, 1);
  return { pattern: file.pat_str, tokens, table, pairs: pairsFromRanks(tokens, table), byteIds };
}

/** What a worker thread needs to build the counter without reading the encoding's file. */
export interface TiktokenModel {
  kind: "tiktoken";
  id: string;
  /** The pre-tokenizer's pattern, as written for Rust. */
  pattern: string;
  bpe: ByteBpeModel;
}

/** The model of an encoding the tiktoken package ships. */
export function tiktokenModel(id: string, encoding: string): TiktokenModel {
  const { pattern, tokens, table, pairs, byteIds } = tiktokenBpeParts(encoding);
  const premerge = CharPremerge.build(pairs, tokens, byteIds);
  return {
    kind: "tiktoken",
    id,
    pattern,
    bpe: byteBpeModel({ byteIds, pairs, wholeTokens: table, premerge }),
  };
}

/**
 * Counts tokens of a tiktoken encoding exactly as tiktoken's encode_ordinary, without
 * building token ids: split with the encoding's pattern, then merge each piece's bytes by rank
 * (a piece that is itself a token is one, as in tiktoken). In WebAssembly for the patterns
 * wasm/byte-bpe.c scans (every encoding tiktoken ships), else in TypeScript.
 */
export class TiktokenCounter implements TokenCounter {
  readonly id: string;
  private readonly counter: TextCounter;

  /** The counter of an encoding the tiktoken package ships. */
  static load(id: string, encoding: string): TiktokenCounter {
    return new TiktokenCounter(tiktokenModel(id, encoding), undefined);
  }

  /**
   * The counter of `model`; `cache`, if given, is shared with other threads' counters of the same
   * model (the TypeScript counter's: the WebAssembly one keeps its own, see `hasPieceCache`).
   */
  static fromModel(model: TiktokenModel, cache?: PieceCache): TiktokenCounter {
    return new TiktokenCounter(model, cache);
  }

  private constructor(model: TiktokenModel, cache: PieceCache | undefined) {
    this.id = model.id;
    const scanned = wasmPatternOf([model.pattern], model.bpe);
    this.counter =
      scanned !== undefined
        ? new WasmByteBpe(model.bpe, scanned, codePointClasses(TIKTOKEN_UNICODE), false, model.id)
        : new ScannedPieces(
            ByteBpe.fromModel(model.bpe),
            splitterFor(model.pattern, TIKTOKEN_UNICODE),
            cache ?? new PieceCache(),
          );
  }

  /** Text the pattern does not match counts nothing, as in tiktoken (its patterns match every character). */
  count(text: string): number {
    return this.counter.count(text);
  }

  forget(): void {
    this.counter.forget?.();
  }
}

/** What counts a text for TiktokenCounter: the WebAssembly counter or the TypeScript pieces. */
type TextCounter = Omit<TokenCounter, "id">;

/** The TypeScript counter: the pattern's pieces, each counted by the piece cache or merged. */
class ScannedPieces implements TextCounter {
  constructor(
    private readonly bpe: ByteBpe,
    private readonly splitter: PieceSplitter,
    private readonly cache: PieceCache,
  ) {}

  count(raw: string): number {
    const text = wellFormed(raw);
    const { splitter, cache, bpe } = this;
    let total = 0;
    splitter.reset(text);
    while (splitter.next()) total += bpe.countAt(text, splitter.start, splitter.end, cache);
    return total;
  }
}
