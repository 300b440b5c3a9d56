import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { useTemporaryCache } from "./helpers/catalog-copy.js";
import { census } from "./helpers/run-cli.js";
import { seededRandom } from "./helpers/random-text.js";
import { COUNT_FIXTURES } from "./helpers/samples.js";

let dir: string;
beforeAll(() => {
  useTemporaryCache();
  dir = mkdtempSync(join(tmpdir(), "census-binary-"));
});

/** Random bytes without a single NUL. */
function randomBytes(n: number, seed: number): Buffer {
  const random = seededRandom(seed);
  const bytes = Buffer.alloc(n);
  for (let i = 0; i < n; i++) bytes[i] = 1 + Math.floor(random() * 255);
  return bytes;
}

function text(bytes: number): Buffer {
  const lines: string[] = [];
  let n = 0;
  for (let i = 0; n < bytes; i++) {
    const line = `Line ${i}: 日本語の文章と English words, mixed.\n\n`;
    lines.push(line);
    n += Buffer.byteLength(line);
  }
  return Buffer.from(lines.join(""));
}

async function count(path: string, ...extra: string[]) {
  const r = await census("count", path, "--tokenizer", "r50k_base", "--json", ...extra);
  return { code: r.code, input: JSON.parse(r.stdout).inputs[0], stderr: r.stderr };
}

describe("binary input is refused wherever it is detected", () => {
  it("refuses 1 MB of random bytes without a NUL", async () => {
    const path = join(dir, "random.bin");
    writeFileSync(path, randomBytes(1 << 20, 1));
    const { code, input } = await count(path);
    expect(code).toBe(1);
    expect(input.complete).toBe(false);
    expect(input.error).toMatch(/not text: .*control bytes/);
    const table = await census("count", path, "--tokenizer", "r50k_base");
    expect(table.stdout).toContain("INCOMPLETE");
  });

  it("refuses binary data that starts after 200 KB of text, and in a gzip stream", async () => {
    const path = join(dir, "text-then-binary.txt");
    writeFileSync(path, Buffer.concat([text(200_000), randomBytes(300_000, 2)]));
    const { code, input } = await count(path);
    expect(code).toBe(1);
    expect(input.complete).toBe(false);
    expect(input.error).toMatch(/not text: from byte \d+/);
    expect(input.counts.documents).toBeGreaterThan(0);
    const gz = join(dir, "random.gz");
    writeFileSync(gz, gzipSync(randomBytes(200_000, 3)));
    const gzipped = await count(gz);
    expect(gzipped.code).toBe(1);
    expect(gzipped.input.error).toMatch(/not text/);
  });

  it("counts real text with a few bad bytes, and legacy encodings read as UTF-8, as text", async () => {
    const body = text(500_000);
    for (const at of [1_000, 100_000, 300_000, 450_000]) body[at] = 0xff;
    body[200_000] = 0x00;
    body[200_001] = 0x01;
    body[350_000] = 0x1a;
    const path = join(dir, "mostly-text.txt");
    writeFileSync(path, body);
    const { code, input } = await count(path);
    expect(code, input.error).toBe(0);
    expect(input.complete).toBe(true);
    expect(input.counts.invalidUtf8).toBeGreaterThanOrEqual(4);
    expect(input.counts.invalidUtf8).toBeLessThan(20);
    const sjis = await count(join(COUNT_FIXTURES, "sample-ja.sjis.txt"), "--encoding", "utf-8");
    expect(sjis.code, sjis.input.error).toBe(0);
    expect(sjis.input.counts.invalidUtf8).toBeGreaterThan(0);
    expect(readFileSync(join(COUNT_FIXTURES, "sample-ja.sjis.txt")).length).toBeGreaterThan(0);
  });
});

describe("census estimate", () => {
  it("refuses random bytes rather than estimating documents in them", async () => {
    const path = join(dir, "random-estimate.bin");
    writeFileSync(path, randomBytes(1 << 20, 4));
    const r = await census("estimate", path, "--sample", "0.05", "--tokenizer", "r50k_base");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not text: .*control bytes/);
  });
});
