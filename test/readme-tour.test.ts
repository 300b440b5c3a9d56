import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CatalogCopy, REPO_ROOT, useTemporaryCache } from "./helpers/catalog-copy.js";
import { census, type CliResult } from "./helpers/run-cli.js";
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

/**
 * The `census` commands of the README's "Estimates and the report" block that write into the
 * catalog (calibrate, --save), as argv, read from the README itself so the test follows it.
 * `pnpm calibrate` is left out: it re-measures the shipped calibration on purpose.
 */
function tourCommandsThatWrite(): string[][] {
  const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("### Estimates and the report"));
  const block = /```sh\n([\s\S]*?)```/.exec(section)![1]!;
  return block
    .split("\n")
    .map((line) => line.replace(/#.*$/, "").trim())
    .filter((line) => line.startsWith("pnpm census "))
    .map((line) => line.slice("pnpm census ".length).split(/\s+/))
    .filter((argv) => argv[0] === "calibrate" || argv.includes("--save"));
}

/** The README's file names, as small real files of this repository. */
const TOUR_FILES: Record<string, string> = {
  "ja.txt": "sample-ja.utf8.txt",
  "en.jsonl": "sample.jsonl",
  "big.jsonl": "sample.jsonl",
  "part-00000.jsonl": "sample.jsonl",
};

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
  for (const [name, fixture] of Object.entries(TOUR_FILES))
    copyFileSync(join(COUNT_FIXTURES, fixture), join(work, name));
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

    const commands = tourCommandsThatWrite();
    expect(commands.map((argv) => argv[0])).toEqual(["calibrate", "estimate", "estimate"]);
    const results = [];
    for (const argv of commands) {
      // The README's files are this test's files; one tokenizer keeps the estimates fast.
      const args = argv.map((a) =>
        a.replace(/^[\w.-]+(?==|$)/, (name) => (TOUR_FILES[name] ? join(work, name) : name)),
      );
      if (args[0] === "estimate" && !args.includes("--tokenizer")) args.push("--tokenizer", "r50k_base");
      results.push(await census(...args, "--catalog", copy.dir));
    }
    const [calibrated, whole, part] = results as [CliResult, CliResult, CliResult];

    // calibrate ja.txt=ja/web en.jsonl=en/web --tokenizer r50k_base,o200k_base
    expect(calibrated.code).toBe(0);
    calibrationId = /wrote .*\/(calibration-[^/]+)\.json/.exec(calibrated.stdout)![1]!;
    expect(calibrated.stdout).toContain(
      "rests on little: 1 ja sample file(s) of 4 documents (web); 1 en sample file(s) of 7 documents (web)",
    );
    expect(calibrated.stdout).toContain(
      `census report and census publish still use calibration-corpus-samples; to use this one: census report --calibration ${calibrationId}`,
    );

    // estimate big.jsonl --sample 0.05 --save --entry mc4-ja: a 12 kB file is not all of mC4.
    expect(whole.code).toBe(1);
    expect(whole.stderr).toContain("not saved: the run is said to cover the whole of mc4-ja");
    expect(whole.stderr).toMatch(/documents: this run [\d,]+ \| catalog 87,425,304 \(87\.43 million\) documents/);
    expect(whole.stderr).toMatch(/bytes-uncompressed: this run [\d,]+ \| catalog 782,000,000,000 /);
    expect(whole.stderr).toMatch(
      /characters: this run [\d,]+ \| catalog 239,700,000,000 \(239\.7 billion\) characters/,
    );
    expect(whole.stdout).toContain("tokens r50k_base");

    // estimate part-00000.jsonl ... --covers shard: recorded as what it is; the report keeps the estimate of the whole.
    expect(part.code).toBe(0);
    expect(part.stderr).toContain(
      "it covers a shard of mc4-ja, so census report keeps the estimate of the whole corpus",
    );
    const sampleFile = await census(
      "count",
      join(work, "big.jsonl"),
      "--tokenizer",
      "r50k_base",
      "--save",
      "--entry",
      "mc4-ja",
      "--covers",
      "sample-file",
      "--catalog",
      copy.dir,
    );
    expect(sampleFile.code).toBe(0);
    const saved = readdirSync(join(copy.dir, "measurements")).filter((f) => f.includes("mc4-ja"));
    expect(saved).toHaveLength(2);
    for (const f of saved)
      expect(JSON.parse(readFileSync(join(copy.dir, "measurements", f), "utf8")).coverage.covers).toMatch(
        /^(sample-file|shard)$/,
      );

    const after = await outputs("after");
    expect(after.markdown).toBe(before.markdown);
    expect(after.json).toBe(before.json);
    expect(after.site).toEqual(before.site);
  }, 180_000);

  it("uses another calibration only when chosen, names it everywhere, and shows no total it cannot make", async () => {
    const report = await census("report", "--catalog", copy.dir, "--calibration", calibrationId);
    expect(report.code).toBe(0);
    expect(report.stdout).toContain(
      `Calibration: **${calibrationId}** (chosen with --calibration instead of the shipped one)`,
    );
    expect(report.stdout).toContain("**Warning**: calibration");
    expect(report.stdout).not.toMatch(/\b0 \(0–0\)/);
    expect(report.stdout).toContain("measured: r50k_base (GPT-3's tokenizer) | measured: o200k_base |");
    expect(report.stdout).not.toContain("measured: llama3");

    const byFile = await census(
      "report",
      "--json",
      "--catalog",
      copy.dir,
      "--calibration",
      join(copy.dir, "measurements", `${calibrationId}.json`),
    );
    expect(JSON.parse(byFile.stdout).generatedFrom.calibration).toBe(calibrationId);
    const lacking = await census(
      "report",
      "--catalog",
      copy.dir,
      "--calibration",
      calibrationId,
      "--tokenizer",
      "llama3",
    );
    expect(lacking.code).toBe(2);
    expect(lacking.stderr).toContain(`no calibrated ratios for "llama3" in calibration ${calibrationId}`);
    expect((await census("report", "--catalog", copy.dir, "--calibration", "calibration-nonesuch")).code).toBe(2);

    const site = join(work, "site-chosen");
    const published = await census("publish", "--out", site, "--catalog", copy.dir, "--calibration", calibrationId);
    expect(published.stdout).toContain(`token estimates from calibration ${calibrationId} (chosen with --calibration)`);
    for (const file of ["index.html", "corpora.csv", "corpora.json", "README.md"])
      expect(readFileSync(join(site, file), "utf8")).toContain(calibrationId);
  });
});
