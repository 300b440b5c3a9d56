import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "./helpers/catalog-copy.js";

const require = createRequire(import.meta.url);
const tiktoken = require("tiktoken") as typeof import("tiktoken");

/**
 * The workspace packed and installed with npm, as a user installs it, outside the repository.
 * npm runs with --offline: the test never downloads. .ci/run warms npm's cache first (an
 * online install of the same tarballs); where the cache is cold the test is skipped, unless
 * CENSUS_INSTALL_TEST=required (CI), where it fails.
 */
const NATIVE = "better-sqlite3,zstd-napi";
const TEXT = "吾輩は猫である。名前はまだ無い。The quick brown fox jumps over the lazy dog, 2024年に。";

function npm(args: string[], cwd: string) {
  // build_from_source: prebuild-install would try to download a prebuilt binary; node-gyp builds
  // from the package's sources with the headers of the Node that runs it, offline.
  return spawnSync("npm", [...args, "--offline", "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, npm_config_build_from_source: "true", npm_config_update_notifier: "false" },
  });
}

describe("installed from tarballs", () => {
  it("runs census outside the repository, and a project imports @corpus-census/tokenizers", {
    timeout: 900_000,
  }, (ctx) => {
    const work = mkdtempSync(join(tmpdir(), "census-install-"));
    const packs = join(work, "packs");
    const listed = execFileSync(process.execPath, [join(REPO_ROOT, "scripts/pack-workspace.mjs"), packs], {
      encoding: "utf8",
    });
    const tarballs = listed.trim().split("\n");
    expect(tarballs).toHaveLength(8);

    // The CLI, globally (into its own prefix), as the README says; strict: an install script not
    // allowed by --allow-scripts would fail the install rather than run with a warning.
    const prefix = join(work, "global");
    // npm 11.19's strict-allow-scripts preflight reads <prefix>/lib before an install creates it.
    mkdirSync(join(prefix, "lib", "node_modules"), { recursive: true });
    const global = npm(
      ["install", "-g", "--prefix", prefix, `--allow-scripts=${NATIVE}`, "--strict-allow-scripts", ...tarballs],
      work,
    );
    if (global.status !== 0 && /ENOTCACHED/.test(global.stderr) && process.env.CENSUS_INSTALL_TEST !== "required") {
      ctx.skip(`npm's cache lacks the dependencies (warm it as .ci/run does): ${global.stderr.split("\n")[0]}`);
    }
    expect(global.stderr, "npm install -g").toBe("");
    expect(global.status).toBe(0);

    const user = join(work, "user");
    mkdirSync(user);
    const census = (...args: string[]) =>
      spawnSync(join(prefix, "bin", "census"), args, { cwd: user, encoding: "utf8" });
    const version = census("--version");
    const ours = (JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;
    expect(version.stdout).toMatch(new RegExp(`^census ${ours.replace(/\./g, "\\.")} `));

    writeFileSync(join(user, "doc.txt"), TEXT);
    const counted = census("count", "doc.txt", "--tokenizer", "cl100k_base,o200k_base", "--json");
    expect(counted.stderr).toBe("");
    const tokens = (JSON.parse(counted.stdout) as { total: { tokens: Record<string, number> } }).total.tokens;
    for (const encoding of ["cl100k_base", "o200k_base"] as const) {
      const reference = tiktoken.get_encoding(encoding);
      expect(tokens[encoding], encoding).toBe(reference.encode_ordinary(TEXT).length);
      reference.free();
    }

    const report = census("report");
    expect(report.status, report.stderr).toBe(0);
    expect(report.stdout).toContain("calibration-corpus-samples");

    // The counters as a library, in a project of its own.
    const project = join(work, "project");
    mkdirSync(project);
    writeFileSync(
      join(project, "package.json"),
      JSON.stringify({ name: "uses-tokenizers", private: true, type: "module" }),
    );
    const library = tarballs.filter((t) => /corpus-census-(tokenizers|common)-/.test(t));
    const installed = npm(["install", ...library], project);
    expect(installed.status, installed.stderr).toBe(0);
    writeFileSync(
      join(project, "count.mjs"),
      `import { loadTokenizer } from "@corpus-census/tokenizers";\nconst t = await loadTokenizer("o200k_base");\nconsole.log(t.count(process.argv[2]));\n`,
    );
    const script = spawnSync(process.execPath, ["count.mjs", TEXT], { cwd: project, encoding: "utf8" });
    expect(script.stderr).toBe("");
    const reference = tiktoken.get_encoding("o200k_base");
    expect(Number(script.stdout.trim())).toBe(reference.encode_ordinary(TEXT).length);
    reference.free();
  });
});
