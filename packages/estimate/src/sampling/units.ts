import { pickField, RecordError } from "@corpus-census/count";
import type { RandomAccessSource } from "./random-access.js";

export type SampledFormat = "text" | "lines" | "jsonl";

/**
 * The sampling unit that holds a byte: a document with the empty lines after it, so every byte
 * of the file belongs to exactly one unit (bytes before the first document form a unit without
 * a document). Drawing a uniform byte offset draws a unit with probability length / file size.
 */
export interface SampledUnit {
  start: number;
  end: number;
  /** The document's text, or undefined for the leading unit without a document. */
  text?: string;
}

/** Bytes per read: about one document of web text, so a draw costs one small read (one Range request). */
const WINDOW = 2048;
const NEWLINE = 0x0a;

interface Line {
  start: number;
  /** End of the line's content, before "\n". */
  end: number;
  empty: boolean;
}

/** Reads lines around offsets with few requests: a cache of fixed windows of the source. */
export class LineReader {
  private readonly windows = new Map<number, Promise<Uint8Array>>();

  constructor(private readonly source: RandomAccessSource) {}

  private window(index: number): Promise<Uint8Array> {
    let w = this.windows.get(index);
    if (!w) {
      w = this.source.read(index * WINDOW, WINDOW);
      this.windows.set(index, w);
      // Keep the cache small: sampling touches scattered places once.
      if (this.windows.size > 1024) this.windows.delete(this.windows.keys().next().value!);
    }
    return w;
  }

  async bytes(start: number, end: number): Promise<Buffer> {
    const parts: Uint8Array[] = [];
    for (let w = Math.floor(start / WINDOW); w * WINDOW < end; w++) {
      const data = await this.window(w);
      const from = Math.max(0, start - w * WINDOW);
      const to = Math.min(data.length, end - w * WINDOW);
      if (to > from) parts.push(data.subarray(from, to));
    }
    return Buffer.concat(parts);
  }

  /** Start of the line that holds `offset`. */
  async lineStartAt(offset: number): Promise<number> {
    let w = Math.floor((offset - 1) / WINDOW);
    let limit = offset; // search bytes before `offset`
    while (w >= 0 && limit > 0) {
      const data = await this.window(w);
      const upto = Math.min(data.length, limit - w * WINDOW);
      const at = data.subarray(0, upto).lastIndexOf(NEWLINE);
      if (at !== -1) return w * WINDOW + at + 1;
      limit = w * WINDOW;
      w--;
    }
    return 0;
  }

  /** The line starting at `start` (which must be a line start), or undefined at the end of the file. */
  async lineAt(start: number): Promise<Line | undefined> {
    if (start >= this.source.size) return undefined;
    let w = Math.floor(start / WINDOW);
    for (;;) {
      const data = await this.window(w);
      const from = Math.max(0, start - w * WINDOW);
      const at = data.indexOf(NEWLINE, from);
      if (at !== -1) return this.makeLine(start, w * WINDOW + at);
      if ((w + 1) * WINDOW >= this.source.size) return this.makeLine(start, this.source.size);
      w++;
    }
  }

  private async makeLine(start: number, end: number): Promise<Line> {
    const length = end - start;
    let empty = length === 0;
    if (length === 1) empty = (await this.bytes(start, end))[0] === 0x0d;
    return { start, end, empty };
  }

  /** The line ending just before `start` (a line start > 0). */
  async lineBefore(start: number): Promise<Line | undefined> {
    if (start <= 0) return undefined;
    return this.lineAt(await this.lineStartAt(start - 1));
  }
}

/** The text of lines [start, end): "\r" before "\n" removed, lines joined with "\n". */
function decodeLines(bytes: Buffer, atFileStart: boolean): string {
  let text = new TextDecoder("utf-8", { ignoreBOM: !atFileStart }).decode(bytes);
  if (text.endsWith("\n")) text = text.slice(0, -1);
  return text
    .split("\n")
    .map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l))
    .join("\n");
}

/** The unit holding `offset`, with its document's text. */
export async function unitAt(
  reader: LineReader,
  offset: number,
  format: SampledFormat,
  field: string | undefined,
  size: number,
): Promise<SampledUnit> {
  // Find the document the byte belongs to: the nearest non-empty line at or before it...
  let line = await reader.lineAt(await reader.lineStartAt(offset));
  while (line && line.empty) line = await reader.lineBefore(line.start);
  if (!line) {
    // ...or, before the first document, the leading unit without one.
    let first = await reader.lineAt(0);
    while (first && first.empty) first = await reader.lineAt(first.end + 1);
    return { start: 0, end: first ? first.start : size };
  }
  // ...and, in the text layout, back to the first line of its run of non-empty lines.
  let start = line.start;
  if (format === "text") {
    for (let before = await reader.lineBefore(start); before && !before.empty; before = await reader.lineBefore(start))
      start = before.start;
  }
  // Forward: the document's lines, then the empty lines that follow it.
  let end = line.end;
  if (format === "text") {
    for (let next = await reader.lineAt(end + 1); next && !next.empty; next = await reader.lineAt(next.end + 1))
      end = next.end;
  }
  const contentEnd = end;
  let unitEnd = Math.min(size, end + 1);
  for (let next = await reader.lineAt(unitEnd); next && next.empty; next = await reader.lineAt(next.end + 1))
    unitEnd = Math.min(size, next.end + 1);
  const raw = await reader.bytes(start, contentEnd);
  let text = decodeLines(raw, start === 0);
  if (format === "jsonl") {
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch (error) {
      throw new RecordError(`malformed JSON at byte ${start}: ${(error as Error).message}`);
    }
    const value =
      typeof record === "object" && record !== null && !Array.isArray(record)
        ? pickField(record as Record<string, unknown>, field)
        : new RecordError("expected a JSON object");
    if (value instanceof RecordError) throw new RecordError(`record at byte ${start}: ${value.message}`);
    text = value;
  }
  return { start, end: unitEnd, text };
}
