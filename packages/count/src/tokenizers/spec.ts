import { ByteLevelBpeCounter, supportsByteLevelBpe, type TokenizerJson } from "./byte-level-bpe-counter.js";
import { readJson, TokenizerJsonCounter } from "./hf-counter.js";
import { TiktokenCounter } from "./tiktoken-counter.js";
import type { TokenCounter } from "./token-counter.js";

/** A tokenizer resolved to local files: what a worker thread needs to build its counter. */
export type TokenizerSpec =
  | { id: string; kind: "tiktoken"; encoding: string }
  | { id: string; kind: "tokenizer.json"; path: string; configPath?: string };

/**
 * The counter for a tokenizer: our count-only implementations where they cover the model
 * (tiktoken encodings; byte-level BPE tokenizer.json models such as Llama 3, Qwen3, DeepSeek-V3),
 * the @huggingface/tokenizers library otherwise (e.g. Gemma 3's SentencePiece-style BPE).
 */
export function createCounter(spec: TokenizerSpec): TokenCounter {
  if (spec.kind === "tiktoken") return new TiktokenCounter(spec.id, spec.encoding);
  // Parsed once: these files are 8–33 MB and every worker builds its own counters.
  const json = readJson(spec.path, "tokenizer.json");
  if (usesByteLevelBpe(json)) return new ByteLevelBpeCounter(spec.id, spec.path, json as TokenizerJson);
  return new TokenizerJsonCounter(spec.id, spec.path, json, spec.configPath);
}

function usesByteLevelBpe(json: unknown): boolean {
  try {
    return supportsByteLevelBpe(json as TokenizerJson);
  } catch {
    return false; // not the shape this counter reads: the library reports what is wrong
  }
}
