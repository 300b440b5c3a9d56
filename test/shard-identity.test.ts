import { mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { useTemporaryCache } from "./helpers/catalog-copy.js";
import { census } from "./helpers/run-cli.js";

beforeAll(() => {
  useTemporaryCache();
});

/** The same number of bytes, other words: an edit in place that keeps the size. */
function editInPlace(path: string, mtimeShift = 10): void {
  const before = statSync(path);
  const text = readFileSync(path, "utf8");
  writeFileSync(path, text.replaceAll("alpha", "omega"));
  expect(statSync(path).size).toBe(before.size);
  const later = new Date(before.mtimeMs + mtimeShift * 1000);
  utimesSync(path, later, later);
}

const TEXT = Array.from({ length: 200 }, (_, i) => `alpha beta ${i} gamma alpha.`).join("\n\n") + "\n";

describe("a shard's identity includes each local input's modification time and ends", () => {
  it("does not reuse an old shard result for a file edited in place at the same size", async () => {
    const dir = mkdtempSync(join(tmpdir(), "census-identity-"));
    const input = join(dir, "a.txt");
    writeFileSync(input, TEXT);
    const out = join(dir, "out");
    const first = await census("count", input, "--tokenizer", "r50k_base", "--shard", "0/1", "--out", out, "--json");
    expect(first.code, first.stderr).toBe(0);
    const job = JSON.parse(first.stdout).job;
    expect(job.inputs[0].mtime).toBe(statSync(input).mtime.toISOString());
    editInPlace(input);
    const again = await census("count", input, "--tokenizer", "r50k_base", "--shard", "0/1", "--out", out);
    expect(again.stderr).not.toContain("not counted again");
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/another job/);
    expect(again.stderr).toContain("a.txt");
  });

  it("sees an edit at the same size and the same modification time by the file's ends", async () => {
    const dir = mkdtempSync(join(tmpdir(), "census-identity-"));
    const input = join(dir, "a.txt");
    writeFileSync(input, TEXT);
    const first = JSON.parse(
      (await census("count", input, "--tokenizer", "r50k_base", "--shard", "0/1", "--json")).stdout,
    );
    editInPlace(input, 0);
    const second = JSON.parse(
      (await census("count", input, "--tokenizer", "r50k_base", "--shard", "0/1", "--json")).stdout,
    );
    expect(second.jobId).not.toBe(first.jobId);
  });

  it("merge refuses shards of a file that changed since they were counted", async () => {
    const dir = mkdtempSync(join(tmpdir(), "census-identity-"));
    const input = join(dir, "a.txt");
    writeFileSync(input, TEXT);
    const out = join(dir, "out");
    for (const k of [0, 1]) {
      const r = await census("count", input, "--tokenizer", "r50k_base", "--shard", `${k}/2`, "--out", out);
      expect(r.code, r.stderr).toBe(0);
    }
    expect((await census("merge", out)).code).toBe(0);
    editInPlace(input);
    const merged = await census("merge", out);
    expect(merged.code).toBe(1);
    expect(merged.stderr).toContain(`${input}: changed since its shards were counted`);
  });
});
