import { findCut, joinsWord } from "./segment.js";

/** The formats whose documents are made of lines: text (CC-100, runs of lines) and lines (one per line). */
export type LineFormat = "text" | "lines";

/**
 * A stretch of decoded input handed to a worker whole, which splits it into documents itself
 * (`chunkDocuments`), so the reading thread only decodes and cuts. A chunk begins where a
 * document begins, or inside one (`continues`), and ends where a document ends, or inside one
 * (`open`) at a safe cut (segment.ts) when that document grew longer than a part may be.
 */
export interface TextChunk {
  text: string;
  continues: boolean;
  open: boolean;
  /** 1 when the cut at the end of an open chunk runs through a whitespace-separated word (counted on both sides). */
  wordJoins: number;
}

/**
 * Cuts decoded text into chunks of about `batchChars` characters at document ends. The document
 * being read is cut at a safe point as soon as it is longer than `segmentChars`, so a 100 MB line
 * is never held whole; with `segmentChars` undefined documents are never cut.
 */
export class TextChunker {
  private pending = "";
  /** The last two characters of `pending` (or fewer), which say whether a "\n" at the start of the next text ends a document. */
  private tail = "";
  /** Just after the last document end in `pending`; 0 when there is none. */
  private boundary = 0;
  private continues = false;

  constructor(
    private readonly format: LineFormat,
    private readonly segmentChars: number | undefined,
    private readonly batchChars: number,
  ) {}

  push(text: string): TextChunk[] {
    // In pieces, so that no chunk is much longer than batchChars whatever the reads return.
    const step = Math.max(1, this.batchChars >> 2);
    if (text.length <= step) return this.pushPiece(text);
    const out: TextChunk[] = [];
    for (let at = 0; at < text.length; at += step) out.push(...this.pushPiece(text.slice(at, at + step)));
    return out;
  }

  private pushPiece(text: string): TextChunk[] {
    this.pending += text;
    this.scan(text);
    this.tail = text.length >= 2 ? text.slice(-2) : (this.tail + text).slice(-2);
    const out: TextChunk[] = [];
    if (this.pending.length >= this.batchChars && this.boundary > 0) out.push(this.take(this.boundary, false));
    if (this.segmentChars !== undefined && this.pending.length - this.boundary > this.segmentChars) {
      // Keep the last characters: a cut needs the letter after it, and "\r" may still end the line.
      const cut = findCut(this.pending, this.boundary, this.pending.length - 2);
      if (cut > this.boundary) out.push(this.take(cut, true));
    }
    return out;
  }

  /** The rest, at the end of the input (which ends the last document). */
  finish(): TextChunk | undefined {
    if (this.pending.length === 0 && !this.continues) return undefined;
    return this.take(this.pending.length, false);
  }

  /** After a read failed: the documents that ended before it; an unfinished last one is dropped. */
  complete(): TextChunk | undefined {
    return this.boundary > 0 ? this.take(this.boundary, false) : undefined;
  }

  /** Finds document ends in `text`, just appended to `pending` (searching `pending`, a V8 cons string, would flatten it each time). */
  private scan(text: string): void {
    const offset = this.pending.length - text.length;
    if (this.format === "lines") {
      const at = text.lastIndexOf("\n");
      if (at !== -1) this.boundary = offset + at + 1;
      return;
    }
    // A document ends with an empty line: "\n" right after "\n", or after "\n\r".
    const { tail } = this;
    const charBefore = (at: number) => (at >= 0 ? text.charCodeAt(at) : tail.charCodeAt(tail.length + at));
    for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) {
      const before = charBefore(at - 1);
      if (before === 0x0a || (before === 0x0d && charBefore(at - 2) === 0x0a)) this.boundary = offset + at + 1;
    }
  }

  private take(end: number, open: boolean): TextChunk {
    const text = this.pending.slice(0, end);
    const rest = this.pending.slice(end);
    const chunk: TextChunk = { text, continues: this.continues, open, wordJoins: open && joinsWord(text, rest) ? 1 : 0 };
    this.pending = rest;
    this.boundary = Math.max(0, this.boundary - end);
    this.continues = open;
    return chunk;
  }
}

/**
 * The documents of a chunk, as the reader defines them: lines end at "\n" with one trailing "\r"
 * removed; a text document is a run of non-empty lines joined with "\n", a lines document one
 * non-empty line. Parts go to `parts`; every part ends its document but the last of an open chunk.
 * Returns the number of documents that end in the chunk.
 */
export function chunkDocuments(chunk: Pick<TextChunk, "text" | "continues" | "open">, format: LineFormat, parts: string[]): number {
  let text = chunk.text;
  if (text.includes("\r")) {
    // Chunks are never cut between "\r" and "\n", so this removes exactly one "\r" per line.
    text = text.replace(/\r\n/g, "\n");
    if (!chunk.open && text.endsWith("\r")) text = text.slice(0, -1);
  }
  return format === "text" ? textParts(text, chunk.continues, chunk.open, parts) : lineParts(text, chunk.continues, chunk.open, parts);
}

// Without "\r", a document of lines joined with "\n" is a slice of the text: no string is built.
function textParts(text: string, continues: boolean, open: boolean, parts: string[]): number {
  let ended = 0;
  // A continuing chunk starts with the rest of a line after a safe cut: never empty.
  let documentStart = continues ? 0 : -1;
  for (let lineStart = 0; ; ) {
    const newline = text.indexOf("\n", lineStart);
    if (newline === -1) {
      if (open) parts.push(text.slice(documentStart === -1 ? lineStart : documentStart));
      else if (lineStart < text.length) {
        parts.push(text.slice(documentStart === -1 ? lineStart : documentStart));
        ended++;
      } else if (documentStart !== -1) {
        parts.push(text.slice(documentStart, Math.max(documentStart, lineStart - 1)));
        ended++;
      }
      return ended;
    }
    if (newline === lineStart) {
      if (documentStart !== -1) {
        parts.push(text.slice(documentStart, Math.max(documentStart, lineStart - 1)));
        ended++;
        documentStart = -1;
      }
    } else if (documentStart === -1) documentStart = lineStart;
    lineStart = newline + 1;
  }
}

function lineParts(text: string, continues: boolean, open: boolean, parts: string[]): number {
  let ended = 0;
  for (let lineStart = 0; ; ) {
    const newline = text.indexOf("\n", lineStart);
    if (newline === -1) {
      if (lineStart < text.length || (lineStart === 0 && continues)) {
        parts.push(text.slice(lineStart));
        if (!open) ended++;
      }
      return ended;
    }
    if (newline > lineStart) {
      parts.push(text.slice(lineStart, newline));
      ended++;
    }
    lineStart = newline + 1;
  }
}
