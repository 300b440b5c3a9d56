import { record } from "./unsupported.js";

/** An entry of a tokenizer.json's added_tokens; the flags are false when the file leaves them out. */
export interface AddedToken {
  content: string;
  singleWord: boolean;
  lstrip: boolean;
  rstrip: boolean;
  normalized: boolean;
  special: boolean;
}

/** The added tokens of a tokenizer.json ("added_tokens"): entries without a string content are left out. */
export function parseAddedTokens(value: unknown): AddedToken[] {
  if (!Array.isArray(value)) return [];
  const tokens: AddedToken[] = [];
  for (const entry of value) {
    const json = record(entry);
    if (typeof json?.content !== "string") continue;
    tokens.push({
      content: json.content,
      singleWord: Boolean(json.single_word),
      lstrip: Boolean(json.lstrip),
      rstrip: Boolean(json.rstrip),
      normalized: Boolean(json.normalized),
      special: Boolean(json.special),
    });
  }
  return tokens;
}
