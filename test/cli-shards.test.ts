import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseShardSpec, planShards } from "@corpus-census/count";
import { useTemporaryCache } from "./helpers/catalog-copy.js";
import { census } from "./helpers/run-cli.js";
import { countFixture as fixture } from "./helpers/samples.js";
import { startRangeServer, type RangeServer } from "./helpers/range-server.js";
import { seededRandom } from "./helpers/random-text.js";

let dir: string;
let big: string;
let server: RangeServer;

beforeAll(async () => {
  useTemporaryCache();
  dir = mkdtempSync(join(tmpdir(), "census-shards-"));
  const random = seededRandom(8);
  const words = ["東京", "は", "日本語", "です。", "corpus", "token", "the", "shard"];
  big =
    Array.from({ length: 3000 }, () =>
      Array.from({ length: 30 }, () => words[Math.floor(random() * words.length)]).join(" "),
    ).join("\n") + "\n";
  mkdirSync(join(dir, "corpus"));
  writeFileSync(join(dir, "corpus", "big.txt"), big.replace(/\n/g, "\n\n"));
  for (const name of ["sample-a.bin", "sample-b.bin", "sample-c.bin", "sample.jsonl", "sample.parquet", "sample.xml"])
    copyFileSync(fixture(name), join(dir, "corpus", name));
  server = await startRangeServer({
    "/big.jsonl": Buffer.from(
      big
        .split("\n")
        .filter(Boolean)
        .map((t) => JSON.stringify({ text: t }))
        .join("\n") + "\n",
    ),
  });
});
afterAll(() => server.close());

async function shards(inputs: string[], n: number, out: string, ...extra: string[]) {
  const codes: number[] = [];
  for (let k = 0; k < n; k++)
    codes.push(
      (
        await census(
          "count",
          ...inputs,
          "--tokenizer",
          "r50k_base",
          "--shard",
          `${k}/${n}`,
          "--out",
          out,
          "--workers",
          "1",
          ...extra,
        )
      ).code,
    );
  return codes;
}

async function json(...args: string[]) {
  const result = await census(...args, "--json");
  return { code: result.code, stderr: result.stderr, json: result.code === 0 ? JSON.parse(result.stdout) : undefined };
}

describe("census count --shard K/N --out DIR, then census merge DIR", () => {
  it("adds up to exactly one count of a directory of mixed inputs, one large file cut in ranges", {
    timeout: 120_000,
  }, async () => {
    const out = join(dir, "out-3");
    expect(await shards([join(dir, "corpus")], 3, out)).toEqual([0, 0, 0]);
    const merged = await json("merge", out);
    const whole = await json("count", join(dir, "corpus"), "--tokenizer", "r50k_base");
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.json.total).toEqual(whole.json.total);
    const name = (i: { input: string }) => i.input;
    expect(merged.json.inputs.map(name)).toEqual([...whole.json.inputs.map(name)].sort());
    const files = [0, 1, 2].map((k) => JSON.parse(readFileSync(join(out, `shard-0000${k}-of-00003.json`), "utf8")));
    const bigParts = files.flatMap((f) => f.items).filter((i: { input: string }) => i.input.endsWith("big.txt"));
    expect(bigParts.length).toBeGreaterThan(1);
    expect(bigParts.every((i: { range?: unknown }) => i.range !== undefined)).toBe(true);
    // A compressed input, Parquet and MediaWiki go whole to one shard.
    for (const whole of ["sample-a.bin", "sample.parquet", "sample.xml"]) {
      expect(
        files
          .flatMap((f) => f.items)
          .filter((i: { input: string }) => i.input.endsWith(whole))
          .map((i: { range?: unknown }) => i.range),
      ).toEqual([undefined]);
    }
    expect(new Set(files.map((f) => f.jobId)).size).toBe(1);
    expect(files[1].job.inputs.find((i: { input: string }) => i.input.endsWith("big.txt")).size).toBe(
      Buffer.byteLength(big.replace(/\n/g, "\n\n")),
    );
  });

  it("shares one large file over HTTP Range among 4 shards, to exactly the count of the whole", {
    timeout: 120_000,
  }, async () => {
    const url = `${server.url}/big.jsonl`;
    const out = join(dir, "out-http");
    expect(await shards([url], 4, out)).toEqual([0, 0, 0, 0]);
    const merged = await json("merge", out);
    const whole = await json("count", url, "--tokenizer", "r50k_base");
    expect(merged.json.total).toEqual(whole.json.total);
    expect(merged.json.job.inputs[0].etag).toMatch(/^"v1-/);
    const ranged = server.requests.filter((r) => r.method === "GET" && r.range && r.range !== "bytes=0-65535");
    expect(ranged.length).toBe(3);
  });

  it("does not count a complete shard again, and refuses a directory holding another job's shard", async () => {
    const out = join(dir, "out-3");
    const again = await census(
      "count",
      join(dir, "corpus"),
      "--tokenizer",
      "r50k_base",
      "--shard",
      "1/3",
      "--out",
      out,
    );
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(
      /shard 1\/3 of job [0-9a-f]{16} is already complete in .*shard-00001-of-00003\.json; not counted again/,
    );
    const other = await census(
      "count",
      join(dir, "corpus"),
      "--tokenizer",
      "o200k_base",
      "--shard",
      "1/3",
      "--out",
      out,
    );
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/holds shard 1\/3 of another job/);
  });

  it("merge refuses shards of different jobs and names what differs", async () => {
    const a = join(dir, "out-3", "shard-00000-of-00003.json");
    const b = join(dir, "job-b");
    await shards([join(dir, "corpus")], 3, b, "--tokenizer", "r50k_base", "--format", "lines");
    const merged = await census("merge", a, join(b, "shard-00001-of-00003.json"), join(b, "shard-00002-of-00003.json"));
    expect(merged.code).toBe(1);
    expect(merged.stderr).toMatch(/refusing to add shards of different jobs/);
    expect(merged.stderr).toMatch(/options .*"format":null.* vs .*"format":"lines"/);
  });

  it("merge names missing and duplicated shards", async () => {
    const partial = join(dir, "partial");
    mkdirSync(partial);
    copyFileSync(join(dir, "out-3", "shard-00000-of-00003.json"), join(partial, "shard-00000-of-00003.json"));
    const missing = await census("merge", partial);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/missing shards 1-2 of 3 \(0 to 2\)/);
    const duplicated = await census("merge", join(dir, "out-3"), partial);
    expect(duplicated.code).toBe(1);
    expect(duplicated.stderr).toMatch(/shard 0 appears 2 times/);
    const absent = await census("merge", join(dir, "no-such-results"));
    expect(absent.code).toBe(1);
    expect(absent.stderr).toBe(`census merge: ${join(dir, "no-such-results")}: no such file or directory`);
  });

  it("writes an incomplete shard as incomplete, and merge refuses it", async () => {
    const out = join(dir, "out-truncated");
    const result = await census(
      "count",
      fixture("truncated.txt.gz"),
      fixture("sample.txt"),
      "--tokenizer",
      "r50k_base",
      "--shard",
      "0/2",
      "--out",
      out,
    );
    const file = JSON.parse(readFileSync(join(out, "shard-00000-of-00002.json"), "utf8"));
    const truncatedIn0 = file.items.some((i: { input: string }) => i.input.endsWith("truncated.txt.gz"));
    expect(file.complete).toBe(!truncatedIn0);
    expect(result.code).toBe(truncatedIn0 ? 1 : 0);
    await census(
      "count",
      fixture("truncated.txt.gz"),
      fixture("sample.txt"),
      "--tokenizer",
      "r50k_base",
      "--shard",
      "1/2",
      "--out",
      out,
    );
    const merged = await census("merge", out);
    expect(merged.code).toBe(1);
    expect(merged.stderr).toMatch(/shard [01] \(.*\) is incomplete: .*truncated\.txt\.gz: gzip stream is truncated/);
  });
});

describe("the plan of shards", () => {
  it("is balanced by size, largest first, deterministic, and cuts only what can be cut", () => {
    const inputs = [10, 70, 30, 20, 40, 5, 25].map((size, i) => ({ input: `f${i}`, size, rangeable: true }));
    const plan = planShards(inputs, 3, new Map());
    const loads = plan.map((items) => items.reduce((n, i) => n + i.bytes, 0));
    expect(loads).toEqual([70, 65, 65]);
    expect(planShards([...inputs].reverse(), 3, new Map())).toEqual(plan);
    const cut = planShards([{ input: "big", size: 1000, rangeable: true }], 4, new Map([["big", "text" as const]]));
    expect(cut.map((items) => items.map((i) => [i.range!.start, i.range!.end]))).toEqual([
      [[0, 250]],
      [[250, 500]],
      [[500, 750]],
      [[750, 1000]],
    ]);
  });

  it("takes K and N from Slurm, Kubernetes or AWS Batch with --shard auto", () => {
    expect(
      parseShardSpec("auto", undefined, {
        SLURM_ARRAY_TASK_ID: "12",
        SLURM_ARRAY_TASK_MIN: "10",
        SLURM_ARRAY_TASK_COUNT: "4",
      }),
    ).toMatchObject({ index: 2, count: 4 });
    expect(parseShardSpec("auto", 8, { JOB_COMPLETION_INDEX: "7" })).toMatchObject({ index: 7, count: 8 });
    expect(parseShardSpec("auto", 3, { AWS_BATCH_JOB_ARRAY_INDEX: "0" })).toMatchObject({ index: 0, count: 3 });
    expect(() => parseShardSpec("auto", undefined, { JOB_COMPLETION_INDEX: "1" })).toThrow(/add --shards N/);
    expect(() => parseShardSpec("auto", undefined, {})).toThrow(/none of SLURM_ARRAY_TASK_ID/);
    expect(() => parseShardSpec("4/4", undefined, {})).toThrow(/shard 4 does not exist among 4/);
    expect(() => parseShardSpec("1-4", undefined, {})).toThrow(/expected K\/N/);
  });

  it("--shard auto outside any engine is a usage error", async () => {
    const saved = { ...process.env };
    for (const name of ["SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX", "AWS_BATCH_JOB_ARRAY_INDEX"])
      delete process.env[name];
    const result = await census("count", fixture("sample.txt"), "--shard", "auto");
    process.env = saved;
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--shard auto: none of SLURM_ARRAY_TASK_ID/);
  });
});
