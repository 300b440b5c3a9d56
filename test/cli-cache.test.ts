import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { censusProcess } from "./helpers/run-cli.js";
import { COUNT_FIXTURES } from "./helpers/samples.js";

describe("census cache", () => {
  it("shows the built models under their cap, and clears them", () => {
    const env = { CENSUS_CACHE_DIR: mkdtempSync(join(tmpdir(), "census-cache-cmd-")), CENSUS_MODEL_CACHE_MB: "300" };
    expect(censusProcess(["count", join(COUNT_FIXTURES, "sample.txt"), "--tokenizer", "r50k_base"], env).code).toBe(0);
    const shown = censusProcess(["cache", "--json"], env);
    expect(shown.code, shown.stderr).toBe(0);
    const cache = JSON.parse(shown.stdout) as {
      dir: string;
      models: { capBytes: number; bytes: number; entries: { current: boolean }[] };
    };
    expect(cache.dir).toBe(env.CENSUS_CACHE_DIR);
    expect(cache.models.capBytes).toBe(300e6);
    expect(cache.models.entries).toHaveLength(1);
    expect(cache.models.entries[0]!.current).toBe(true);
    expect(censusProcess(["cache"], env).stdout).toMatch(/models: 1 \([\d.]+ MB of at most 300\.0 MB/);
    const cleared = censusProcess(["cache", "clear"], env);
    expect(cleared.stdout).toMatch(/^census cache: removed the built models in .* \([\d.]+ MB\)/);
    expect((JSON.parse(censusProcess(["cache", "--json"], env).stdout) as typeof cache).models.entries).toEqual([]);
    expect(censusProcess(["cache", "clear", "--all"], env).code).toBe(0);
    expect(censusProcess(["cache", "wipe"], env).code).toBe(2);
  });
});
