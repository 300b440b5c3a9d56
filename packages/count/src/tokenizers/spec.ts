import { readFileSync } from "node:fs";
import { ByteLevelBpeCounter, supportsByteLevelBpe } from "./byte-level-bpe-counter.js";
import { TokenizerJsonCounter } from "./hf-counter.js";
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
  if (usesByteLevelBpe(spec.path)) return new ByteLevelBpeCounter(spec.id, spec.path);
  return new TokenizerJsonCounter(spec.id, spec.path, spec.configPath);
}

function usesByteLevelBpe(path: string): boolean {
  try {
    return supportsByteLevelBpe(JSON.parse(readFileSync(path, "utf8")));
  } catch {
    return false; // the library reports what is wrong with the file
  }
}
