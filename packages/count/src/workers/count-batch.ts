import type { MorphemeCounter } from "../morphemes.js";
import { textStats } from "../text-stats.js";
import type { TokenCounter } from "../tokenizers/token-counter.js";
import type { BatchResult } from "./messages.js";

/** Counts a batch of documents; each document is tokenized on its own. */
export function countBatch(id: number, documents: string[], counters: TokenCounter[], morphemes: MorphemeCounter | undefined): BatchResult {
  const result: BatchResult = { id, bytes: 0, chars: 0, whitespaceWords: 0, tokens: {} };
  for (const counter of counters) result.tokens[counter.id] = 0;
  if (morphemes) result.morphemes = 0;
  for (const text of documents) {
    const stats = textStats(text);
    result.bytes += stats.bytes;
    result.chars += stats.chars;
    result.whitespaceWords += stats.whitespaceWords;
    for (const counter of counters) result.tokens[counter.id]! += counter.count(text);
    if (morphemes) result.morphemes! += morphemes.count(text);
  }
  return result;
}
