import { findCut } from "./segment.js";

/** A document, or a part of a long one cut at a safe point; `end` closes the document. */
export interface DocumentPart {
  text: string;
  end: boolean;
}

/**
 * Splits decoded text into lines on "\n", removing one trailing "\r" from each. A line longer
 * than `segmentChars` is given in parts cut at safe points (see segment.ts), so a 100 MB line is
 * never held whole; with segmentChars undefined every line is whole.
 */
export async function* splitLines(texts: AsyncIterable<string>, segmentChars?: number): AsyncIterable<DocumentPart> {
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
    if (segmentChars !== undefined && partial.length > segmentChars) {
      // Keep the last characters: a cut needs the letter after it, and "\r" may still end the line.
      const cut = findCut(partial, 0, partial.length - 2);
      if (cut > 0) {
        yield { text: partial.slice(0, cut), end: false };
        partial = partial.slice(cut);
      }
    }
  }
  if (partial.length > 0) yield { text: partial.endsWith("\r") ? partial.slice(0, -1) : partial, end: true };
}

/**
 * The CC-100 layout: documents are runs of lines separated by empty lines, a document's text
 * its lines joined with "\n". A document longer than `segmentChars` is given in parts.
 */
export async function* textDocuments(texts: AsyncIterable<string>, segmentChars?: number): AsyncIterable<DocumentPart> {
  // `held` is the document's text not yet given out; `open` says a part of it was given already.
  let held = "";
  let open = false;
  let lineContinues = false;
  for await (const line of splitLines(texts, segmentChars)) {
    if (!lineContinues && line.end && line.text.length === 0) {
      if (held.length > 0 || open) yield { text: held, end: true };
      held = "";
      open = false;
      continue;
    }
    // A new line (not the continuation of a cut one) is joined to the document with "\n".
    if (!lineContinues && (held.length > 0 || open)) held += "\n";
    held += line.text;
    lineContinues = !line.end;
    if (segmentChars !== undefined && held.length > segmentChars) {
      const cut = findCut(held, 0, held.length - 2);
      if (cut > 0) {
        yield { text: held.slice(0, cut), end: false };
        held = held.slice(cut);
        open = true;
      }
    }
  }
  if (held.length > 0 || open) yield { text: held, end: true };
}

/** One document per non-empty line. */
export async function* lineDocuments(texts: AsyncIterable<string>, segmentChars?: number): AsyncIterable<DocumentPart> {
  let lineContinues = false;
  for await (const line of splitLines(texts, segmentChars)) {
    if (line.text.length > 0 || lineContinues) yield line;
    lineContinues = !line.end;
  }
}
