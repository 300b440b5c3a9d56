import { describe, expect, it } from "vitest";
import { seededRandom } from "@corpus-census/estimate";
import {
  chunkDocuments,
  decodeChunk,
  TextChunker,
  type LineFormat,
  type TextChunk,
} from "../src/formats/text-chunks.js";
import { findCutInText } from "./helpers/find-cut-in-text.js";
import { textStats } from "../src/text-stats.js";
import { withoutByteOrderMark } from "../src/input/decode.js";

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
const ALPHABET = [
  "a",
  "bc",
  "def",
  "猫",
  "の",
  "吾輩",
  "😀",
  " ",
  " ",
  " ",
  "、",
  "。",
  "！",
  "?",
  "!",
  ".",
  "\t",
  "\n",
  "\n\n",
  "\r\n",
  "\r",
  "\r\n\r\n",
  "\n\r\n",
  "\u3000",
  "\ufeff",
];
// Bytes that are not UTF-8 (a lone continuation, a lead without its continuations, overlong forms of "/" and "a", a surrogate, beyond U+10FFFF), and a real U+FFFD.
const NOT_UTF8 = [
  [0xff],
  [0x80],
  [0xc3],
  [0xe3, 0x81],
  [0xf0, 0x9f, 0x98],
  [0xc0, 0xaf],
  [0xc1, 0xa1],
  [0xe0, 0x81, 0xa1],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xef, 0xbf, 0xbd],
];

function randomInput(random: () => number, length: number, invalid: boolean): Uint8Array {
  const parts: number[] = [];
  while (parts.length < length) {
    if (invalid && random() < 0.03) parts.push(...NOT_UTF8[Math.floor(random() * NOT_UTF8.length)]!);
    else parts.push(...Buffer.from(ALPHABET[Math.floor(random() * ALPHABET.length)]!));
  }
  return Uint8Array.from(parts);
}

function randomPieces(random: () => number, input: Uint8Array): Uint8Array[] {
  const pieces: Uint8Array[] = [];
  for (let at = 0; at < input.length; ) {
    const n = 1 + Math.floor(random() * 40);
    pieces.push(input.subarray(at, at + n));
    at += n;
  }
  return pieces;
}

const decode = (bytes: Uint8Array) => new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);

/** Whole documents from chunks, as the workers decode and split them: parts joined until one ends its document. */
function documentsOf(chunks: TextChunk[], unfinished = false) {
  const documents: string[] = [];
  const all: string[] = [];
  let ended = 0;
  let invalidUtf8 = 0;
  let text = "";
  let held = "";
  for (const chunk of chunks) {
    const decoded = decodeChunk(chunk.bytes);
    text += decoded.text;
    invalidUtf8 += decoded.invalidUtf8;
    const parts: string[] = [];
    ended += chunkDocuments(decoded.text, chunk, parts);
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
  return { documents, ended, parts: all, text, invalidUtf8 };
}

function chunk(
  pieces: Uint8Array[],
  format: LineFormat,
  segmentBytes: number | undefined,
  batchBytes: number,
): TextChunk[] {
  const chunker = new TextChunker(format, segmentBytes, batchBytes);
  const chunks = pieces.flatMap((piece) => chunker.push(piece));
  const last = chunker.finish();
  if (last) chunks.push(last);
  return chunks;
}

function concat(chunks: TextChunk[]): Uint8Array {
  return Buffer.concat(chunks.map((c) => c.bytes));
}

describe("text and lines input in chunks split by the workers", () => {
  it("gives the reader's documents, cut only at document ends or safe points, decoded as the whole", () => {
    const random = seededRandom(20261122);
    let openCuts = 0;
    for (let round = 0; round < 3000; round++) {
      const format: LineFormat = random() < 0.5 ? "text" : "lines";
      const input = randomInput(random, Math.floor(random() * 400), random() < 0.3);
      const segmentBytes = random() < 0.2 ? undefined : 1 + Math.floor(random() * 40);
      const batchBytes = 1 + Math.floor(random() * 160);
      const chunks = chunk(randomPieces(random, input), format, segmentBytes, batchBytes);
      const whole = decode(input);
      const context = JSON.stringify({
        round,
        format,
        input: Buffer.from(input).toString("hex"),
        segmentBytes,
        batchBytes,
      });

      expect(Buffer.compare(concat(chunks), input), context).toBe(0);
      let offset = 0;
      chunks.forEach((c, i) => {
        expect(c.continues, context).toBe(i > 0 && chunks[i - 1]!.open);
        expect(c.bytes.byteOffset === 0 && c.bytes.byteLength === c.bytes.buffer.byteLength, context).toBe(true);
        offset += c.bytes.length;
        const before = decode(input.subarray(0, offset));
        if (c.open) {
          openCuts++;
          expect(segmentBytes, context).toBeDefined();
          // A safe cut by the rule stated on text, asked about this one position.
          expect(whole.startsWith(before), context).toBe(true);
          expect(findCutInText(whole, before.length - 1, before.length), context).toBe(before.length);
          expect(c.wordJoins, context).toBe(whole[before.length] === " " ? 0 : 1);
        } else if (i < chunks.length - 1) {
          // Cut where a document ends (the empty line's first "\n" may be in the chunk before).
          expect(before, context).toMatch(format === "text" ? /\n\r?\n$/ : /\n$/);
        }
      });

      const expected = referenceDocuments(whole, format);
      const { documents, ended, parts, text, invalidUtf8 } = documentsOf(chunks);
      // Chunks decode one by one exactly as the whole input, invalid sequences included.
      expect(text, context).toBe(whole);
      const literal =
        Buffer.from(input)
          .toString("hex")
          .match(/efbfbd/g)?.length ?? 0;
      expect(invalidUtf8, context).toBe((whole.match(/\uFFFD/g)?.length ?? 0) - literal);
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
      const input = randomInput(random, 20 + Math.floor(random() * 200), false);
      const read = input.subarray(0, Math.floor(random() * input.length));
      const chunker = new TextChunker(format, random() < 0.5 ? undefined : 10, 1 + Math.floor(random() * 50));
      const chunks = randomPieces(random, read).flatMap((piece) => chunker.push(piece));
      const complete = chunker.complete();
      if (complete) chunks.push(complete);
      const context = JSON.stringify({ round, format, read: Buffer.from(read).toString("hex") });
      const { documents } = documentsOf(chunks, true);
      const whole = referenceDocuments(decode(input), format);
      const ofRead = referenceDocuments(decode(read), format);
      // Only documents of the input, in order; all of those read but the last, which may not be over.
      expect(documents, context).toEqual(whole.slice(0, documents.length));
      expect(documents.length, context).toBeGreaterThanOrEqual(ofRead.length - 1);
    }
  });

  it("keeps at most a part of a long document, and holds it whole when it may not be cut", () => {
    const long = "吾輩は猫である。名前はまだ無い。".repeat(10_000);
    const input = Buffer.from(`short\n\n${long}\n\nend\n`);
    const cut = chunk(randomPieces(seededRandom(1), input), "text", 1000, 4096);
    expect(Math.max(...cut.map((c) => c.bytes.length))).toBeLessThan(1100);
    expect(documentsOf(cut).documents).toEqual(["short", long, "end"]);
    const whole = chunk(randomPieces(seededRandom(1), input), "text", undefined, 4096);
    expect(whole.some((c) => decode(c.bytes).includes(long))).toBe(true);
    expect(whole.every((c) => !c.open)).toBe(true);
  });
});

describe("the byte order mark", () => {
  const read = async (pieces: number[][]) => {
    async function* source() {
      for (const p of pieces) yield Uint8Array.from(p);
    }
    const out: number[] = [];
    for await (const chunk of withoutByteOrderMark(source())) out.push(...chunk);
    return out;
  };

  it("is removed at the start of UTF-8 input only, however the reads split it", async () => {
    expect(await read([[0xef, 0xbb, 0xbf, 0x61]])).toEqual([0x61]);
    expect(await read([[0xef], [0xbb], [0xbf, 0x61], [0xef, 0xbb, 0xbf]])).toEqual([0x61, 0xef, 0xbb, 0xbf]);
    expect(await read([[0xef, 0xbb], [0x61]])).toEqual([0xef, 0xbb, 0x61]);
    expect(await read([[0xef, 0xbb]])).toEqual([0xef, 0xbb]);
    expect(await read([[0x61, 0xef, 0xbb, 0xbf]])).toEqual([0x61, 0xef, 0xbb, 0xbf]);
    expect(await read([[], [0xef, 0xbb, 0xbf]])).toEqual([]);
  });
});
