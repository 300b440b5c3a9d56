import { countBytes, countChar, REPLACEMENT_UTF8 } from "../input/decode.js";
import { findCutInUtf8 } from "./segment.js";

/** The formats whose documents are made of lines: text (CC-100, runs of lines) and lines (one per line). */
export type LineFormat = "text" | "lines";

/**
 * A stretch of UTF-8 input handed to a worker whole, which decodes it and splits it into
 * documents itself (`decodeChunk`, `chunkDocuments`): the reading thread only cuts bytes. A chunk
 * begins where a document begins, or inside one (`continues`), and ends where a document ends,
 * or inside one (`open`) at a safe cut (segment.ts) when that document grew longer than a part
 * may be. Every cut is just after "\n" or just before a space or mark that follows a whole
 * letter: where a UTF-8 decoder holds nothing, so chunks decode one by one exactly as the whole.
 * `bytes` owns its ArrayBuffer, which can be transferred.
 */
export interface TextChunk {
  bytes: Uint8Array;
  /** How its documents are laid out. */
  format: LineFormat;
  continues: boolean;
  open: boolean;
  /** 1 when the cut at the end of an open chunk runs through a whitespace-separated word (counted on both sides). */
  wordJoins: number;
}

const LF = 0x0a;
const CUT_WINDOW = 1 << 16;
const CR = 0x0d;

/**
 * Cuts UTF-8 input into chunks of about `batchBytes` bytes at document ends. The document being
 * read is cut at a safe point as soon as it is longer than `segmentBytes`, so a 100 MB line is
 * never held whole; with `segmentBytes` undefined documents are never cut.
 */
export class TextChunker {
  private pieces: Uint8Array[] = [];
  private pending = 0;
  /** The last two bytes before the newest piece, which say whether a "\n" at its start ends a document. */
  private tail: number[] = [];
  /** Just after the last document end in the pending bytes; 0 when there is none. */
  private boundary = 0;
  private continues = false;

  constructor(
    private readonly format: LineFormat,
    private readonly segmentBytes: number | undefined,
    private readonly batchBytes: number,
  ) {}

  push(bytes: Uint8Array): TextChunk[] {
    // In pieces, so that no chunk is much longer than batchBytes whatever the reads return.
    const step = Math.max(1, this.batchBytes >> 2);
    const out: TextChunk[] = [];
    for (let at = 0; at < bytes.length; at += step) this.pushPiece(bytes.subarray(at, at + step), out);
    return out;
  }

  /** The rest, at the end of the input (which ends the last document). */
  finish(): TextChunk | undefined {
    if (this.pending === 0 && !this.continues) return undefined;
    return this.take(this.pending, false);
  }

  /** After a read failed: the documents that ended before it; an unfinished last one is dropped. */
  complete(): TextChunk | undefined {
    return this.boundary > 0 ? this.take(this.boundary, false) : undefined;
  }

  private pushPiece(piece: Uint8Array, out: TextChunk[]): void {
    this.scan(piece);
    this.pieces.push(piece);
    this.pending += piece.length;
    this.tail =
      piece.length >= 2 ? [piece[piece.length - 2]!, piece[piece.length - 1]!] : [...this.tail, ...piece].slice(-2);
    if (this.pending >= this.batchBytes && this.boundary > 0) out.push(this.take(this.boundary, false));
    if (this.segmentBytes !== undefined && this.pending - this.boundary > this.segmentBytes) {
      // Only the last CUT_WINDOW bytes are searched (and copied into one array), as findCut does.
      const from = Math.max(this.boundary, this.pending - CUT_WINDOW);
      const cut = findCutInUtf8(this.copy(from, this.pending), 0, this.pending - from - 2);
      if (cut > 0) out.push(this.take(from + cut, true));
    }
  }

  /** Finds document ends in `piece`, about to be appended to the pending bytes. */
  private scan(piece: Uint8Array): void {
    const offset = this.pending;
    if (this.format === "lines") {
      const at = piece.lastIndexOf(LF);
      if (at !== -1) this.boundary = offset + at + 1;
      return;
    }
    // A document ends with an empty line: "\n" right after "\n", or after "\n\r".
    const { tail } = this;
    const byteBefore = (at: number) => (at >= 0 ? piece[at] : tail[tail.length + at]);
    for (let at = piece.indexOf(LF); at !== -1; at = piece.indexOf(LF, at + 1)) {
      const before = byteBefore(at - 1);
      if (before === LF || (before === CR && byteBefore(at - 2) === LF)) this.boundary = offset + at + 1;
    }
  }

  /** A copy of the pending bytes [from, to). */
  private copy(from: number, to: number): Uint8Array {
    const out = new Uint8Array(to - from);
    let at = 0;
    for (const piece of this.pieces) {
      const start = Math.max(0, from - at);
      const end = Math.min(piece.length, to - at);
      if (start < end) out.set(piece.subarray(start, end), at + start - from);
      at += piece.length;
    }
    return out;
  }

  private take(end: number, open: boolean): TextChunk {
    // An ArrayBuffer of exactly the chunk (never Buffer's shared pool), so that it can be
    // transferred; not zero-filled, as every byte is written below.
    const bytes: Uint8Array = Buffer.allocUnsafeSlow(end);
    const rest: Uint8Array[] = [];
    let at = 0;
    for (const piece of this.pieces) {
      const used = Math.min(piece.length, end - at);
      if (used > 0) bytes.set(used === piece.length ? piece : piece.subarray(0, used), at);
      if (used < piece.length) rest.push(piece.subarray(used));
      at += used;
    }
    this.pieces = rest;
    this.pending -= end;
    this.boundary = Math.max(0, this.boundary - end);
    const chunk: TextChunk = {
      bytes,
      format: this.format,
      continues: this.continues,
      open,
      wordJoins: open && rest[0]?.[0] !== 0x20 ? 1 : 0,
    };
    this.continues = open;
    return chunk;
  }
}

const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });

/**
 * A chunk's text, and its invalid UTF-8 sequences: U+FFFD in the text that was not already
 * U+FFFD (EF BF BD) in the bytes. (A byte order mark is removed before the first chunk.)
 */
export function decodeChunk(bytes: Uint8Array): { text: string; invalidUtf8: number } {
  const text = utf8.decode(bytes);
  const replaced = countChar(text, "\uFFFD");
  if (replaced === 0) return { text, invalidUtf8: 0 };
  return {
    text,
    invalidUtf8: replaced - countBytes(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), REPLACEMENT_UTF8),
  };
}

/** A chunk decoded and split: its parts (see `chunkDocuments`), the documents that end in it, its invalid UTF-8. */
export function readChunk(chunk: Pick<TextChunk, "bytes" | "format" | "continues" | "open">): {
  parts: string[];
  documents: number;
  invalidUtf8: number;
} {
  const { text, invalidUtf8 } = decodeChunk(chunk.bytes);
  const parts: string[] = [];
  const documents = chunkDocuments(text, chunk, parts);
  return { parts, documents, invalidUtf8 };
}

/**
 * The documents of a chunk's text, as the reader defines them: lines end at "\n" with one
 * trailing "\r" removed; a text document is a run of non-empty lines joined with "\n", a lines
 * document one non-empty line. Parts go to `parts`; every part ends its document but the last of
 * an open chunk. Returns the number of documents that end in the chunk.
 */
export function chunkDocuments(
  text: string,
  chunk: Pick<TextChunk, "format" | "continues" | "open">,
  parts: string[],
): number {
  if (text.includes("\r")) {
    // Chunks are never cut between "\r" and "\n", so this removes exactly one "\r" per line.
    text = text.replace(/\r\n/g, "\n");
    if (!chunk.open && text.endsWith("\r")) text = text.slice(0, -1);
  }
  return chunk.format === "text"
    ? textParts(text, chunk.continues, chunk.open, parts)
    : lineParts(text, chunk.continues, chunk.open, parts);
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
