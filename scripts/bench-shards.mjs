// The shards section of pnpm bench (`node scripts/bench.mjs --shards` runs it alone and writes its
// section of BENCHMARKS.md): census count of one ~100 MB file as 1, 2 and 4 shards, each shard a
// separate process with one worker (as a job array's tasks would be), all shards of a run at once;
// wall time of the run and the sum of the shards' CPU time (whole processes: start-up, planning,
// tokenizer loading and counting); then census merge of the shards, timed; and the projection for
// mC4-ja (782 GB) from the measured rate per CPU-second.
import { spawn, spawnSync } from "node:child_process";
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";

const REPORT_CPU = `data:text/javascript,process.on("exit",()=>{const u=process.resourceUsage();process.stderr.write("\\ncpu-us "+(u.userCPUTime+u.systemCPUTime)+"\\n")})`;

// The CPU of a whole process as its parent sees it when it ends (wait4's rusage, via GNU time), else as it reports it at exit.
const TIME = existsSync("/usr/bin/time") ? ["/usr/bin/time", "-f", "cpu-s %U %S"] : [];
const cpuOf = (stderr) => {
  const timed = /cpu-s ([\d.]+) ([\d.]+)/.exec(stderr);
  return timed ? Number(timed[1]) + Number(timed[2]) : Number(/cpu-us (\d+)/.exec(stderr)[1]) / 1e6;
};

function runShard(root, file, tokenizers, k, n, out) {
  return new Promise((resolve, reject) => {
    const argv = [
      ...TIME,
      process.execPath,
      "--import",
      REPORT_CPU,
      join(root, "packages/cli/dist/main.js"),
      "count",
      file,
      "--tokenizer",
      tokenizers,
      "--workers",
      "1",
      "--shard",
      `${k}/${n}`,
      "--out",
      out,
    ];
    const child = spawn(argv[0], argv.slice(1), { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    child.on("exit", (code) => {
      if (code !== 0) reject(new Error(`shard ${k}/${n} failed: ${stderr}`));
      else resolve(cpuOf(stderr));
    });
  });
}

export async function benchShards(root, unique, tokenizers = "r50k_base,o200k_base,llama3") {
  const dir = mkdtempSync(join(tmpdir(), "census-bench-shards-"));
  const file = join(dir, "corpus.txt");
  const repeats = Math.ceil(100e6 / Buffer.byteLength(unique));
  writeFileSync(file, "");
  for (let i = 0; i < repeats; i++) appendFileSync(file, unique + "\n\n");
  const mb = statSync(file).size / 1e6;
  const runs = [];
  let reference;
  for (const n of [1, 2, 4]) {
    const out = join(dir, `out-${n}`);
    const start = process.hrtime.bigint();
    const cpu = await Promise.all(Array.from({ length: n }, (_, k) => runShard(root, file, tokenizers, k, n, out)));
    const wall = Number(process.hrtime.bigint() - start) / 1e9;
    const mergeStart = process.hrtime.bigint();
    const mergeArgv = [
      ...TIME,
      process.execPath,
      "--import",
      REPORT_CPU,
      join(root, "packages/cli/dist/main.js"),
      "merge",
      out,
      "--json",
    ];
    const merged = spawnSync(mergeArgv[0], mergeArgv.slice(1), { encoding: "utf8", maxBuffer: 1 << 24 });
    const mergeWall = Number(process.hrtime.bigint() - mergeStart) / 1e9;
    if (merged.status !== 0) throw new Error(`merge of ${n} shards failed: ${merged.stderr}`);
    const total = JSON.parse(merged.stdout).total;
    reference ??= total;
    if (JSON.stringify(total) !== JSON.stringify(reference))
      throw new Error(`${n} shards merge to ${JSON.stringify(total)}, 1 shard counted ${JSON.stringify(reference)}`);
    const cpuSum = cpu.reduce((a, b) => a + b, 0);
    const counting = [...Array(n).keys()].map(
      (k) => JSON.parse(readFileSync(join(out, `shard-0000${k}-of-0000${n}.json`), "utf8")).timing.cpuSeconds,
    );
    runs.push({
      shards: n,
      wall,
      cpu,
      counting,
      cpuSum,
      countingCpu: counting.reduce((a, b) => a + b, 0),
      mergeWall,
      mergeCpu: cpuOf(merged.stderr),
    });
    const r = runs.at(-1);
    console.log(
      `${n} shard(s) of ${mb.toFixed(0)} MB: ${r.wall.toFixed(1)} s wall, CPU ${r.cpuSum.toFixed(1)} s in all (${cpu.map((c) => c.toFixed(1)).join(" + ")}; counting ${counting.map((c) => c.toFixed(1)).join(" + ")}), merge ${r.mergeWall.toFixed(2)} s wall`,
    );
  }
  rmSync(dir, { recursive: true, force: true });
  return { mb, runs, tokenizers, tokens: reference.tokens };
}

const MC4_JA_GB = 782;

/** The section of BENCHMARKS.md. */
export function shardsSection(result, commit) {
  const { mb, runs, tokenizers } = result;
  const perCpuSecond = runs.map((r) => mb / r.cpuSum);
  const one = runs[0];
  const most = runs.at(-1);
  const hours = (rate, cores) => (MC4_JA_GB * 1000) / (rate * cores) / 3600;
  const projection = (rate) =>
    `${hours(rate, 1).toFixed(1)} hours on 1 core, ${hours(rate, 8).toFixed(1)} hours on 8, ${(hours(rate, 64) * 60).toFixed(0)} minutes on 64`;
  const startUp = runs.flatMap((r) => r.cpu.map((c, k) => c - r.counting[k]));
  return [
    "## Shards on one machine",
    "",
    `\`node scripts/bench.mjs --shards\` (commit ${commit}): \`census count FILE --tokenizer ${tokenizers} --workers 1 --shard K/N --out DIR\` on a ${mb.toFixed(0)} MB`,
    "text file (the samples, both languages, repeated), the N shards of a run started at once as separate processes, as a job array's tasks are;",
    "then `census merge DIR`. CPU is each whole process's as its parent sees it when it ends (GNU time: start-up, the plan, tokenizer loading",
    "and counting), summed over the shards; \"counting\" is the CPU the shards' result files record for the count itself. Every run's merged",
    `total was checked equal to the 1-shard count. This machine has 2 cores (1-minute load average ${loadavg()[0].toFixed(1)} when the runs ended; 2 means both busy):`,
    "N processes on 2 cores say little about N machines' wall time, the CPU sums are the figures to read.",
    "",
    "| shards | wall time | CPU, sum over shards | of which counting | MB of text per CPU-second | merge: wall | merge: CPU |",
    "|---:|---:|---:|---:|---:|---:|---:|",
    ...runs.map(
      (r, i) =>
        `| ${r.shards} | ${r.wall.toFixed(1)} s | ${r.cpuSum.toFixed(1)} s (${r.cpu.map((c) => c.toFixed(1)).join(" + ")}) | ${r.countingCpu.toFixed(1)} s | ${perCpuSecond[i].toFixed(2)} | ${r.mergeWall.toFixed(2)} s | ${r.mergeCpu.toFixed(2)} s |`,
    ),
    "",
    `The CPU sum grows with the number of shards on this machine (${one.cpuSum.toFixed(1)} s for 1, ${most.cpuSum.toFixed(1)} s for ${most.shards}): each shard process`,
    `loads the tokenizers (${Math.min(...startUp).toFixed(1)}–${Math.max(...startUp).toFixed(1)} s of CPU outside the count), and keeps its own piece cache, which warms up on its own text`,
    "(the threads of one process share theirs; this text repeats, which flatters one process most), while on 2 cores the processes also",
    "compete for the processor's caches. A shard with a core (or a node) to itself and a share of gigabytes should count at the 1-shard",
    `rate; the ${most.shards}-shard rate is a pessimistic bound. The merge reads one small JSON file per shard: its cost does not grow with the corpus.`,
    "",
    `Projection for mC4-ja (${MC4_JA_GB} GB), these three tokenizers at once: at the 1-shard rate (${perCpuSecond[0].toFixed(2)} MB of text per CPU-second)`,
    `**${projection(perCpuSecond[0])}**; at the ${most.shards}-shard rate (${perCpuSecond.at(-1).toFixed(2)}), ${projection(perCpuSecond.at(-1))}.`,
    `It assumes: ${MC4_JA_GB} GB of UTF-8 text counted at the rate of this mixed Japanese and English text (Japanese alone counts slower per MB:`,
    "see the first table); cores as fast as these (census count end to end above, one process whose workers share their piece caches,",
    `reached more per worker); shards of equal size, one per core, started together; input that keeps up (64 cores at the 1-shard rate read`,
    `about ${(perCpuSecond[0] * 64).toFixed(0)} MB/s of text in all, from a shared file system or the network); gunzip of a .json.gz adds its CPU (about 4 ms per`,
    "MB of output here); and the time scales roughly with the number of tokenizers counted at once.",
    "",
  ];
}
