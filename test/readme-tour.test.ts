import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CatalogCopy, useTemporaryCache } from "./helpers/catalog-copy.js";
import { census } from "./helpers/run-cli.js";
import { COUNT_FIXTURES } from "./helpers/samples.js";

/** Every file under `dir` with its content, by relative path. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else files[relative(dir, join(d, e.name))] = readFileSync(join(d, e.name), "latin1");
    }
  };
  walk(dir);
  return files;
}

let copy: CatalogCopy;
let work: string;
const outputs = async (tag: string) => {
  const site = join(work, `site-${tag}`);
  const published = await census("publish", "--out", site, "--catalog", copy.dir);
  expect(published.code).toBe(0);
  return {
    markdown: (await census("report", "--catalog", copy.dir)).stdout,
    json: (await census("report", "--json", "--catalog", copy.dir)).stdout,
    site: snapshot(site),
  };
};

beforeAll(() => {
  useTemporaryCache();
  copy = new CatalogCopy();
  work = mkdtempSync(join(tmpdir(), "census-tour-"));
  // The README's file names, holding small real texts.
  copyFileSync(join(COUNT_FIXTURES, "sample-ja.utf8.txt"), join(work, "ja.txt"));
  copyFileSync(join(COUNT_FIXTURES, "sample.jsonl"), join(work, "en.jsonl"));
  copyFileSync(join(COUNT_FIXTURES, "sample.jsonl"), join(work, "big.jsonl"));
});
afterAll(() => {
  copy.remove();
  rmSync(work, { recursive: true, force: true });
});

describe("the README's tour of estimates", () => {
  let before: Awaited<ReturnType<typeof outputs>>;
  let calibrationId: string;

  it("leaves census report and census publish byte-identical", async () => {
    before = await outputs("before");
    expect(before.markdown).toContain("Calibration: **calibration-corpus-samples** (the shipped one)");

    // pnpm census calibrate ja.txt=ja/web en.jsonl=en/web --tokenizer r50k_base,o200k_base
    const calibrated = await census("calibrate", `${join(work, "ja.txt")}=ja/web`, `${join(work, "en.jsonl")}=en/web`, "--tokenizer", "r50k_base,o200k_base", "--catalog", copy.dir);
    expect(calibrated.code).toBe(0);
    calibrationId = /wrote .*\/(calibration-[^/]+)\.json/.exec(calibrated.stdout)![1]!;
    expect(calibrated.stdout).toContain("rests on little: 1 ja sample file(s) of 4 documents (web); 1 en sample file(s) of 7 documents (web)");
    expect(calibrated.stdout).toContain(`census report and census publish still use calibration-corpus-samples; to use this one: census report --calibration ${calibrationId}`);

    // pnpm census estimate big.jsonl --sample 0.05 --save --entry mc4-ja: a 12 kB file is not mC4.
    const whole = await census("estimate", join(work, "big.jsonl"), "--sample", "0.05", "--tokenizer", "r50k_base", "--save", "--entry", "mc4-ja", "--catalog", copy.dir);
    expect(whole.code).toBe(1);
    expect(whole.stderr).toContain("not saved: the run is said to cover the whole of mc4-ja");
    expect(whole.stderr).toMatch(/documents: this run [\d,]+ \| catalog 87,425,304 \(87\.43 million\) documents/);
    expect(whole.stderr).toMatch(/bytes-uncompressed: this run 12,053 \| catalog /);
    expect(whole.stdout).toContain("tokens r50k_base");

    // ... --covers sample-file: recorded as what it is, and the report keeps the estimate of the whole.
    const part = await census("estimate", join(work, "big.jsonl"), "--sample", "0.05", "--tokenizer", "r50k_base", "--save", "--entry", "mc4-ja", "--covers", "sample-file", "--catalog", copy.dir);
    expect(part.code).toBe(0);
    expect(part.stderr).toContain("it covers a sample-file of mc4-ja, so census report keeps the estimate of the whole corpus");
    const shard = await census("count", join(work, "big.jsonl"), "--tokenizer", "r50k_base", "--save", "--entry", "mc4-ja", "--covers", "shard", "--catalog", copy.dir);
    expect(shard.code).toBe(0);
    const saved = readdirSync(join(copy.dir, "measurements")).filter((f) => f.includes("mc4-ja"));
    expect(saved).toHaveLength(2);
    for (const f of saved) expect(JSON.parse(readFileSync(join(copy.dir, "measurements", f), "utf8")).coverage.covers).toMatch(/^(sample-file|shard)$/);

    const after = await outputs("after");
    expect(after.markdown).toBe(before.markdown);
    expect(after.json).toBe(before.json);
    expect(after.site).toEqual(before.site);
  }, 180_000);

  it("uses another calibration only when chosen, names it everywhere, and shows no total it cannot make", async () => {
    const report = await census("report", "--catalog", copy.dir, "--calibration", calibrationId);
    expect(report.code).toBe(0);
    expect(report.stdout).toContain(`Calibration: **${calibrationId}** (chosen with --calibration instead of the shipped one)`);
    expect(report.stdout).toContain("**Warning**: calibration");
    expect(report.stdout).not.toMatch(/\b0 \(0–0\)/);
    expect(report.stdout).toContain("measured: r50k_base (GPT-3's tokenizer) | measured: o200k_base |");
    expect(report.stdout).not.toContain("measured: llama3");

    const byFile = await census("report", "--json", "--catalog", copy.dir, "--calibration", join(copy.dir, "measurements", `${calibrationId}.json`));
    expect(JSON.parse(byFile.stdout).generatedFrom.calibration).toBe(calibrationId);
    const lacking = await census("report", "--catalog", copy.dir, "--calibration", calibrationId, "--tokenizer", "llama3");
    expect(lacking.code).toBe(2);
    expect(lacking.stderr).toContain(`no calibrated ratios for "llama3" in calibration ${calibrationId}`);
    expect((await census("report", "--catalog", copy.dir, "--calibration", "calibration-nonesuch")).code).toBe(2);

    const site = join(work, "site-chosen");
    const published = await census("publish", "--out", site, "--catalog", copy.dir, "--calibration", calibrationId);
    expect(published.stdout).toContain(`token estimates from calibration ${calibrationId} (chosen with --calibration)`);
    for (const file of ["index.html", "corpora.csv", "corpora.json", "README.md"]) expect(readFileSync(join(site, file), "utf8")).toContain(calibrationId);
  });
});
