import type { MorphemeCounter } from "../morphemes.js";
import { textStats } from "../text-stats.js";
import type { TokenCounter } from "../tokenizers/token-counter.js";
import type { BatchResult, DocumentCounts } from "./messages.js";

/** Counts a batch of documents; each document is tokenized on its own. */
export function countBatch(id: number, documents: string[], counters: TokenCounter[], morphemes: MorphemeCounter | undefined, perDocument = false): BatchResult {
  const result: BatchResult = { id, bytes: 0, chars: 0, whitespaceWords: 0, tokens: {} };
  for (const counter of counters) result.tokens[counter.id] = 0;
  if (morphemes) result.morphemes = 0;
  const each: DocumentCounts[] | undefined = perDocument ? [] : undefined;
  for (const text of documents) {
    const stats = textStats(text);
    result.bytes += stats.bytes;
    result.chars += stats.chars;
    result.whitespaceWords += stats.whitespaceWords;
    const tokens = counters.map((counter) => counter.count(text));
    counters.forEach((counter, i) => (result.tokens[counter.id]! += tokens[i]!));
    const m = morphemes?.count(text);
    if (m !== undefined) result.morphemes! += m;
    each?.push({ ...stats, tokens, ...(m !== undefined ? { morphemes: m } : {}) });
  }
  if (each) result.perDocument = each;
  return result;
}
