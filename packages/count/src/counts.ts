/** What a count measures. Every field is a sum, so counts of parts merge in any order. */
export interface Counts {
  documents: number;
  /** UTF-8 bytes of the documents' text. */
  bytes: number;
  /** Unicode code points of the documents' text. */
  chars: number;
  /** Runs of non-whitespace characters. */
  whitespaceWords: number;
  /** Tokens per tokenizer id, each document encoded on its own without special tokens. */
  tokens: Record<string, number>;
  /** Japanese morphemes by kuromoji (IPADIC), when asked for. */
  morphemes?: number;
  /** Bytes read from the source, before decompression. */
  inputBytes: number;
  /** Invalid UTF-8 sequences, each decoded as U+FFFD. */
  invalidUtf8: number;
  /** Records skipped with --on-error skip (malformed JSON, missing field). */
  skippedRecords: number;
}

export function emptyCounts(tokenizers: readonly string[], morphemes: boolean): Counts {
  return {
    documents: 0,
    bytes: 0,
    chars: 0,
    whitespaceWords: 0,
    tokens: Object.fromEntries(tokenizers.map((t) => [t, 0])),
    ...(morphemes ? { morphemes: 0 } : {}),
    inputBytes: 0,
    invalidUtf8: 0,
    skippedRecords: 0,
  };
}

/** Adds `part` into `into`. */
export function addCounts(into: Counts, part: Counts): Counts {
  into.documents += part.documents;
  into.bytes += part.bytes;
  into.chars += part.chars;
  into.whitespaceWords += part.whitespaceWords;
  for (const [id, n] of Object.entries(part.tokens)) into.tokens[id] = (into.tokens[id] ?? 0) + n;
  if (part.morphemes !== undefined) into.morphemes = (into.morphemes ?? 0) + part.morphemes;
  into.inputBytes += part.inputBytes;
  into.invalidUtf8 += part.invalidUtf8;
  into.skippedRecords += part.skippedRecords;
  return into;
}
