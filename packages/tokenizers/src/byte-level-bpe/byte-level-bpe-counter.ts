import { AddedTokens } from "../text/added-tokens.js";
import type { TokenizerJsonDescription } from "../tokenizer-json/describe.js";
import type { Model } from "../tokenizer-json/model.js";
import type { PreTokenizer } from "../tokenizer-json/pre-tokenizer.js";
import { type Unsupported, typeName } from "../tokenizer-json/unsupported.js";
import { ByteBpe, byteBpeModel, type ByteBpeModel } from "../bpe/byte-bpe.js";
import { ByteSequenceTable } from "../bpe/byte-sequence-table.js";
import { CharPremerge } from "../bpe/char-premerge.js";
import { pairsFromMerges } from "../bpe/pair-table.js";
import { PieceCache } from "../cache/piece-cache.js";
import type { PieceSplitter } from "../text/piece-splitter.js";
import { splitterFor } from "../text/pre-tokenizer-splitter.js";
import { codePointClasses } from "../text/code-point-classes.js";
import { WasmByteBpe, wasmPatternOf } from "../bpe/wasm-byte-bpe.js";
import { tiktokenPatternToJs } from "../text/tiktoken-pattern.js";
import type { TokenCounter } from "../token-counter.js";
import { wellFormed } from "../text/well-formed.js";
import { toNfc } from "../text/nfc.js";
import type { UnicodeVersion } from "../text/unicode-classes.generated.js";

/**
 * The Unicode version of the native Hugging Face tokenizers' regular expressions (Oniguruma):
 * checked by counting every character added since
 * against the library (packages/tokenizers/test/unicode-versions.test.ts).
 */
const HF_TOKENIZERS_UNICODE: UnicodeVersion = "16.0.0";

/**
 * A count-only implementation of Hugging Face byte-level BPE models (Llama 3, Qwen3,
 * DeepSeek-V3): added tokens split out first, the normalizer (NFC or none), the Split
 * pre-tokenizers (behaviour Isolated), then BPE over UTF-8 bytes by merge priority. It builds
 * no token ids and keeps no strings in the byte-level alphabet. `supportsByteLevelBpe` says
 * whether a tokenizer.json has only the parts implemented here; otherwise the library is used.
 */

/** GPT-2's map from bytes to printable characters, inverted: character -> byte. */
function byteLevelDecoder(): Map<string, number> {
  const bytes: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) bytes.push(b);
  for (let b = 0xa1; b <= 0xac; b++) bytes.push(b);
  for (let b = 0xae; b <= 0xff; b++) bytes.push(b);
  const chars = [...bytes];
  let n = 0;
  for (let b = 0; b < 256; b++) {
    if (!bytes.includes(b)) {
      bytes.push(b);
      chars.push(256 + n++);
    }
  }
  const map = new Map<string, number>();
  bytes.forEach((b, i) => map.set(String.fromCodePoint(chars[i]!), b));
  return map;
}

function toBytes(token: string, decoder: Map<string, number>): Uint8Array | undefined {
  const out: number[] = [];
  for (const ch of token) {
    const b = decoder.get(ch);
    if (b === undefined) return undefined;
    out.push(b);
  }
  return Uint8Array.from(out);
}

/** The Split pre-tokenizers' patterns (as written for Oniguruma), or undefined when the pre-tokenizer is not only those. */
function splitPatterns(p: PreTokenizer | Unsupported | null): string[] | undefined {
  if (!p) return undefined;
  const list = p.type === "Sequence" ? p.pretokenizers : [p];
  const patterns: string[] = [];
  for (const step of list) {
    if (step.type === "Split") {
      if (!("Regex" in step.pattern) || !step.pattern.Regex || step.behavior !== "Isolated" || step.invert)
        return undefined;
      tiktokenPatternToJs(step.pattern.Regex, HF_TOKENIZERS_UNICODE); // throws on what it cannot translate
      patterns.push(step.pattern.Regex);
    } else if (step.type === "ByteLevel") {
      if (step.addPrefixSpace || step.useRegex) return undefined;
    } else return undefined;
  }
  return patterns.length > 0 ? patterns : undefined;
}

/** Whether this counter implements everything the tokenizer.json asks for. */
function supportsByteLevelBpe(json: TokenizerJsonDescription): boolean {
  return byteLevelBpeMisfit(json) === undefined;
}

/** What in the tokenizer.json this counter does not implement, or undefined when it implements everything. */
export function byteLevelBpeMisfit(json: TokenizerJsonDescription): string | undefined {
  const m = json.model;
  if (m.type === "Unsupported" && m.name === "BPE") return m.unsupported;
  if (m.type !== "BPE") return `the model is ${typeName(m)}, not BPE`;
  if (m.byteFallback) return "the BPE has byte fallback";
  if (m.dropout) return "the BPE has dropout";
  if (m.continuingSubwordPrefix || m.endOfWordSuffix)
    return "the BPE has a continuing-subword prefix or an end-of-word suffix";
  const norm = json.normalizer;
  if (norm && norm.type !== "NFC" && !(norm.type === "Sequence" && norm.normalizers.length === 0))
    return `the normalizer is ${typeName(norm)}, not NFC or none`;
  if (!splitPatterns(json.preTokenizer))
    return "the pre-tokenizer is not isolating Split regexes with a ByteLevel that adds no prefix space";
  // Added tokens that strip or need word boundaries are left to the library.
  if (!json.addedTokens.every((t) => !t.lstrip && !t.rstrip && !t.singleWord))
    return "an added token strips spaces or matches single words only";
  return undefined;
}

/** What a worker thread needs to rebuild the counter without the tokenizer.json. */
export interface ByteLevelBpeModel {
  kind: "byte-level-bpe";
  id: string;
  nfc: boolean;
  /** The Split patterns, as written for Oniguruma. */
  patterns: string[];
  addedTokens: string[];
  bpe: ByteBpeModel;
}

export class ByteLevelBpeCounter implements TokenCounter {
  readonly id: string;
  private readonly nfc: boolean;
  private readonly added: AddedTokens;
  /** The WebAssembly counter, for Splits it scans; else the TypeScript one's parts below. */
  private readonly wasm: WasmByteBpe | undefined;
  private readonly bpe: ByteBpe | undefined;
  /** One splitter per Split, in order: each splits the pieces of the one before. */
  private readonly splitters: PieceSplitter[] = [];
  private readonly cache: PieceCache | undefined;

  /** The model of the parsed tokenizer.json at `path`. */
  static modelOf(id: string, path: string, json: TokenizerJsonDescription): ByteLevelBpeModel {
    const m = json.model;
    if (!supportsByteLevelBpe(json) || m.type !== "BPE")
      throw new Error(`${path}: not a byte-level BPE model this counter implements`);
    return {
      kind: "byte-level-bpe",
      id,
      nfc: json.normalizer?.type === "NFC",
      patterns: splitPatterns(json.preTokenizer)!,
      addedTokens: json.addedTokens.map((t) => t.content),
      bpe: byteBpeModelOf(m),
    };
  }

  /**
   * The counter of `model`; `cache`, if given, is shared with other threads' counters of the same
   * model (the TypeScript counter's: the WebAssembly one keeps its own, see `hasPieceCache`).
   */
  static fromModel(model: ByteLevelBpeModel, cache?: PieceCache): ByteLevelBpeCounter {
    return new ByteLevelBpeCounter(model, cache);
  }

  private constructor(model: ByteLevelBpeModel, cache: PieceCache | undefined) {
    this.id = model.id;
    this.nfc = model.nfc;
    this.added = new AddedTokens(model.addedTokens);
    const scanned = wasmPatternOf(model.patterns, model.bpe);
    if (scanned !== undefined) {
      this.wasm = new WasmByteBpe(model.bpe, scanned, codePointClasses(HF_TOKENIZERS_UNICODE), true, model.id);
      return;
    }
    this.bpe = ByteBpe.fromModel(model.bpe);
    this.splitters = model.patterns.map((p) => splitterFor(p, HF_TOKENIZERS_UNICODE));
    this.cache = cache ?? new PieceCache();
  }

  count(text: string): number {
    return this.added.count(wellFormed(text), this.countSegment);
  }

  forget(): void {
    this.wasm?.forget();
  }

  private readonly countSegment = (raw: string): number => {
    const text = this.nfc ? toNfc(raw) : raw;
    if (this.wasm !== undefined) return this.wasm.count(text);
    return this.countSplit(text, 0, 0, text.length);
  };

  /**
   * The tokens of text[start, end) as HF's Split number `level` (behaviour Isolated) cuts it:
   * its matches and the text between them, each piece cut in turn by the next Split, or counted
   * after the last. Pieces are offsets into the text, never strings; the depth is the number of
   * Splits (DeepSeek-V3 has three), whatever the text.
   */
  private countSplit(text: string, level: number, start: number, end: number): number {
    const splitter = this.splitters[level]!;
    let total = 0;
    let last = start;
    splitter.reset(text, start, end);
    while (splitter.next()) {
      const { start: matchStart, end: matchEnd } = splitter;
      if (matchStart > last) total += this.countPiece(text, level, last, matchStart);
      total += this.countPiece(text, level, matchStart, matchEnd);
      last = matchEnd;
    }
    if (last < end) total += this.countPiece(text, level, last, end);
    return total;
  }

  /** A piece of Split number `level`: cut by the next Split, or merged by BPE after the last. */
  private countPiece(text: string, level: number, start: number, end: number): number {
    if (level + 1 < this.splitters.length) return this.countSplit(text, level + 1, start, end);
    return this.bpe!.countAt(text, start, end, this.cache!);
  }
}

/**
 * The model's BPE over bytes: vocabulary tokens mapped back from GPT-2's printable alphabet
 * to bytes; merges by rank (their line in the file) with the merged token's id; with
 * ignore_merges, a piece that is in the vocabulary is one token before any merge.
 */
function byteBpeModelOf(model: Extract<Model, { type: "BPE" }>): ByteBpeModel {
  const decoder = byteLevelDecoder();
  const vocab = model.vocab;
  const table = new ByteSequenceTable(Object.keys(vocab).length);
  const tokenBytes: (Uint8Array | undefined)[] = [];
  for (const [token, id] of Object.entries(vocab)) {
    const bytes = toBytes(token, decoder);
    if (bytes === undefined) continue;
    table.add(bytes, id);
    tokenBytes[id] = bytes;
  }
  const pairs = pairsFromMerges(model.merges, vocab);
  // A byte without a token of its own never merges: -1 finds no pair.
  const byteIds = new Int32Array(256);
  for (const [ch, b] of decoder) byteIds[b] = vocab[ch] ?? -1;
  const premerge = CharPremerge.build(pairs, tokenBytes, byteIds);
  return byteBpeModel({ byteIds, pairs, wholeTokens: model.ignoreMerges === true ? table : undefined, premerge });
}
