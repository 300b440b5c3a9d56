import { mkdtempSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { capWorkers } from "@corpus-census/count";
import { useTemporaryCache } from "./helpers/catalog-copy.js";
import { census } from "./helpers/run-cli.js";

beforeAll(() => {
  useTemporaryCache();
});

describe("--workers is capped by cores and input size", () => {
  it("caps at two per core, and beyond one per core at one per 256 KiB of input", () => {
    expect(capWorkers(1000, 28_000, 28)).toEqual({
      workers: 28,
      note: expect.stringContaining("one per core (28 cores), or one per 256 KiB of input if more (28,000 bytes)"),
    });
    expect(capWorkers(1000, 28_000, 1)).toEqual({ workers: 1, note: expect.any(String) });
    expect(capWorkers(1000, 20 << 20, 28).workers).toBe(56);
    expect(capWorkers(1000, 4 << 20, 8).workers).toBe(16);
    expect(capWorkers(1000, 2 << 20, 4).workers).toBe(8);
    expect(capWorkers(1000, undefined, 2)).toEqual({
      workers: 4,
      note: expect.stringContaining("2 per core, 2 cores"),
    });
    expect(capWorkers(1000, 100 << 20, 2).workers).toBe(4);
    // Up to the number of cores, a request is honoured (benchmarks compare 1 and all on small files).
    expect(capWorkers(2, 28_000, 2)).toEqual({ workers: 2 });
    expect(capWorkers(3, 100 << 20, 2)).toEqual({ workers: 3 });
  });

  it("--workers 1000 on a 28 KB file starts one per core, and says so", async () => {
    const dir = mkdtempSync(join(tmpdir(), "census-workers-"));
    const input = join(dir, "small.txt");
    writeFileSync(
      input,
      Array.from({ length: 700 }, (_, i) => `line ${i} of a small file.`)
        .join("\n\n")
        .slice(0, 28_000),
    );
    const before = process.memoryUsage().rss;
    const json = await census("count", input, "--tokenizer", "r50k_base", "--workers", "1000", "--json");
    expect(json.code, json.stderr).toBe(0);
    const result = JSON.parse(json.stdout);
    const cores = availableParallelism();
    expect(result.workers).toBe(cores);
    expect(result.notes.join("\n")).toContain(`--workers 1000: started ${cores}`);
    // 1,000 threads took ~10 MB each.
    expect(process.memoryUsage().rss - before).toBeLessThan(1 << 30);
    const table = await census("count", input, "--tokenizer", "r50k_base", "--workers", "1000");
    expect(table.stdout).toContain(`--workers 1000: started ${cores} (at most one per core`);
  });

  it("caps by cores when the size is not known (a URL, stdin)", () => {
    expect(capWorkers(1000, undefined).workers).toBe(2 * availableParallelism());
  });
});
