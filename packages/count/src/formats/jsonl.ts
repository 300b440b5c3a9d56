import { splitLines, type DocumentPart } from "./lines.js";
import { RecordError, recordProblem, type OnError, type ReadState } from "./record-error.js";

export const DEFAULT_FIELDS = ["text", "content"] as const;

/** Picks the document text of a record: `field` if given, else "text", else "content". */
export function pickField(record: Record<string, unknown>, field: string | undefined): string | RecordError {
  if (field !== undefined) {
    const value = record[field];
    if (typeof value === "string") return value;
    return new RecordError(value === undefined ? `no field "${field}"` : `field "${field}" is ${describe(value)}, expected a string`);
  }
  for (const name of DEFAULT_FIELDS) {
    const value = record[name];
    if (typeof value === "string") return value;
  }
  return new RecordError(`no string field "text" or "content" (fields: ${Object.keys(record).slice(0, 8).join(", ") || "none"}); choose one with --field`);
}

function describe(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`;
}

/** JSON Lines: one object per line, the document in a string field. */
export async function* jsonlDocuments(texts: AsyncIterable<string>, field: string | undefined, onError: OnError, state: ReadState): AsyncIterable<DocumentPart> {
  let lineNumber = 0;
  for await (const { text: line } of splitLines(texts)) {
    lineNumber++;
    if (line.trim().length === 0) continue;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch (error) {
      recordProblem(state, onError, new RecordError(`line ${lineNumber}: malformed JSON (${(error as Error).message})`, lineNumber));
      continue;
    }
    if (record === null || typeof record !== "object" || Array.isArray(record)) {
      recordProblem(state, onError, new RecordError(`line ${lineNumber}: expected a JSON object, got ${describe(record)}`, lineNumber));
      continue;
    }
    const text = pickField(record as Record<string, unknown>, field);
    if (text instanceof RecordError) {
      recordProblem(state, onError, new RecordError(`line ${lineNumber}: ${text.message}`, lineNumber));
      continue;
    }
    yield { text, end: true };
  }
}
