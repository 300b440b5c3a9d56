import { decodeUtf8Line, type DecodeStats } from "../input/decode.js";
import { splitLines, type DocumentPart } from "./lines.js";
import { RecordError, recordProblem, type OnError, type ReadState } from "./record-error.js";

export const DEFAULT_FIELDS = ["text", "content"] as const;

/** Picks the document text of a record: `field` if given, else "text", else "content". */
export function pickField(record: Record<string, unknown>, field: string | undefined): string | RecordError {
  if (field !== undefined) {
    const value = record[field];
    if (typeof value === "string") return value;
    return new RecordError(
      value === undefined ? `no field "${field}"` : `field "${field}" is ${describe(value)}, expected a string`,
    );
  }
  for (const name of DEFAULT_FIELDS) {
    const value = record[name];
    if (typeof value === "string") return value;
  }
  return new RecordError(
    `no string field "text" or "content" (fields: ${Object.keys(record).slice(0, 8).join(", ") || "none"}); choose one with --field`,
  );
}

function describe(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`;
}

/** JSON Lines: one object per line, the document in a string field. */
export async function* jsonlDocuments(
  texts: AsyncIterable<string>,
  field: string | undefined,
  onError: OnError,
  state: ReadState,
): AsyncIterable<DocumentPart> {
  let lineNumber = 0;
  for await (const { text: line } of splitLines(texts)) {
    lineNumber++;
    const text = jsonlRecord(line, lineNumber, field, onError, state);
    if (text !== undefined) yield { text, end: true };
  }
}

/** Where a JSON Lines count can resume: after `line` lines, `offset` bytes into the UTF-8 stream, `skipped` records skipped before. */
interface JsonlPosition {
  offset: number;
  line: number;
  skipped: number;
}

/**
 * JSON Lines in UTF-8, split as bytes: each document says where the line after it starts
 * (`resumeAt`), so that a checkpoint can resume there. `from` is where `bytes` starts in the
 * stream (a resumed count skipped that much).
 */
export async function* jsonlDocumentsFromUtf8(
  bytes: AsyncIterable<Uint8Array>,
  field: string | undefined,
  onError: OnError,
  state: ReadState,
  stats: DecodeStats,
  from: JsonlPosition = { offset: 0, line: 0, skipped: 0 },
): AsyncIterable<DocumentPart & { resumeAt: JsonlPosition }> {
  const decoder = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });
  let offset = from.offset;
  let lineNumber = from.line;
  let partial: Buffer[] = [];
  const record = (line: Uint8Array, end: number) => {
    lineNumber++;
    const withoutCr = line.length > 0 && line[line.length - 1] === 0x0d ? line.subarray(0, line.length - 1) : line;
    const text = jsonlRecord(decodeUtf8Line(decoder, withoutCr, stats), lineNumber, field, onError, state);
    return text === undefined
      ? undefined
      : { text, end: true, resumeAt: { offset: end, line: lineNumber, skipped: state.skipped } };
  };
  for await (const chunk of bytes) {
    const buffer = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    let at = buffer.indexOf(0x0a);
    while (at !== -1) {
      const piece = buffer.subarray(start, at);
      const line = partial.length > 0 ? Buffer.concat([...partial, piece]) : piece;
      partial = [];
      offset += at - start + 1;
      const part = record(line, offset);
      if (part) yield part;
      start = at + 1;
      at = buffer.indexOf(0x0a, start);
    }
    // Copied: the stream may reuse its buffer.
    if (start < buffer.length) partial.push(Buffer.from(buffer.subarray(start)));
    offset += buffer.length - start;
  }
  if (partial.length > 0) {
    const part = record(Buffer.concat(partial), offset);
    if (part) yield part;
  }
}

/** The document text of one line, or undefined for a blank line or a record skipped under --on-error skip. */
function jsonlRecord(
  line: string,
  lineNumber: number,
  field: string | undefined,
  onError: OnError,
  state: ReadState,
): string | undefined {
  if (line.trim().length === 0) return undefined;
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch (error) {
    recordProblem(
      state,
      onError,
      new RecordError(`line ${lineNumber}: malformed JSON (${(error as Error).message})`, lineNumber),
    );
    return undefined;
  }
  if (record === null || typeof record !== "object" || Array.isArray(record)) {
    recordProblem(
      state,
      onError,
      new RecordError(`line ${lineNumber}: expected a JSON object, got ${describe(record)}`, lineNumber),
    );
    return undefined;
  }
  const text = pickField(record as Record<string, unknown>, field);
  if (text instanceof RecordError) {
    recordProblem(state, onError, new RecordError(`line ${lineNumber}: ${text.message}`, lineNumber));
    return undefined;
  }
  return text;
}
