import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync, copyFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "./helpers/catalog-copy.js";
import { censusProcess } from "./helpers/run-cli.js";
import { COUNT_FIXTURES } from "./helpers/samples.js";
import { seededRandom } from "./helpers/random-text.js";

/**
 * A real engine: a 4-task Slurm job array runs the example script the repository ships, then
 * census merge adds the shards, and the sum equals one process's count. The cluster is the one
 * scripts/slurm-local.sh starts (.ci/run does); without one the test is skipped, except in CI
 * (CI=true), where a missing cluster is a failure.
 */
const SLURM_CONF = process.env.SLURM_CONF ?? "/tmp/census-slurm/slurm.conf";
const env = { ...process.env, SLURM_CONF };

function clusterProblem(): string | undefined {
  if (!existsSync(SLURM_CONF))
    return `no Slurm configuration at ${SLURM_CONF} (start one with scripts/slurm-local.sh start)`;
  const sinfo = spawnSync("sinfo", ["-h", "-o", "%t"], { env, encoding: "utf8", timeout: 15_000 });
  if (sinfo.error) return `sinfo cannot run (${sinfo.error.message})`;
  if (sinfo.status !== 0) return `sinfo fails: ${sinfo.stderr.trim()}`;
  if (!/^(idle|mix|alloc)/m.test(sinfo.stdout)) return `no node is up (sinfo: ${sinfo.stdout.trim()})`;
  return undefined;
}

const problem = clusterProblem();
if (problem && !process.env.CI) console.warn(`slurm-array.test.ts skipped: ${problem}`);

describe.skipIf(problem !== undefined && !process.env.CI)("a Slurm job array counts a corpus in shards", () => {
  it("sbatch --array=0-3 --wait of examples/slurm/count-array.sh, then census merge, equals one count", {
    timeout: 300_000,
  }, () => {
    expect(problem, "CI runs this test on the cluster that .ci/run starts").toBeUndefined();
    const dir = mkdtempSync(join(tmpdir(), "census-slurm-test-"));
    chmodSync(dir, 0o755);
    const corpus = join(dir, "corpus");
    // A large text file (cut into byte ranges), compressed files and JSON Lines (each whole).
    const random = seededRandom(5);
    const words = ["東京", "は", "日本語", "です。", "corpus", "token", "the", "cluster"];
    const big = Array.from({ length: 4000 }, () =>
      Array.from({ length: 30 }, () => words[Math.floor(random() * words.length)]).join(" "),
    ).join("\n\n");
    spawnSync("mkdir", ["-p", corpus]);
    writeFileSync(join(corpus, "big.txt"), big + "\n");
    for (const name of ["sample-a.bin", "sample-b.bin", "sample.jsonl", "sample.txt"])
      copyFileSync(join(COUNT_FIXTURES, name), join(corpus, name));
    const out = join(dir, "out");
    const cli = `${process.execPath} ${join(REPO_ROOT, "packages/cli/dist/main.js")}`;
    const submit = spawnSync(
      "sbatch",
      [
        "--array=0-3",
        "--wait",
        "--cpus-per-task=1",
        `--output=${join(dir, "task-%a.out")}`,
        `--chdir=${REPO_ROOT}`,
        join(REPO_ROOT, "examples/slurm/count-array.sh"),
        out,
        corpus,
        "--tokenizer",
        "r50k_base",
      ],
      { env: { ...env, CENSUS: cli }, encoding: "utf8", timeout: 280_000 },
    );
    const logs = [0, 1, 2, 3]
      .map((k) =>
        existsSync(join(dir, `task-${k}.out`)) ? readFileSync(join(dir, `task-${k}.out`), "utf8") : "(no log)",
      )
      .join("\n---\n");
    expect(submit.status, `sbatch: ${submit.stdout}${submit.stderr}\n${logs}`).toBe(0);
    const merged = censusProcess(["merge", out, "--json"]);
    expect(merged.code, merged.stderr).toBe(0);
    const whole = censusProcess(["count", corpus, "--tokenizer", "r50k_base", "--json"]);
    expect(whole.code, whole.stderr).toBe(0);
    const m = JSON.parse(merged.stdout);
    const w = JSON.parse(whole.stdout);
    expect(m.total).toEqual(w.total);
    expect(m.shards.map((s: { index: number }) => s.index)).toEqual([0, 1, 2, 3]);
    const byName = (inputs: { input: string; counts: unknown }[]) =>
      Object.fromEntries(inputs.map((i) => [i.input, i.counts]));
    expect(byName(m.inputs)).toEqual(byName(w.inputs));
    // The big file was shared: more than one shard counted a part of it.
    const shardsWithBig = [0, 1, 2, 3].filter((k) =>
      readFileSync(join(out, `shard-0000${k}-of-00004.json`), "utf8").includes("big.txt"),
    );
    expect(shardsWithBig.length).toBeGreaterThan(1);
  });
});
