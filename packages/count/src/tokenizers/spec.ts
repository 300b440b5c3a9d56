import { ByteLevelBpeCounter, supportsByteLevelBpe, type TokenizerJson } from "./byte-level-bpe-counter.js";
import { readJson, TokenizerJsonCounter } from "./hf-counter.js";
import { SentencePieceBpeCounter, supportsSentencePieceBpe, type SentencePieceJson } from "./sentencepiece-bpe-counter.js";
import { TiktokenCounter } from "./tiktoken-counter.js";
import { isSegmentableJson } from "./segmentable.js";
import type { TokenCounter } from "./token-counter.js";

/** A tokenizer resolved to local files: what a worker thread needs to build its counter. */
export type TokenizerSpec =
  | { id: string; kind: "tiktoken"; encoding: string }
  | { id: string; kind: "tokenizer.json"; path: string; configPath?: string };

/**
 * The counter for a tokenizer: our count-only implementations where they cover the model
 * (tiktoken encodings; byte-level BPE tokenizer.json models such as Llama 3, Qwen3, DeepSeek-V3;
 * SentencePiece-style BPE with byte fallback such as Gemma 3), the @huggingface/tokenizers
 * library for any other tokenizer.json.
 */
export function createCounter(spec: TokenizerSpec): TokenCounter {
  return loadTokenizer(spec).counter;
}

/** The counter, and whether documents may be cut for it (segmentable.ts), from one read of the files. */
export function loadTokenizer(spec: TokenizerSpec): { counter: TokenCounter; segmentable: boolean } {
  if (spec.kind === "tiktoken") return { counter: new TiktokenCounter(spec.id, spec.encoding), segmentable: true };
  // Parsed once: these files are 8–33 MB and every worker builds its own counters.
  const json = readJson(spec.path, "tokenizer.json");
  return { counter: counterFor(spec, json), segmentable: isSegmentableJson(json) };
}

function counterFor(spec: TokenizerSpec & { kind: "tokenizer.json" }, json: unknown): TokenCounter {
  if (fits(json, supportsByteLevelBpe)) return new ByteLevelBpeCounter(spec.id, spec.path, json as TokenizerJson);
  if (fits(json, supportsSentencePieceBpe)) return new SentencePieceBpeCounter(spec.id, spec.path, json as SentencePieceJson);
  return new TokenizerJsonCounter(spec.id, spec.path, json, spec.configPath);
}

function fits<T>(json: unknown, supports: (json: T) => boolean): boolean {
  try {
    return supports(json as T);
  } catch {
    return false; // not the shape this counter reads: the library reports what is wrong
  }
}
