import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { PieceCache } from "../src/cache/piece-cache.js";
import { PieceTable, pieceHash } from "../src/cache/piece-table.js";
import { seededRandom } from "../../../test/helpers/random-text.js";

/** A stand-in for a BPE merge: any function of the piece will do, as long as the cache returns what it returned. */
const truth = (piece: string): number => (pieceHash(piece, 0, piece.length) >>> 0) % 1000;

/** Pieces that stress the table's key packing: odd and even lengths, units ≥ 0x8000 (negative when packed), lone surrogates. */
function randomPiece(random: () => number, maxLength: number): string {
  const length = Math.floor(random() * (maxLength + 1));
  const alphabet = ["a", "b", " ", "日", "本", "\uffff", "\u8000", "\ud83d", "\ude00", "é", "\u0000"];
  let piece = "";
  for (let i = 0; i < length; i++)
    piece +=
      random() < 0.9
        ? alphabet[Math.floor(random() * alphabet.length)]
        : String.fromCharCode(Math.floor(random() * 0x10000));
  return piece;
}

describe("PieceTable", () => {
  it("finds what was added, by its characters, wherever the piece lies in its text", () => {
    const table = new PieceTable(PieceTable.memory(64, 8), 8);
    const text = "xx日本語yy";
    table.add(text, 2, 3, pieceHash(text, 2, 5), 7);
    expect(table.find("日本語", 0, 3, pieceHash("日本語", 0, 3))).toBe(7);
    expect(table.find("a日本語", 1, 3, pieceHash("a日本語", 1, 4))).toBe(7);
    // Same hash, other characters: a miss, not the stored count.
    expect(table.find("日本人", 0, 3, pieceHash("日本語", 0, 3))).toBe(-1);
    expect(table.find("日本", 0, 2, pieceHash("日本", 0, 2))).toBe(-1);
  });

  it("takes no more pieces once half full, and still finds the ones it holds", () => {
    const memory = PieceTable.memory(16, 4);
    const table = new PieceTable(memory, 4);
    const pieces = Array.from({ length: 12 }, (_, i) => `p${i}`);
    for (const p of pieces) table.add(p, 0, p.length, pieceHash(p, 0, p.length), p.length + 100);
    expect(table.full).toBe(true);
    // Any thread's view of the memory sees it full.
    expect(new PieceTable(memory, 4).full).toBe(true);
    const held = pieces.filter((p) => table.find(p, 0, p.length, pieceHash(p, 0, p.length)) === p.length + 100);
    expect(held).toHaveLength(8);
    expect(pieces.slice(0, 8)).toEqual(held);
  });

  it("leaves out pieces longer than its keys and counts that do not fit", () => {
    const table = new PieceTable(PieceTable.memory(16, 4), 4);
    table.add("abcde", 0, 5, pieceHash("abcde", 0, 5), 1);
    table.add("abcd", 0, 4, pieceHash("abcd", 0, 4), 0x10000);
    expect(table.find("abcde", 0, 5, pieceHash("abcde", 0, 5))).toBe(-1);
    expect(table.find("abcd", 0, 4, pieceHash("abcd", 0, 4))).toBe(-1);
  });

  it("rejects memory that does not hold a power of 2 slots", () => {
    expect(() => PieceTable.memory(12, 4)).toThrow(/power of 2/);
    expect(() => new PieceTable(PieceTable.memory(16, 4), 6)).toThrow(
      /does not hold a power of 2 slots of 6 UTF-16 units/,
    );
  });
});

describe("PieceCache", () => {
  it("returns what countPiece returned for every piece, short, long and too long to keep, across renewals", () => {
    const random = seededRandom(11);
    const cache = new PieceCache();
    const seen = new Map<string, number>();
    let calls = 0;
    const countPiece = (piece: string) => (calls++, truth(piece));
    // Enough distinct short pieces (2^17 fill the short table) that the cache renews itself.
    for (let i = 0; i < 150_000; i++) {
      const piece = i % 3 === 0 ? randomPiece(random, 90) : `${i.toString(36)}${randomPiece(random, 6)}`;
      const text = `«${piece}»`;
      expect(cache.count(text, 1, 1 + piece.length, countPiece)).toBe(truth(piece));
      seen.set(piece, truth(piece));
    }
    // Pieces met again: hits now (no new merges for pieces the current tables hold), same counts.
    const again = [...seen.keys()].slice(-2000).filter((p) => p.length <= 64);
    const before = calls;
    for (const piece of again) expect(cache.count(piece, 0, piece.length, countPiece)).toBe(seen.get(piece));
    expect(calls - before).toBeLessThan(again.length / 10);
  });

  it("is one cache for every thread that uses its memory: a piece one thread counted is a hit in another", async () => {
    const memory = PieceCache.memory();
    const pieces = Array.from({ length: 5000 }, (_, i) => `w${i}日本${i % 7 === 0 ? "\ud83d" : ""}`);
    const cache = new PieceCache(memory);
    for (const p of pieces) cache.count(p, 0, p.length, truth);
    const module = new URL("../dist/cache/piece-cache.js", import.meta.url).href;
    const worker = new Worker(
      `const { workerData, parentPort } = require("node:worker_threads");
       import(${JSON.stringify(module)}).then(({ PieceCache }) => {
         const cache = new PieceCache(workerData.memory);
         let merged = 0, wrong = 0;
         for (const p of workerData.pieces) if (cache.count(p, 0, p.length, () => (merged++, -5)) === -5) wrong++;
         parentPort.postMessage({ merged, wrong });
       });`,
      { eval: true, workerData: { memory, pieces } },
    );
    const reply = await new Promise<{ merged: number }>((resolve, reject) =>
      worker.once("message", resolve).once("error", reject),
    );
    await worker.terminate();
    expect(reply.merged).toBe(0);
  });

  it("never returns a wrong count while two threads fill and read one table at once", { timeout: 60_000 }, async () => {
    // Both threads draw from one vocabulary (so they race to add the same pieces, into a table
    // small enough to fill), and check every count they get against the truth.
    const memory = PieceCache.memory();
    const module = new URL("../dist/cache/piece-cache.js", import.meta.url).href;
    const run = (seed: number) =>
      new Promise<{ wrong: number; lookups: number; merged: number }>((resolve, reject) => {
        const worker = new Worker(
          `const { workerData, parentPort } = require("node:worker_threads");
           import(${JSON.stringify(module)}).then(({ PieceCache }) => {
             const cache = new PieceCache(workerData.memory);
             const truth = (p) => { let h = 0; for (let i = 0; i < p.length; i++) h = (Math.imul(h, 31) + p.charCodeAt(i)) | 0; return (h >>> 0) % 60000; };
             let s = workerData.seed, wrong = 0, merged = 0;
             const random = () => ((s = (Math.imul(s, 1103515245) + 12345) | 0) >>> 0) / 2 ** 32;
             for (let i = 0; i < 400000; i++) {
               const n = Math.floor(random() * 200000);
               const piece = (n % 5 === 0 ? "長い断片の" + n.toString(16) + "x".repeat(n % 40) : "p" + n.toString(36));
               const text = "<" + piece + ">";
               if (cache.count(text, 1, 1 + piece.length, (p) => (merged++, truth(p))) !== truth(piece)) wrong++;
             }
             parentPort.postMessage({ wrong, lookups: 400000, merged });
           });`,
          { eval: true, workerData: { memory, seed } },
        );
        worker.once("message", (m) => void worker.terminate().then(() => resolve(m))).once("error", reject);
      });
    const results = await Promise.all([run(1), run(2)]);
    for (const r of results) {
      expect(r.wrong).toBe(0);
      // The threads shared their work: fewer merges than look-ups.
      expect(r.merged).toBeLessThan(r.lookups);
    }
    expect(PieceCache.renewed(memory)).toBeDefined();
  });
});
