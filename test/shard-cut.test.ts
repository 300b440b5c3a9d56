import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDocuments, type CuttableFormat, type DocumentRange, type ReadTally } from "@corpus-census/count";
import { seededRandom } from "./helpers/random-text.js";
import { startRangeServer, type RangeServer } from "./helpers/range-server.js";

/**
 * Cutting one file into byte ranges at document boundaries: for every format that can be cut,
 * for random cut points, the ranges read on their own give exactly the documents of the whole
 * file, each once, in order, and their input bytes add up to the file's size.
 */
const random = seededRandom(16);
const WORDS = [
  "東京",
  "は",
  "日本語",
  "です",
  "。",
  "corpus",
  " ",
  "token",
  "、",
  "😀",
  "e\u0301",
  "\t",
  "Straße",
  "{",
  "}",
  "\\",
  '"',
  "x".repeat(300),
];
const word = () => WORDS[Math.floor(random() * WORDS.length)]!;
const line = () =>
  Array.from({ length: 1 + Math.floor(random() * 25) }, word)
    .join("")
    .trim() || "x";

function textFile(): string {
  // Documents of lines, separated by one to three empty lines, some with CRLF or "\r\n" empty lines.
  let out = random() < 0.5 ? "\n\n" : "";
  for (let d = 0; d < 400; d++) {
    const eol = random() < 0.2 ? "\r\n" : "\n";
    out += Array.from({ length: 1 + Math.floor(random() * 4) }, line).join(eol) + eol;
    out += eol.repeat(1 + Math.floor(random() * 3));
  }
  return out + "a last document without a final newline";
}
function linesFile(): string {
  let out = "";
  for (let d = 0; d < 1500; d++) out += (random() < 0.1 ? "" : line()) + (random() < 0.2 ? "\r\n" : "\n");
  return out + "last";
}
function jsonlFile(): string {
  let out = "";
  for (let d = 0; d < 1200; d++)
    out +=
      (random() < 0.05 ? "" : JSON.stringify({ id: d, text: `${line()}\n${line()}` })) +
      (random() < 0.2 ? "\r\n" : "\n");
  return out;
}

const FILES: Record<CuttableFormat, string> = { text: textFile(), lines: linesFile(), jsonl: jsonlFile() };
const OPTIONS = {
  wikitext: "plain" as const,
  encoding: "utf-8" as const,
  onError: "fail" as const,
  segmentBytes: 2048,
  chunkBytes: 4096,
};

async function documentsOf(
  input: string,
  format: CuttableFormat,
  range?: DocumentRange,
): Promise<{ documents: string[]; inputBytes: number }> {
  const tally: ReadTally = { inputBytes: 0 };
  const opened = await openDocuments(input, { ...OPTIONS, format }, tally, range);
  const documents: string[] = [];
  let current = "";
  for await (const part of opened.documents) {
    current += part.text;
    if (part.end) {
      documents.push(current);
      current = "";
    }
  }
  opened.close();
  expect(current).toBe("");
  return { documents, inputBytes: tally.inputBytes };
}

function randomCuts(size: number): number[] {
  const n = 1 + Math.floor(random() * 7);
  const cuts = Array.from({ length: n - 1 }, () => {
    const r = random();
    // Cut points anywhere, and some right at the start, the end, or just around a newline.
    return r < 0.05 ? 0 : r < 0.1 ? size : Math.floor(random() * (size + 1));
  });
  return [0, ...cuts.sort((a, b) => a - b), size];
}

let dir: string;
let server: RangeServer;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "census-cut-"));
  const bodies: Record<string, Uint8Array> = {};
  for (const [format, content] of Object.entries(FILES)) {
    writeFileSync(join(dir, format), content);
    bodies[`/${format}`] = Buffer.from(content);
  }
  server = await startRangeServer(bodies);
});
afterAll(() => server.close());

describe("a file cut into byte ranges at document boundaries", () => {
  for (const format of Object.keys(FILES) as CuttableFormat[]) {
    it(`gives every ${format} document exactly once, over 40 random cuttings of a local file and 10 over HTTP Range`, {
      timeout: 120_000,
    }, async () => {
      const path = join(dir, format);
      const size = Buffer.byteLength(FILES[format]);
      const whole = await documentsOf(path, format);
      expect(whole.documents.length).toBeGreaterThan(300);
      for (let trial = 0; trial < 50; trial++) {
        const input = trial < 40 ? path : `${server.url}/${format}`;
        const cuts = randomCuts(size);
        const documents: string[] = [];
        let inputBytes = 0;
        for (let k = 0; k + 1 < cuts.length; k++) {
          const part = await documentsOf(input, format, { start: cuts[k]!, end: cuts[k + 1]!, format });
          documents.push(...part.documents);
          inputBytes += part.inputBytes;
        }
        expect({ trial, cuts, count: documents.length }).toEqual({ trial, cuts, count: whole.documents.length });
        expect(documents).toEqual(whole.documents);
        expect(inputBytes).toBe(size);
      }
    });
  }
});
