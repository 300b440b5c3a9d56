import { describe, expect, it } from "vitest";
import { seededRandom } from "@corpus-census/estimate";
import { chunkDocuments, TextChunker, type LineFormat, type TextChunk } from "../src/formats/text-chunks.js";
import { findCut } from "../src/formats/segment.js";
import { textStats } from "../src/text-stats.js";

/** The reader's rules, written as plainly as possible: lines end at "\n" less one "\r"; empty lines separate text documents. */
function referenceDocuments(input: string, format: LineFormat): string[] {
  const lines = input.split("\n").map((line) => (line.endsWith("\r") ? line.slice(0, -1) : line));
  if (input.endsWith("\n")) lines.pop();
  if (format === "lines") return lines.filter((line) => line.length > 0);
  const documents: string[] = [];
  let current: string[] = [];
  for (const line of lines) {
    if (line.length > 0) current.push(line);
    else if (current.length > 0) {
      documents.push(current.join("\n"));
      current = [];
    }
  }
  if (current.length > 0) documents.push(current.join("\n"));
  return documents;
}

// Characters that make lines, empty lines, CRLF, lone "\r", safe cuts (letter, space or mark, letter) and surrogate pairs.
const ALPHABET = ["a", "bc", "def", "猫", "の", "吾輩", "😀", " ", " ", " ", "、", "。", "!", ".", "\t", "\n", "\n\n", "\r\n", "\r", "\r\n\r\n", "\n\r\n", "\u3000"];

function randomInput(random: () => number, length: number): string {
  let out = "";
  while (out.length < length) out += ALPHABET[Math.floor(random() * ALPHABET.length)]!;
  return out;
}

function randomPieces(random: () => number, input: string): string[] {
  const pieces: string[] = [];
  for (let at = 0; at < input.length; ) {
    const n = 1 + Math.floor(random() * 40);
    pieces.push(input.slice(at, at + n));
    at += n;
  }
  return pieces;
}

/** Whole documents from chunks, as the workers split them: parts joined until one ends its document. */
function documentsOf(chunks: TextChunk[], format: LineFormat, unfinished = false): { documents: string[]; ended: number; parts: string[] } {
  const documents: string[] = [];
  const all: string[] = [];
  let ended = 0;
  let held = "";
  for (const chunk of chunks) {
    const parts: string[] = [];
    const n = chunkDocuments(chunk, format, parts);
    ended += n;
    all.push(...parts);
    parts.forEach((part, i) => {
      held += part;
      if (!(chunk.open && i === parts.length - 1)) {
        documents.push(held);
        held = "";
      }
    });
  }
  if (!unfinished) expect(held).toBe("");
  return { documents, ended, parts: all };
}

function chunk(input: string, pieces: string[], format: LineFormat, segmentChars: number | undefined, batchChars: number): TextChunk[] {
  const chunker = new TextChunker(format, segmentChars, batchChars);
  const chunks = pieces.flatMap((piece) => chunker.push(piece));
  const last = chunker.finish();
  if (last) chunks.push(last);
  return chunks;
}

describe("text and lines input in chunks split by the workers", () => {
  it("gives the reader's documents, cut only at document ends or safe points", () => {
    const random = seededRandom(20261122);
    let openCuts = 0;
    for (let round = 0; round < 3000; round++) {
      const format: LineFormat = random() < 0.5 ? "text" : "lines";
      const input = randomInput(random, Math.floor(random() * 300));
      const segmentChars = random() < 0.2 ? undefined : 1 + Math.floor(random() * 30);
      const batchChars = 1 + Math.floor(random() * 120);
      const chunks = chunk(input, randomPieces(random, input), format, segmentChars, batchChars);
      const context = JSON.stringify({ round, format, input, segmentChars, batchChars });

      expect(chunks.map((c) => c.text).join(""), context).toBe(input);
      let offset = 0;
      chunks.forEach((c, i) => {
        expect(c.continues, context).toBe(i > 0 && chunks[i - 1]!.open);
        offset += c.text.length;
        if (c.open) {
          openCuts++;
          expect(segmentChars, context).toBeDefined();
          // A safe cut: findCut, asked about this one position only, accepts it.
          expect(findCut(input, offset - 1, offset), context).toBe(offset);
        } else if (i < chunks.length - 1) {
          // Cut where a document ends (the empty line's first "\n" may be in the chunk before).
          expect(input.slice(0, offset), context).toMatch(format === "text" ? /\n\r?\n$/ : /\n$/);
        }
      });

      const expected = referenceDocuments(input, format);
      const { documents, ended, parts } = documentsOf(chunks, format);
      expect(documents, context).toEqual(expected);
      expect(ended, context).toBe(expected.length);
      // A word cut in two is counted on both sides: wordJoins says so.
      const words = (texts: string[]) => texts.reduce((n, t) => n + textStats(t).whitespaceWords, 0);
      const joins = chunks.reduce((n, c) => n + c.wordJoins, 0);
      expect(words(parts) - joins, context).toBe(words(expected));
    }
    expect(openCuts).toBeGreaterThan(500);
  });

  it("after a failed read gives only the documents that ended before it", () => {
    const random = seededRandom(7);
    for (let round = 0; round < 1000; round++) {
      const format: LineFormat = random() < 0.5 ? "text" : "lines";
      const input = randomInput(random, 20 + Math.floor(random() * 200));
      const read = input.slice(0, Math.floor(random() * input.length));
      const chunker = new TextChunker(format, random() < 0.5 ? undefined : 10, 1 + Math.floor(random() * 50));
      const chunks = randomPieces(random, read).flatMap((piece) => chunker.push(piece));
      const complete = chunker.complete();
      if (complete) chunks.push(complete);
      const context = JSON.stringify({ round, format, read });
      const { documents } = documentsOf(chunks, format, true);
      const whole = referenceDocuments(input, format);
      const ofRead = referenceDocuments(read, format);
      // Only documents of the input, in order; all of those read but the last, which may not be over.
      expect(documents, context).toEqual(whole.slice(0, documents.length));
      expect(documents.length, context).toBeGreaterThanOrEqual(ofRead.length - 1);
    }
  });

  it("keeps at most a part of a long document, and holds it whole when it may not be cut", () => {
    const sentence = "吾輩は猫である。名前はまだ無い。";
    const long = sentence.repeat(10_000);
    const input = `short\n\n${long}\n\nend\n`;
    const cut = chunk(input, randomPieces(seededRandom(1), input), "text", 1000, 4096);
    expect(Math.max(...cut.map((c) => c.text.length))).toBeLessThan(1100);
    expect(documentsOf(cut, "text").documents).toEqual(["short", long, "end"]);
    const whole = chunk(input, randomPieces(seededRandom(1), input), "text", undefined, 4096);
    expect(whole.some((c) => c.text.includes(long))).toBe(true);
    expect(whole.every((c) => !c.open)).toBe(true);
  });
});
