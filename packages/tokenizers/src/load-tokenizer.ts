import { resolveTokenizer } from "./resolve.js";
import { loadCounter, type CounterDescription } from "./spec.js";
import type { TokenizerSpec } from "./tokenizer-spec.js";

/** Which implementation counts a tokenizer and why, and the files it was read from. */
export interface TokenizerDescription extends CounterDescription {
  /** The name as given: a registry id, file:PATH or hf:ORG/NAME. */
  id: string;
  /** What the name resolved to: a tiktoken encoding, or the local path of a tokenizer.json or .model. */
  spec: TokenizerSpec;
}

/** A loaded tokenizer: counts the tokens of one document, without special tokens. */
export interface Tokenizer {
  readonly id: string;
  count(text: string): number;
  readonly description: TokenizerDescription;
}

/**
 * Loads a tokenizer by name: a registry id (`o200k_base`, `llama3`, ... see registry.json),
 * `file:PATH` to a tokenizer.json or a SentencePiece .model, or `hf:ORG/NAME` from the Hugging
 * Face Hub (downloaded once into the cache). Rejects with UnknownTokenizerError for a name it
 * cannot resolve.
 */
export async function loadTokenizer(name: string): Promise<Tokenizer> {
  const spec = await resolveTokenizer(name);
  const { counter, description } = loadCounter(spec);
  return {
    id: spec.id,
    count: (text: string) => counter.count(text),
    description: { id: spec.id, spec, ...description },
  };
}
