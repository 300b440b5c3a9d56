import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT, useTemporaryCache } from "./helpers/catalog-copy.js";
import { census } from "./helpers/run-cli.js";
import { seededRandom } from "./helpers/random-text.js";

/**
 * One large JSON Lines file (mC4's layout), killed with SIGKILL mid-way, resumes from its
 * checkpoint inside the file, not from its start, to the exact total of a count in one go:
 * tokens, documents, skipped records (--on-error skip) and invalid UTF-8 included. The same
 * for gzip-compressed JSON Lines (decompressed again up to the checkpoint, not counted again).
 */
let corpus: string;
beforeAll(() => {
  useTemporaryCache();
  corpus = mkdtempSync(join(tmpdir(), "census-jsonl-resume-"));
  const random = seededRandom(25);
  const words = ["東京", "は", "日本語", "です。", "corpus", "token", "the", "resume", "\\n", "\\u3042"];
  const lines: Buffer[] = [];
  for (let i = 0; i < 120_000; i++) {
    const text = Array.from({ length: 40 }, () => words[Math.floor(random() * words.length)]).join(" ");
    if (i % 9973 === 0) lines.push(Buffer.from(`{"text": "broken ${i}"\n`)); // malformed: skipped
    if (i % 7919 === 0)
      lines.push(
        Buffer.concat([
          Buffer.from(`{"url": "u${i}", "text": "bad `),
          Buffer.from([0xe3, 0x81]),
          Buffer.from(` byte"}\r\n`),
        ]),
      );
    else lines.push(Buffer.from(`${JSON.stringify({ url: `https://example.org/${i}`, text })}\n`));
    if (i % 5000 === 0) lines.push(Buffer.from("\n"));
  }
  const jsonl = Buffer.concat(lines);
  mkdirSync(join(corpus, "plain"));
  writeFileSync(join(corpus, "plain", "c4.jsonl"), jsonl);
  mkdirSync(join(corpus, "gz"));
  writeFileSync(join(corpus, "gz", "c4.jsonl.gz"), gzipSync(jsonl));
});

async function killInside(input: string, out: string): Promise<number> {
  const checkpoint = join(out, "shard-00000-of-00001.checkpoint.json");
  const args = [
    "count",
    input,
    "--tokenizer",
    "r50k_base",
    "--workers",
    "1",
    "--on-error",
    "skip",
    "--out",
    out,
    "--checkpoint-seconds",
    "0.2",
  ];
  const child = spawn(process.execPath, [join(REPO_ROOT, "packages/cli/dist/main.js"), ...args], { stdio: "ignore" });
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  let offset = 0;
  for (let waited = 0; waited < 200_000 && offset === 0; waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    if (!existsSync(checkpoint)) continue;
    const saved = JSON.parse(readFileSync(checkpoint, "utf8")) as {
      progress: { done: unknown[]; current?: { offset: number; line: number } };
    };
    if (
      saved.progress.done.length === 0 &&
      (saved.progress.current?.offset ?? 0) > 0 &&
      (saved.progress.current?.line ?? 0) > 20_000
    )
      offset = saved.progress.current!.offset;
  }
  child.kill("SIGKILL");
  await exited;
  expect(existsSync(join(out, "shard-00000-of-00001.json"))).toBe(false);
  return offset;
}

describe("a JSON Lines count killed with SIGKILL", () => {
  for (const kind of ["plain", "gz"] as const) {
    it(`resumes inside the file (${kind === "plain" ? ".jsonl" : ".jsonl.gz"}) and ends at the exact total`, {
      timeout: 300_000,
    }, async () => {
      const input = join(corpus, kind);
      const out = join(corpus, `out-${kind}`);
      const offset = await killInside(input, out);
      expect(offset).toBeGreaterThan(0);

      const resumed = await census(
        "count",
        input,
        "--tokenizer",
        "r50k_base",
        "--on-error",
        "skip",
        "--out",
        out,
        "--json",
      );
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(resumed.stderr).toMatch(
        /resumed from its checkpoint \(0 item\(s\) done, then [\d,]+ bytes into the next\)/,
      );
      const result = JSON.parse(resumed.stdout);
      expect(result.resumed.offset).toBeGreaterThanOrEqual(offset);
      const whole = await census("count", input, "--tokenizer", "r50k_base", "--on-error", "skip", "--json");
      const total = JSON.parse(whole.stdout).total;
      expect(total.skippedRecords).toBeGreaterThan(0);
      expect(total.invalidUtf8).toBeGreaterThan(0);
      expect(result.total).toEqual(total);
      expect(existsSync(join(out, "shard-00000-of-00001.checkpoint.json"))).toBe(false);
    });
  }
});
