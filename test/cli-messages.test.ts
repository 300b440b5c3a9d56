import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { defaultWorkers } from "@corpus-census/count";
import { resolveTokenizer } from "@corpus-census/tokenizers";
import { REPO_ROOT, useTemporaryCache } from "./helpers/catalog-copy.js";
import { census, censusProcess } from "./helpers/run-cli.js";
import { countFixture as fixture } from "./helpers/samples.js";
import { truncateMiddle, displayWidth } from "../packages/cli/src/table.js";
import { describeError } from "../packages/cli/src/error-text.js";

beforeAll(() => {
  useTemporaryCache();
});

describe("census messages", () => {
  it("counts a run of 5 million letters without a split point, exactly (issue 26)", async () => {
    // An unwrapped DNA line: the pre-tokenizer scanners split it in linear time where V8's
    // regular expressions ran out of stack; tiktoken makes one token of every two bases
    // (packages/tokenizers/test/long-runs.test.ts checks that at lengths tiktoken can count).
    const dir = mkdtempSync(join(tmpdir(), "census-run-"));
    const file = join(dir, "dna.txt");
    writeFileSync(file, "ACGT".repeat(1_250_000));
    const result = await census("count", file, "--tokenizer", "r50k_base", "--workers", "1", "--json");
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as {
      inputs: { complete: boolean }[];
      total: { tokens: Record<string, number> };
    };
    expect(json.inputs[0]!.complete).toBe(true);
    expect(json.total.tokens.r50k_base).toBe(2_500_000);
  });

  it("says which input held a run too long for a pattern without a scanner, and that its documents were not counted", async () => {
    // A Split pattern the scanners do not know runs as a regular expression, whose backtracking
    // stack 5 million letters exhaust: the input ends INCOMPLETE with a reason a reader can act
    // on, never a bare stack message.
    const dir = mkdtempSync(join(tmpdir(), "census-run-"));
    const qwen3 = await resolveTokenizer("qwen3");
    if (qwen3.kind !== "tokenizer.json") throw new Error("qwen3 is a tokenizer.json");
    const json = JSON.parse(readFileSync(qwen3.path, "utf8"));
    json.pre_tokenizer.pretokenizers[0].pattern.Regex = "\\p{L}+|\\p{N}|[^\\p{L}\\p{N}]+";
    const tokenizer = join(dir, "tokenizer.json");
    writeFileSync(tokenizer, JSON.stringify(json));
    const file = join(dir, "dna.txt");
    writeFileSync(file, "ACGT".repeat(1_250_000));
    const result = await census("count", file, "--tokenizer", `file:${tokenizer}`, "--workers", "1");
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/INCOMPLETE/);
    expect(result.stdout).toContain(
      `${file}: counting failed: a document holds a run of characters without a split point too long`,
    );
  });

  it("names the part of an output path that is a file, not mkdir's EEXIST", async () => {
    const dir = mkdtempSync(join(tmpdir(), "census-out-"));
    const file = join(dir, "a-file");
    writeFileSync(file, "not a folder");
    const result = await census("count", fixture("sample.txt"), "--tokenizer", "r50k_base", "--out", file);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${file} is not a directory`);
    expect(result.stderr).not.toContain("EEXIST");
  });

  it("says which call failed when a system error has no path, never a question mark", () => {
    const full = Object.assign(new Error("ENOSPC: no space left on device, write"), {
      code: "ENOSPC",
      syscall: "write",
    });
    expect(describeError(full)).toBe("no space left on the device (write)");
    const named = Object.assign(new Error("x"), { code: "ENOENT", syscall: "open", path: "/a/b" });
    expect(describeError(named)).toBe("/a/b: no such file or directory");
  });

  it("prints its version, and a command's help with census help <command>", async () => {
    const version = await census("--version");
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^census \d+\.\d+\.\d+ /);
    const help = await census("help", "count");
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^census count <input\.\.\.> \[options\]/);
    expect((await census("help", "cuont")).stderr).toContain('unknown command "cuont"; did you mean "count"?');
  });

  it("states each default in the help as the option's default, once", async () => {
    const lineOf = (help: string, option: string) => help.split("\n").find((l) => l.trimStart().startsWith(option));
    const count = (await census("help", "count")).stdout;
    expect(lineOf(count, "--on-error MODE")).toMatch(
      /fail \| skip malformed records and report how many \(default fail\)$/,
    );
    expect(count).not.toContain("fail (default)");
    const workers = String(defaultWorkers());
    const estimate = (await census("help", "estimate")).stdout;
    expect(lineOf(estimate, "--workers N")).toMatch(
      new RegExp(`worker threads for counting \\(default ${workers}\\)$`),
    );
    const calibrate = (await census("help", "calibrate")).stdout;
    expect(lineOf(calibrate, "--workers N")).toMatch(new RegExp(`worker threads \\(default ${workers}\\)$`));
    expect(lineOf(calibrate, "--replicates N")).toMatch(
      /bootstrap resamples \(default 1000\) +--seed N \(default 1\)$/,
    );
  });

  it("suggests the option meant by a typo, in its own words rather than node's", async () => {
    const typo = await census("count", fixture("sample.txt"), "--tokeniser", "r50k_base");
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/^census count: unknown option --tokeniser; did you mean --tokenizer\?/);
    expect(typo.stderr).not.toContain("To specify a positional argument");
    const missing = await census("count", fixture("sample.txt"), "--workers");
    expect(missing.stderr).toMatch(/^census count: --workers needs a value/);
    const flag = await census("count", fixture("sample.txt"), "--json=yes");
    expect(flag.stderr).toMatch(/^census count: --json takes no value/);
    const positional = await census("tokenizers", "extra");
    expect(positional.stderr).toMatch(/^census tokenizers: unexpected argument "extra"/);
  });

  it("says what is wrong with a negative --sample, not that the argument is ambiguous", async () => {
    const { code, stderr } = await census("estimate", fixture("sample.txt"), "--sample", "-0.1");
    expect(code).toBe(2);
    expect(stderr).toMatch(/^census estimate: --sample: expected a fraction in \(0, 1\] such as 0\.05, got "-0\.1"/);
    expect(stderr).not.toContain("ambiguous");
  });

  it("names the flag, the value given and the values allowed of an enum option, before any input or tokenizer is read", async () => {
    // The input and the tokenizer do not exist: were either looked at first, that would be the error.
    const missing = ["/no/such/corpus.txt", "--tokenizer", "file:/no/such/tokenizer.json"];
    const cases: [string[], string][] = [
      [
        ["count", ...missing, "--format", "xml"],
        'census count: --format: unknown value "xml"; expected one of: text, lines, jsonl, parquet, mediawiki',
      ],
      [
        ["count", ...missing, "--wikitext", "html"],
        'census count: --wikitext: unknown value "html"; expected one of: raw, plain',
      ],
      [
        ["count", ...missing, "--on-error", "ignore"],
        'census count: --on-error: unknown value "ignore"; expected one of: fail, skip',
      ],
      [
        ["count", ...missing, "--encoding", "latin1"],
        'census count: --encoding: unknown value "latin1"; expected one of: auto, utf-8, shift_jis, euc-jp',
      ],
      [
        ["estimate", ...missing, "--sample", "0.1", "--format", "csv"],
        'census estimate: --format: unknown value "csv"; expected one of: text, lines, jsonl, parquet, mediawiki',
      ],
      [
        ["estimate", ...missing, "--sample", "0.1", "--encoding", "latin1"],
        'census estimate: --encoding: unknown value "latin1"; expected one of: auto, utf-8, shift_jis, euc-jp',
      ],
      [
        ["calibrate", "/no/such/sample.txt=en/web", "--tokenizer", "r50k_base", "--encoding", "latin1"],
        'census calibrate: --encoding: unknown value "latin1"; expected one of: auto, utf-8, shift_jis, euc-jp',
      ],
    ];
    for (const [argv, message] of cases) {
      const { code, stdout, stderr } = await census(...argv);
      expect(code, argv.join(" ")).toBe(2);
      expect(stdout).toBe("");
      expect(stderr.split("\n")[0]).toBe(message);
    }
    // A multiple enum option's comma-separated values are checked one by one, and the one at fault named.
    const list = await census("list", "--kind", "web-crawl,pictures");
    expect(list.code).toBe(2);
    expect(list.stderr).toMatch(/^census list: --kind: unknown value "pictures"; expected one of: /);
  });

  it("takes --catalog on every command, tokenizers included", async () => {
    const { code, stdout } = await census("tokenizers", "--catalog", join(REPO_ROOT, "catalog"));
    expect(code).toBe(0);
    expect(stdout).toContain("o200k_base");
  });

  it("reports a missing input once, in words, before resolving or loading any tokenizer", async () => {
    // The tokenizer does not exist either: were it resolved first, that would be the error.
    const { code, stdout, stderr } = await census(
      "count",
      "no-such-corpus.txt",
      fixture("sample.txt"),
      "--tokenizer",
      "file:/no/such/tokenizer.json",
    );
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toBe(
      `census count: no-such-corpus.txt: no such file or directory (looked for ${join(process.cwd(), "no-such-corpus.txt")})`,
    );
    expect(stderr).not.toContain("ENOENT");
  });

  it("names a missing file in words wherever one is read, not with Node's ENOENT", async () => {
    const manifest = await census("calibrate", "--manifest", "/no/such/manifest.json");
    expect(manifest.stderr).toMatch(
      /^census calibrate: --manifest \/no\/such\/manifest\.json: no such file or directory/,
    );
    const sample = await census("calibrate", "/no/such/sample.txt=en/web", "--tokenizer", "r50k_base");
    expect(sample.code).toBe(1);
    expect(sample.stderr).toBe("census calibrate: /no/such/sample.txt: no such file or directory");
    expect(sample.stdout).toBe("");
  });

  it("estimates an empty file as exactly nothing, not 0 – ∞", async () => {
    const dir = mkdtempSync(join(tmpdir(), "census-empty-"));
    writeFileSync(join(dir, "empty.txt"), "");
    const { code, stdout } = await census(
      "estimate",
      join(dir, "empty.txt"),
      "--sample",
      "0.1",
      "--tokenizer",
      "r50k_base",
    );
    expect(code).toBe(0);
    expect(stdout).not.toContain("∞");
    expect(stdout).toMatch(/tokens r50k_base\s+0\s+0 – 0/);
    expect(stdout).toContain("the input is empty");
  });

  it("cuts long input names in the middle, where the names of one corpus differ", async () => {
    const names = [
      "/data/corpora/mc4/ja/c4-ja.tfrecord-00012-of-01024.json.gz",
      "/data/corpora/mc4/ja/c4-ja.tfrecord-00013-of-01024.json.gz",
    ];
    const cut = names.map((n) => truncateMiddle(n, 30));
    expect(cut.map(displayWidth)).toEqual([30, 30]);
    expect(cut[0]).not.toBe(cut[1]);
    expect(cut[0]).toMatch(/^\/data\/.*….*-00012-of-01024\.json\.gz$/);
    expect(truncateMiddle("日本語のファイル名がとても長いコーパス.txt", 20)).toMatch(/^日本語.*….*\.txt$/);
    expect(displayWidth(truncateMiddle("日本語のファイル名がとても長いコーパス.txt", 20))).toBeLessThanOrEqual(20);
    const dir = mkdtempSync(join(tmpdir(), "census-a-rather-long-folder-name-for-the-table-"));
    const file = join(dir, "shard-00042.txt");
    writeFileSync(file, "one document\n");
    const table = await census("count", file, "--tokenizer", "r50k_base");
    expect(table.stdout.split("\n")[2]).toMatch(/^\S*…\S*shard-00042\.txt /);
  });
});

describe("census from another directory", () => {
  it("resolves paths against the directory pnpm was called from (INIT_CWD), not the repository", () => {
    const dir = mkdtempSync(join(tmpdir(), "census-user-dir-"));
    writeFileSync(join(dir, "mine.txt"), "a document of the user's own\n");
    // What `pnpm census count mine.txt` gives the script: it runs in the repository root.
    const viaPnpm = censusProcess(["count", "mine.txt", "--tokenizer", "r50k_base", "--json"], {
      INIT_CWD: dir,
      npm_lifecycle_event: "census",
      npm_package_name: "corpus-census",
    });
    expect(viaPnpm.stderr).toBe("");
    expect(viaPnpm.code).toBe(0);
    expect((JSON.parse(viaPnpm.stdout) as { total: { documents: number } }).total.documents).toBe(1);
    // Run directly (census on the PATH), or from another package's script, the working directory is the user's.
    const direct = censusProcess(["count", "mine.txt", "--tokenizer", "r50k_base"], {
      INIT_CWD: dir,
      npm_lifecycle_event: "count",
      npm_package_name: "someones-corpus",
    });
    expect(direct.code).toBe(1);
    expect(direct.stderr).toContain(`mine.txt: no such file or directory (looked for ${join(REPO_ROOT, "mine.txt")})`);
  });
});

describe("start-up", () => {
  it("keeps built tokenizer tables in the cache and counts the same from them", { timeout: 120_000 }, () => {
    const cache = mkdtempSync(join(tmpdir(), "census-startup-cache-"));
    const args = ["count", fixture("sample.txt"), "--tokenizer", "cl100k_base", "--json"];
    const cold = censusProcess(args, { CENSUS_CACHE_DIR: cache });
    expect(cold.code).toBe(0);
    expect(readdirSync(join(cache, "models")).filter((f) => f.endsWith(".model"))).toHaveLength(1);
    const warm = censusProcess(args, { CENSUS_CACHE_DIR: cache });
    expect(warm.code).toBe(0);
    const tokens = (r: { stdout: string }) =>
      (JSON.parse(r.stdout) as { total: { tokens: Record<string, number> } }).total.tokens;
    expect(tokens(warm)).toEqual(tokens(cold));
  });
});

describe("progress on a terminal", () => {
  // util-linux's script gives the CLI a terminal for stderr, as a user's shell does.
  const haveScript = existsSync("/usr/bin/script");
  const onTerminal = (args: string[]) => {
    const command = [process.execPath, join(REPO_ROOT, "packages/cli/dist/main.js"), ...args]
      .map((a) => `'${a}'`)
      .join(" ");
    const result = spawnSync("/usr/bin/script", ["-qec", command, "/dev/null"], {
      encoding: "utf8",
      env: process.env,
      cwd: REPO_ROOT,
    });
    return result.stdout.split(/[\r\n]/);
  };

  it.runIf(haveScript)("estimate and calibrate say how far they are", { timeout: 120_000 }, () => {
    const estimate = onTerminal(["estimate", fixture("sample.txt"), "--sample", "0.5", "--tokenizer", "r50k_base"]);
    expect(estimate.some((l) => /estimate: \d+ sampled documents counted, \d+ s/.test(l))).toBe(true);
    const out = join(mkdtempSync(join(tmpdir(), "census-calibrate-")), "m.json");
    const calibrate = onTerminal([
      "calibrate",
      `${fixture("sample.txt")}=en/web`,
      "--tokenizer",
      "r50k_base",
      "--replicates",
      "10",
      "--out",
      out,
    ]);
    expect(calibrate.some((l) => /calibrate: sample 1\/1 \(en\/web\) .*sample\.txt, \d+ s/.test(l))).toBe(true);
  });
});
