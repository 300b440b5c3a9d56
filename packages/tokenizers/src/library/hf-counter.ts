import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Tokenizer } from "@huggingface/tokenizers";
import type { TokenCounter } from "../token-counter.js";

/** Counts with a tokenizer.json model through @huggingface/tokenizers, without special tokens. */
export class TokenizerJsonCounter implements TokenCounter {
  private readonly tokenizer: Tokenizer;

  /** `json` is the parsed tokenizer.json at `tokenizerPath` (read once by createCounter). */
  constructor(
    readonly id: string,
    tokenizerPath: string,
    json: unknown,
    configPath?: string,
  ) {
    const config = configPath ? readJson(configPath, "tokenizer_config.json") : {};
    try {
      // Required here, not imported at the top: only tokenizers our counters do not cover use the library.
      const { Tokenizer: LibraryTokenizer } = createRequire(import.meta.url)(
        "@huggingface/tokenizers",
      ) as typeof import("@huggingface/tokenizers");
      this.tokenizer = new LibraryTokenizer(json as never, config as never);
    } catch (error) {
      throw new Error(`${tokenizerPath}: not a usable tokenizer.json: ${(error as Error).message}`);
    }
  }

  count(text: string): number {
    return this.tokenizer.encode(text, { add_special_tokens: false }).ids.length;
  }
}

export function readJson(path: string, what: string): unknown {
  return readJsonText(path, what).json;
}

/** The file's text and its JSON (for a reader that needs the number literals as written, which JSON.parse does not keep). */
export function readJsonText(path: string, what: string): { text: string; json: unknown } {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new Error(`cannot read ${what} at ${path}: ${(error as Error).message}`);
  }
  try {
    return { text, json: JSON.parse(text) };
  } catch (error) {
    throw new Error(`${path}: invalid JSON in ${what}: ${(error as Error).message}`);
  }
}
