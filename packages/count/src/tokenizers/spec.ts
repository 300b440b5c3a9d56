import { TokenizerJsonCounter } from "./hf-counter.js";
import { TiktokenCounter } from "./tiktoken-counter.js";
import type { TokenCounter } from "./token-counter.js";

/** A tokenizer resolved to local files: what a worker thread needs to build its counter. */
export type TokenizerSpec =
  | { id: string; kind: "tiktoken"; encoding: string }
  | { id: string; kind: "tokenizer.json"; path: string; configPath?: string };

export function createCounter(spec: TokenizerSpec): TokenCounter {
  return spec.kind === "tiktoken" ? new TiktokenCounter(spec.id, spec.encoding) : new TokenizerJsonCounter(spec.id, spec.path, spec.configPath);
}
