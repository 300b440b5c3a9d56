import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decompress, openInput } from "@corpus-census/count";
import { useTemporaryCache } from "./helpers/catalog-copy.js";
import { census } from "./helpers/run-cli.js";
import { startClosingServer } from "./helpers/closing-server.js";
import { seededRandom } from "./helpers/random-text.js";

// About 5 MB of text that compresses ten to one, so that gunzip holds the body back.
const random = seededRandom(13);
const WORDS = ["alpha", "beta", "gamma", "東京", "日本語", "です", "corpus", "token", "。"];
const documents = Array.from({ length: 20_000 }, () =>
  Array.from({ length: 40 }, () => WORDS[Math.floor(random() * WORDS.length)]).join(" "),
);
const text = documents.join("\n\n") + "\n";
const gz = gzipSync(text);
let server: Awaited<ReturnType<typeof startClosingServer>>;

beforeAll(async () => {
  useTemporaryCache();
  server = await startClosingServer(gz);
});
afterAll(() => server.close());

describe("a remote .gz from a server that closes the connection after the body", () => {
  it("is read to its end every time, whatever the reader's pace (50 times)", { timeout: 120_000 }, async () => {
    const expectedBytes = Buffer.byteLength(text);
    for (let i = 0; i < 50; i++) {
      const source = await openInput(`${server.url}/corpus.txt.gz`);
      const { compression, chunks } = await decompress(source.chunks);
      let bytes = 0;
      // A reader slower than the network, as the counting pipeline is: the body is paused when the server closes.
      for await (const chunk of chunks) {
        bytes += chunk.length;
        if (i % 2 === 1) await new Promise((resolve) => setImmediate(resolve));
      }
      expect(compression).toBe("gzip");
      expect(bytes).toBe(expectedBytes);
    }
    expect(server.requests).toBe(50);
  });

  it("counts exactly what the same file counts on disk", async () => {
    const dir = mkdtempSync(join(tmpdir(), "census-close-"));
    writeFileSync(join(dir, "corpus.txt.gz"), gz);
    const local = await census("count", join(dir, "corpus.txt.gz"), "--tokenizer", "r50k_base", "--json");
    for (let i = 0; i < 1; i++) {
      const remote = await census("count", `${server.url}/corpus.txt.gz`, "--tokenizer", "r50k_base", "--json");
      expect(remote.code).toBe(0);
      expect(JSON.parse(remote.stdout).total).toEqual(JSON.parse(local.stdout).total);
    }
  });
});
