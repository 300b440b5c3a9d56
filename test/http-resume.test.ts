import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { useTemporaryCache } from "./helpers/catalog-copy.js";
import { census } from "./helpers/run-cli.js";
import { startRangeServer, type Faults, type RangeServer } from "./helpers/range-server.js";
import { seededRandom } from "./helpers/random-text.js";

/**
 * Faults over HTTP: a dropped connection, a 5xx or a stalled transfer is retried with backoff and
 * resumed by a Range request guarded by If-Range; the count stays exact. A file that changed on
 * the server is detected, never mixed; after bounded retries the input ends incomplete with its offset.
 */
const random = seededRandom(21);
const words = ["東京", "は", "日本語", "です。", "corpus", "token", "the", "retry"];
const text =
  Array.from({ length: 8000 }, () =>
    Array.from({ length: 40 }, () => words[Math.floor(random() * words.length)]).join(" "),
  ).join("\n\n") + "\n";
const gz = gzipSync(text);
let expected: unknown;
let server: RangeServer | undefined;

beforeAll(async () => {
  useTemporaryCache();
  process.env.CENSUS_HTTP_BACKOFF_MS = "20";
  process.env.CENSUS_HTTP_STALL_MS = "500";
  process.env.CENSUS_HTTP_RETRIES = "3";
  const dir = mkdtempSync(join(tmpdir(), "census-http-"));
  writeFileSync(join(dir, "corpus.txt.gz"), gz);
  expected = JSON.parse(
    (await census("count", join(dir, "corpus.txt.gz"), "--tokenizer", "r50k_base", "--json")).stdout,
  ).total;
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function countWith(faults: Faults) {
  server = await startRangeServer({ "/corpus.txt.gz": gz }, faults);
  const { code, stdout } = await census("count", `${server.url}/corpus.txt.gz`, "--tokenizer", "r50k_base", "--json");
  return { code, json: JSON.parse(stdout), requests: server.requests };
}

describe("a remote input whose transfer breaks", () => {
  it("is resumed after dropped connections from the last byte received, to the exact count", async () => {
    const { code, json, requests } = await countWith({ dropAfter: [100_000, 50_000] });
    expect(code).toBe(0);
    expect(json.total).toEqual(expected);
    const gets = requests.filter((r) => r.method === "GET");
    expect(gets.map((r) => r.range)).toEqual([undefined, "bytes=100000-", "bytes=150000-"]);
    expect(gets[1]!.ifRange).toMatch(/^"v1-/);
    expect(gets.map((r) => r.status)).toEqual([200, 206, 206]);
  });

  it("is retried after 5xx answers", async () => {
    const { code, json, requests } = await countWith({ serverErrors: 2 });
    expect(code).toBe(0);
    expect(json.total).toEqual(expected);
    expect(requests.map((r) => r.status)).toEqual([503, 503, 200]);
  });

  it("is resumed after a stalled transfer", async () => {
    const { code, json, requests } = await countWith({ stallAfter: [70_000] });
    expect(code).toBe(0);
    expect(json.total).toEqual(expected);
    expect(requests.map((r) => r.range)).toEqual([undefined, "bytes=70000-"]);
  });

  it("is not mixed with a new version when the file changes on the server", async () => {
    const { code, json, requests } = await countWith({ changeAfterBytes: 120_000 });
    expect(code).toBe(1);
    expect(json.inputs[0].complete).toBe(false);
    expect(json.inputs[0].error).toMatch(
      /changed on the server during the count \(If-Range "v1-\d+" no longer matches\); the bytes before 120,000 are of the old version/,
    );
    expect(requests.at(-1)!.status).toBe(200);
    expect(json.inputs[0].counts.inputBytes).toBe(120_000);
  });

  it("ends incomplete, with the offset, after bounded retries", async () => {
    const { code, json } = await countWith({ dropAfter: [90_000, 0, 0, 0, 0] });
    expect(code).toBe(1);
    expect(json.inputs[0].complete).toBe(false);
    expect(json.inputs[0].error).toMatch(/connection (broken|closed) after byte 90,000.*gave up after 3 retries/);
    expect(json.inputs[0].counts.inputBytes).toBe(90_000);
  });
});
