import { wasmPatternOf } from "./bpe/wasm-byte-bpe.js";
import {
  ByteLevelBpeCounter,
  byteLevelBpeMisfit,
  type ByteLevelBpeModel,
} from "./byte-level-bpe/byte-level-bpe-counter.js";
import { readJson, readJsonText, TokenizerJsonCounter } from "./library/hf-counter.js";
import {
  SentencePieceBpeCounter,
  sentencePieceBpeMisfit,
  type SentencePieceBpeModel,
} from "./sentencepiece-bpe/sentencepiece-bpe-counter.js";
import { TiktokenCounter, tiktokenModel, type TiktokenModel } from "./tiktoken/tiktoken-counter.js";
import { UnigramCounter, unigramMisfit, type UnigramModel } from "./unigram/unigram-counter.js";
import { isSegmentableJson } from "./text/segmentable.js";
import { describeTokenizerJson, type TokenizerJsonDescription } from "./tokenizer-json/describe.js";
import { readFileSync } from "node:fs";
import { parseModelProto } from "./sentencepiece-model/model-proto.js";
import { modelFromProto, type SentencePieceModelOfProto } from "./sentencepiece-model/model-from-proto.js";
import {
  SentencePieceUnigramCounter,
  type SentencePieceUnigramModel,
} from "./sentencepiece-model/spm-unigram-counter.js";
import type { PieceCache } from "./cache/piece-cache.js";
import type { TokenCounter } from "./token-counter.js";
import type { TokenizerSpec } from "./tokenizer-spec.js";

/**
 * The counter for a tokenizer: our count-only implementations where they cover the model
 * (tiktoken encodings; byte-level BPE tokenizer.json models such as Llama 3, Qwen3, DeepSeek-V3;
 * SentencePiece-style BPE with byte fallback such as Gemma 3 and Llama 2; SentencePiece-style
 * Unigram such as LLM-jp's and Sarashina's; SentencePiece .model files, BPE and Unigram), the
 * @huggingface/tokenizers library for any other tokenizer.json.
 */
export function createCounter(spec: TokenizerSpec): TokenCounter {
  return loadCounter(spec).counter;
}

/** The counter, which implementation it is and why, and whether documents may be cut for it (segmentable.ts), from one read of the files. */
export function loadCounter(spec: TokenizerSpec): {
  counter: TokenCounter;
  description: CounterDescription;
  segmentable: boolean;
} {
  if (spec.kind !== "tokenizer.json") {
    const { model, segmentable } = loadModel(spec);
    return { counter: counterFromModel(model), description: describeModel(model), segmentable };
  }
  // Not through loadModel: the library's counter is given the JSON already read.
  const { text, json } = readJsonText(spec.path, "tokenizer.json");
  const description = describeTokenizerJson(json);
  const model = modelOfJson(spec, description, text);
  const counter =
    model.kind === "library"
      ? new TokenizerJsonCounter(spec.id, spec.path, json, spec.configPath)
      : counterFromModel(model);
  return { counter, description: describeModel(model), segmentable: isSegmentableJson(description) };
}

/**
 * What a counter is built from, without its files: our counters' tables as typed arrays, or
 * for the library the spec itself (each worker loads the library on its own).
 */
export type CounterModel =
  | TiktokenModel
  | ByteLevelBpeModel
  | SentencePieceBpeModel
  | UnigramModel
  | SentencePieceUnigramModel
  | { kind: "library"; spec: TokenizerSpec & { kind: "tokenizer.json" }; reason: string };

/** Which implementation counts: one of the count-only families, or `library` (@huggingface/tokenizers). */
export type CounterKind = CounterModel["kind"];

/** Which implementation counts a tokenizer, and why. */
export interface CounterDescription {
  implementation: CounterKind;
  /** A count-only family of this package (true), or the library (false). */
  fast: boolean;
  /** Why this implementation: what the definition is, or for the library, why no family fits. */
  reason: string;
}

const FAMILY_OF: Record<Exclude<CounterKind, "library">, string> = {
  tiktoken: "a tiktoken encoding: counted by tiktoken/",
  "byte-level-bpe": "a byte-level BPE tokenizer.json: counted by byte-level-bpe/",
  "sentencepiece-bpe": "a SentencePiece-style BPE with byte fallback: counted by sentencepiece-bpe/",
  unigram: "a SentencePiece-style Unigram tokenizer.json: counted by unigram/",
  "sentencepiece-unigram": "a SentencePiece Unigram .model: counted by sentencepiece-model/",
};

/**
 * Which implementation counts `spec`, and why, without building its counter: a tokenizer.json is
 * read and checked against each family; a SentencePiece .model is read whole (what it is, BPE or
 * Unigram, and whether it is refused, comes from building its model).
 */
export function describeCounter(spec: TokenizerSpec): CounterDescription {
  if (spec.kind === "tiktoken") return { implementation: "tiktoken", fast: true, reason: FAMILY_OF.tiktoken };
  if (spec.kind === "sentencepiece-model") return describeModel(sentencePieceModel(spec));
  const family = familyOfJson(describeTokenizerJson(readJson(spec.path, "tokenizer.json")));
  return family.kind === "library"
    ? { implementation: "library", fast: false, reason: family.reason }
    : { implementation: family.kind, fast: true, reason: FAMILY_OF[family.kind] };
}

/** Which implementation counts with `model`, and why. */
export function describeModel(model: CounterModel): CounterDescription {
  if (model.kind === "library") return { implementation: "library", fast: false, reason: model.reason };
  return { implementation: model.kind, fast: true, reason: FAMILY_OF[model.kind] };
}

/** The model of a tokenizer and whether documents may be cut for it: read once, for any number of workers. */
export function loadModel(spec: TokenizerSpec): { model: CounterModel; segmentable: boolean } {
  if (spec.kind === "tiktoken") return { model: tiktokenModel(spec.id, spec.encoding), segmentable: true };
  if (spec.kind === "sentencepiece-model") return { model: sentencePieceModel(spec), segmentable: false };
  // Read once: the Unigram family reads its scores again from the text (see UnigramCounter.modelOf).
  const { text, json } = readJsonText(spec.path, "tokenizer.json");
  const description = describeTokenizerJson(json);
  return { model: modelOfJson(spec, description, text), segmentable: isSegmentableJson(description) };
}

/** The counter of `model`; `cache`, if given, is shared with other threads' counters of the same model (the library keeps its own). */
export function counterFromModel(model: CounterModel, cache?: PieceCache): TokenCounter {
  switch (model.kind) {
    case "tiktoken":
      return TiktokenCounter.fromModel(model, cache);
    case "byte-level-bpe":
      return ByteLevelBpeCounter.fromModel(model, cache);
    case "sentencepiece-bpe":
      return SentencePieceBpeCounter.fromModel(model, cache);
    case "unigram":
      return UnigramCounter.fromModel(model, cache);
    case "sentencepiece-unigram":
      return SentencePieceUnigramCounter.fromModel(model);
    case "library":
      return new TokenizerJsonCounter(
        model.spec.id,
        model.spec.path,
        readJson(model.spec.path, "tokenizer.json"),
        model.spec.configPath,
      );
  }
}

/** Whether counters of `model` keep a piece cache that threads can share (the library's is its own). */
export function hasPieceCache(model: CounterModel): boolean {
  // The WebAssembly counter's cache is in its own memory, which no other thread can read.
  if (model.kind === "tiktoken") return wasmPatternOf([model.pattern], model.bpe) === undefined;
  if (model.kind === "byte-level-bpe") return wasmPatternOf(model.patterns, model.bpe) === undefined;
  return model.kind !== "library" && model.kind !== "sentencepiece-unigram";
}

/**
 * The same model with every typed array copied into shared memory: posted to worker threads,
 * it is one copy for all of them instead of one each.
 */
export function shareModel<T>(model: T): T {
  if (ArrayBuffer.isView(model)) {
    const view = model as unknown as Uint8Array;
    if (view.buffer instanceof SharedArrayBuffer) return model; // already shared (a model read from the cache)
    const Kind = view.constructor as new (buffer: SharedArrayBuffer) => Uint8Array;
    const copy = new Kind(new SharedArrayBuffer(view.byteLength));
    copy.set(view);
    return copy as unknown as T;
  }
  if (Array.isArray(model)) return model.map((item: unknown) => shareModel(item)) as T;
  if (model !== null && typeof model === "object") {
    return Object.fromEntries(Object.entries(model).map(([key, value]) => [key, shareModel(value)])) as T;
  }
  return model;
}

/** Our counter's model of a SentencePiece .model file (there is no library to fall back to: what it cannot count, it refuses). */
function sentencePieceModel(spec: TokenizerSpec & { kind: "sentencepiece-model" }): SentencePieceModelOfProto {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(spec.path);
  } catch (error) {
    throw new Error(`cannot read the SentencePiece model at ${spec.path}: ${(error as Error).message}`);
  }
  return modelFromProto(spec.id, spec.path, parseModelProto(bytes, spec.path));
}

/** The model of our counter for a tokenizer.json, or the library's with the reason no family of ours fits. */
function modelOfJson(
  spec: TokenizerSpec & { kind: "tokenizer.json" },
  json: TokenizerJsonDescription,
  text: string,
): CounterModel {
  const family = familyOfJson(json);
  switch (family.kind) {
    case "byte-level-bpe":
      return ByteLevelBpeCounter.modelOf(spec.id, spec.path, json);
    case "sentencepiece-bpe":
      return SentencePieceBpeCounter.modelOf(spec.id, spec.path, json);
    case "unigram":
      return UnigramCounter.modelOf(spec.id, spec.path, json, text);
    case "library":
      return { kind: "library", spec, reason: family.reason };
  }
}

/** The first count-only family that implements everything a tokenizer.json asks for, or the library and why none does. */
function familyOfJson(
  json: TokenizerJsonDescription,
): { kind: "byte-level-bpe" | "sentencepiece-bpe" | "unigram" } | { kind: "library"; reason: string } {
  const byteLevel = misfit(json, byteLevelBpeMisfit);
  if (byteLevel === undefined) return { kind: "byte-level-bpe" };
  const sentencePiece = misfit(json, sentencePieceBpeMisfit);
  if (sentencePiece === undefined) return { kind: "sentencepiece-bpe" };
  const unigram = misfit(json, unigramMisfit);
  if (unigram === undefined) return { kind: "unigram" };
  const reasons = `byte-level-bpe: ${byteLevel}; sentencepiece-bpe: ${sentencePiece}; unigram: ${unigram}`;
  return {
    kind: "library",
    reason: `@huggingface/tokenizers counts it, as no count-only family implements all of it (${reasons})`,
  };
}

/** What a family's counter does not implement in `json`, or undefined when it fits. */
function misfit(
  json: TokenizerJsonDescription,
  why: (json: TokenizerJsonDescription) => string | undefined,
): string | undefined {
  try {
    return why(json);
  } catch (error) {
    // Not the shape this counter reads (a missing part, a pattern it cannot translate): the library reports what is wrong with it.
    return `cannot read it (${(error as Error).message})`;
  }
}
