import type { DecodeStats } from "../input/decode.js";
import { readChunk, TextChunker, type LineFormat, type TextChunk } from "./text-chunks.js";

/** A document, or a part of a long one cut at a safe point; `end` closes the document. */
export interface DocumentPart {
  text: string;
  end: boolean;
  /** JSON Lines in UTF-8: where a count resumes after this document (jsonl.ts). */
  resumeAt?: { offset: number; line: number; skipped: number };
}

/**
 * Splits decoded text into lines on "\n", removing one trailing "\r" from each (JSON Lines).
 * Text and lines documents are split in the workers instead (text-chunks.ts).
 */
export async function* splitLines(texts: AsyncIterable<string>): AsyncIterable<DocumentPart> {
  let partial = "";
  for await (const text of texts) {
    let start = 0;
    let at = text.indexOf("\n");
    while (at !== -1) {
      let line = partial + text.slice(start, at);
      partial = "";
      if (line.endsWith("\r")) line = line.slice(0, -1);
      yield { text: line, end: true };
      start = at + 1;
      at = text.indexOf("\n", start);
    }
    partial += text.slice(start);
  }
  if (partial.length > 0) yield { text: partial.endsWith("\r") ? partial.slice(0, -1) : partial, end: true };
}

/** Cuts UTF-8 input of the text or lines format into chunks (text-chunks.ts); after a failure, first the documents that ended before it. */
export async function* textChunks(
  bytes: AsyncIterable<Uint8Array>,
  format: LineFormat,
  segmentBytes: number | undefined,
  batchBytes: number,
): AsyncIterable<TextChunk> {
  const chunker = new TextChunker(format, segmentBytes, batchBytes);
  try {
    for await (const piece of bytes) yield* chunker.push(piece);
  } catch (error) {
    const complete = chunker.complete();
    if (complete) yield complete;
    throw error;
  }
  const last = chunker.finish();
  if (last) yield last;
}

/**
 * The documents of text or lines chunks, one by one, decoded here (invalid UTF-8 is added to
 * `stats`). Text is the CC-100 layout: documents are runs of lines separated by empty lines, a
 * document's text its lines joined with "\n"; lines has one document per non-empty line. A
 * document longer than the chunks' segment limit is given in parts.
 */
export async function* chunkedDocuments(
  chunks: AsyncIterable<TextChunk>,
  stats: DecodeStats,
): AsyncIterable<DocumentPart> {
  for await (const chunk of chunks) {
    const { parts, invalidUtf8 } = readChunk(chunk);
    stats.invalidUtf8 += invalidUtf8;
    for (let i = 0; i < parts.length; i++) yield { text: parts[i]!, end: !(chunk.open && i === parts.length - 1) };
  }
}
