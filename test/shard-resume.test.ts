import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT, useTemporaryCache } from "./helpers/catalog-copy.js";
import { census } from "./helpers/run-cli.js";
import { seededRandom } from "./helpers/random-text.js";

/**
 * A shard killed with SIGKILL goes on from its checkpoint, not from zero, to the same exact
 * total: a checkpoint is taken at a document boundary with the counts of everything before it.
 */
let corpus: string;
beforeAll(() => {
  useTemporaryCache();
  corpus = mkdtempSync(join(tmpdir(), "census-resume-"));
  const random = seededRandom(4);
  const words = ["東京", "は", "日本語", "です。", "corpus", "token", "the", "resume", "checkpoint"];
  const text = (documents: number) =>
    Array.from({ length: documents }, () =>
      Array.from({ length: 50 }, () => words[Math.floor(random() * words.length)]).join(" "),
    ).join("\n\n") + "\n";
  mkdirSync(join(corpus, "in"));
  writeFileSync(join(corpus, "in", "a.txt"), text(500));
  writeFileSync(join(corpus, "in", "b.txt.gz"), gzipSync(text(150_000)));
});

function startShard(out: string) {
  return spawn(
    process.execPath,
    [
      join(REPO_ROOT, "packages/cli/dist/main.js"),
      "count",
      join(corpus, "in"),
      "--tokenizer",
      "r50k_base",
      "--workers",
      "1",
      "--out",
      out,
      "--checkpoint-seconds",
      "0.2",
    ],
    { stdio: "ignore" },
  );
}

describe("a shard killed with SIGKILL", () => {
  it("resumes from its checkpoint inside the second input and ends at the exact total", {
    timeout: 240_000,
  }, async () => {
    const out = join(corpus, "out");
    const checkpoint = join(out, "shard-00000-of-00001.checkpoint.json");
    const child = startShard(out);
    const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
    // Kill it once it has saved progress inside b.txt.gz (the first input done).
    let saved: { progress: { done: unknown[]; current?: { offset: number } } } | undefined;
    for (let waited = 0; waited < 200_000; waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (!existsSync(checkpoint)) continue;
      saved = JSON.parse(readFileSync(checkpoint, "utf8"));
      if (saved!.progress.done.length === 1 && (saved!.progress.current?.offset ?? 0) > 0) break;
    }
    child.kill("SIGKILL");
    await exited;
    expect(saved?.progress.current?.offset).toBeGreaterThan(0);
    expect(existsSync(join(out, "shard-00000-of-00001.json"))).toBe(false);

    const resumed = await census("count", join(corpus, "in"), "--tokenizer", "r50k_base", "--out", out, "--json");
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/resumed from its checkpoint \(1 item\(s\) done, then [\d,]+ bytes into the next\)/);
    const result = JSON.parse(resumed.stdout);
    expect(result.resumed.items).toBe(1);
    expect(result.resumed.offset).toBeGreaterThan(0);
    const whole = await census("count", join(corpus, "in"), "--tokenizer", "r50k_base", "--json");
    expect(result.total).toEqual(JSON.parse(whole.stdout).total);
    expect(existsSync(checkpoint)).toBe(false);

    // Complete now: a relaunch does not count it again.
    const again = await census("count", join(corpus, "in"), "--tokenizer", "r50k_base", "--out", out);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/already complete in .*shard-00000-of-00001\.json; not counted again/);
  });
});
