import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CountPool, TextChunker } from "@corpus-census/count";
import { createCounter, resolveTokenizer } from "@corpus-census/tokenizers";
import { seededRandom } from "../../../test/helpers/random-text.js";

describe("CountPool's shared piece caches", () => {
  // The TypeScript counters' caches, shared by the workers: r50k_base counts in WebAssembly, with a
  // cache of each worker's own (packages/tokenizers/test/wasm-byte-bpe.test.ts), unless CENSUS_WASM=0.
  beforeAll(() => {
    process.env.CENSUS_WASM = "0";
  });
  afterAll(() => {
    delete process.env.CENSUS_WASM;
  });

  // Size 0 counts on this thread (census count's way with an input smaller than a chunk).
  it.each([2, 0])(
    "count exactly when a cache fills and the pool gives empty tables (%i workers)",
    {
      timeout: 120_000,
    },
    async (size) => {
      // ~200,000 distinct words: more short pieces than the table takes (2^17).
      const random = seededRandom(5);
      const letters = "abcdefghijklmnopqrstuvwxyz";
      const documents = Array.from({ length: 2000 }, () =>
        Array.from({ length: 100 }, () =>
          Array.from({ length: 4 + Math.floor(random() * 5) }, () => letters[Math.floor(random() * 26)]).join(""),
        ).join(" "),
      );
      const spec = await resolveTokenizer("r50k_base");
      const counter = createCounter(spec);
      const expected = documents.reduce((sum, d) => sum + counter.count(d), 0);
      const pool = await CountPool.start(size, { specs: [spec], morphemes: false });
      try {
        const chunker = new TextChunker("text", 1 << 20, 32 << 10);
        const chunks = chunker.push(Buffer.from(documents.join("\n\n")));
        const last = chunker.finish();
        if (last) chunks.push(last);
        // The pool moves a chunk's bytes to its worker: kept here, a copy of the first few.
        const firstChunks = chunks.slice(0, 5).map((c) => ({ ...c, bytes: Uint8Array.from(c.bytes) }));
        const results = await Promise.all(chunks.map((c) => pool.countChunk(c)));
        expect(results.reduce((sum, r) => sum + r.tokens.r50k_base!, 0)).toBe(expected);
        expect(pool.cacheRenewals).toBeGreaterThan(0);
        // Emptied on request (as the bench does between passes), the caches fill again from scratch, and the counts stay the same.
        pool.emptyCaches();
        const again = await Promise.all(firstChunks.map((c) => pool.countChunk(c)));
        expect(again.map((r) => r.tokens.r50k_base)).toEqual(results.slice(0, 5).map((r) => r.tokens.r50k_base));
      } finally {
        await pool.close();
      }
    },
  );
});
