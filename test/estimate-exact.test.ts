import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTemporaryCache } from "./helpers/catalog-copy.js";
import { census } from "./helpers/run-cli.js";
import { startServer, type TestServer } from "./helpers/http-server.js";
import { countFixture as fixture } from "./helpers/samples.js";

beforeAll(() => {
  useTemporaryCache();
});

/** Many short documents: a file an estimate samples at random offsets. */
function corpus(): string {
  const dir = mkdtempSync(join(tmpdir(), "census-estimate-"));
  const path = join(dir, "corpus.jsonl");
  writeFileSync(
    path,
    Array.from({ length: 3000 }, (_, i) =>
      JSON.stringify({ text: `document ${i}: ${"word ".repeat(1 + (i % 17))}end.` }),
    ).join("\n") + "\n",
  );
  return path;
}

describe("census estimate over HTTP checks every 206", () => {
  let server: TestServer;
  const body = readFileSync(fixture("sample.jsonl"));
  const big = Buffer.from(
    Array.from({ length: 2000 }, (_, i) => JSON.stringify({ text: `line ${i} ${"x ".repeat(i % 13)}` })).join("\n") +
      "\n",
  );
  beforeAll(async () => {
    server = await startServer((req, res) => {
      const file = req.url === "/big.jsonl" ? big : body;
      const range = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? "");
      if (!range) return void res.writeHead(200, { "content-length": file.length }).end(file);
      // A misbehaving cache: it answers every range from the start of the file.
      const length = Math.min(file.length, Number(range[2]) - Number(range[1]) + 1);
      res
        .writeHead(206, { "content-range": `bytes 0-${length - 1}/${file.length}`, "content-length": length })
        .end(file.subarray(0, length));
    });
  });
  afterAll(() => server.close());

  it("refuses a 206 that does not start at the byte asked for, rather than estimating from it", async () => {
    const { code, stdout, stderr } = await census(
      "estimate",
      `${server.url}/big.jsonl`,
      "--sample",
      "0.2",
      "--tokenizer",
      "r50k_base",
      "--json",
    );
    expect(stdout).toBe("");
    expect(code).toBe(1);
    expect(stderr, stderr).toMatch(/asked for bytes from \d+ to \d+, got Content-Range "bytes 0-/);
  });
});

describe("census estimate --sample 1", () => {
  it("counts exactly: reads the file once and prints the count, no interval", async () => {
    const path = corpus();
    const size = readFileSync(path).length;
    const counted = JSON.parse((await census("count", path, "--tokenizer", "r50k_base", "--json")).stdout);
    const json = await census("estimate", path, "--sample", "1", "--tokenizer", "r50k_base", "--json");
    expect(json.code, json.stderr).toBe(0);
    const result = JSON.parse(json.stdout);
    expect(result.estimate.documents).toEqual({
      value: counted.total.documents,
      low: counted.total.documents,
      high: counted.total.documents,
    });
    const tokens = counted.total.tokens.r50k_base;
    expect(result.estimate.tokens.r50k_base).toEqual({ value: tokens, low: tokens, high: tokens });
    expect(result.io).toEqual({ bytesRead: size, totalBytes: size });
    expect(result.method).toMatch(/^counted whole/);
    const table = await census("estimate", path, "--sample", "1", "--tokenizer", "r50k_base");
    expect(table.code).toBe(0);
    expect(table.stdout).not.toContain("interval");
    expect(table.stdout).toContain(tokens.toLocaleString("en-US"));
    expect(table.stdout).toContain(
      `Read ${size.toLocaleString("en-US")} bytes of ${size.toLocaleString("en-US")} (100.0%)`,
    );
  });
});
