import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { countItems, type CheckpointHooks, type CountOptions, type CountProgress } from "../count-inputs.js";
import { expandInputs } from "../input/expand.js";
import { cuttableFormat, describeInputs, planShards, type WorkItem } from "./plan.js";
import { jobId, tokenizerDigest, type JobIdentity } from "./job.js";
import { buildShardResult, existingResult, shardResultPath, type ShardResult } from "./result-file.js";
import { writeAtomically } from "@corpus-census/common";
import { shardFileName, type ShardSpec } from "./shard-spec.js";
import type { CuttableFormat } from "./boundary-cut.js";
import { redactCredentials } from "@corpus-census/common";

interface ShardCountOptions extends CountOptions {
  shard: ShardSpec;
  /** Where the shard's result file goes; without it the result is only returned. */
  outDir?: string;
  tool: { name: string; version: string };
  /** With outDir: save a checkpoint this often (ms of counting; default 5000). */
  checkpointMs?: number;
}

type ShardOutcome =
  | { done: "before"; path: string; result: ShardResult }
  | { done: "now"; path?: string; result: ShardResult; items: WorkItem[] };

/** The job these inputs and options make, and its plan: the same on every machine that runs one of its shards. */
async function planJob(
  inputs: string[],
  options: Omit<ShardCountOptions, "shard"> & { shards: number },
): Promise<{ job: JobIdentity; id: string; plan: WorkItem[][] }> {
  const names = [...new Set(await expandInputs(inputs))].sort();
  const described = await describeInputs(names);
  const total = described.reduce((n, d) => n + (d.size ?? 0), 0);
  const cutFormats = new Map<string, CuttableFormat>();
  if (options.shards > 1) {
    for (const d of described) {
      if (!d.rangeable || d.size === null || d.size <= total / options.shards) continue;
      const format = await cuttableFormat(d.input, options.format);
      if (format) cutFormats.set(d.input, format);
    }
  }
  const plan = planShards(described, options.shards, cutFormats);
  const job: JobIdentity = {
    // Named as the results name them: without a URL's credentials.
    inputs: described.map(({ rangeable: _, ...input }) => ({ ...input, input: redactCredentials(input.input) })),
    tokenizers: options.tokenizers.map((spec) => ({ id: spec.id, sha256: tokenizerDigest(spec) })),
    options: {
      format: options.format ?? null,
      field: options.field ?? null,
      wikitext: options.wikitext,
      encoding: options.encoding,
      onError: options.onError,
      morphemes: options.morphemes,
    },
    tool: options.tool,
    shards: options.shards,
  };
  return { job, id: jobId(job), plan };
}

/**
 * Counts shard K of N of a job: a deterministic share of the inputs (plan.ts), written as one
 * result file (atomically) into `outDir`. A shard whose complete result is already there is not
 * counted again.
 */
export async function countShard(inputs: string[], options: ShardCountOptions): Promise<ShardOutcome> {
  const { shard } = options;
  const { job, id, plan } = await planJob(inputs, { ...options, shards: shard.count });
  if (options.outDir) {
    const before = existingResult(options.outDir, shard, id, job);
    if (before) return { done: "before", path: shardResultPath(options.outDir, shard), result: before };
  }
  const items = plan[shard.index]!;
  const checkpointPath = options.outDir
    ? join(options.outDir, shardFileName(shard).replace(/\.json$/, ".checkpoint.json"))
    : undefined;
  const resume = checkpointPath ? readCheckpoint(checkpointPath, id, items.length) : undefined;
  const checkpoint: CheckpointHooks | undefined = checkpointPath
    ? {
        everyMs: options.checkpointMs ?? 5000,
        resume,
        save: (progress) =>
          writeAtomically(
            checkpointPath,
            JSON.stringify({ kind: CHECKPOINT_KIND, jobId: id, shard, savedAt: new Date().toISOString(), progress }) +
              "\n",
          ),
      }
    : undefined;
  const startedAt = new Date();
  const cpu = process.cpuUsage();
  const result = await countItems(items, { ...options, checkpoint });
  const used = process.cpuUsage(cpu);
  const shardResult = buildShardResult(
    job,
    shard,
    result,
    options.tokenizers,
    {
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      wallSeconds: (Date.now() - startedAt.getTime()) / 1000,
      cpuSeconds: (used.user + used.system) / 1e6,
    },
    resume ? { items: resume.done.length, offset: resume.current?.offset ?? 0 } : undefined,
  );
  if (!options.outDir) return { done: "now", result: shardResult, items };
  const path = shardResultPath(options.outDir, shard);
  writeAtomically(path, JSON.stringify(shardResult, null, 2) + "\n");
  // An incomplete shard keeps its checkpoint: a relaunch goes on from there.
  if (shardResult.complete) rmSync(checkpointPath!, { force: true });
  return { done: "now", path, result: shardResult, items };
}

const CHECKPOINT_KIND = "corpus-census/shard-checkpoint";

/**
 * The progress a killed shard of this job saved, if any. A checkpoint of another job (the inputs
 * or options changed) is not used: the shard starts from zero and overwrites it.
 */
function readCheckpoint(path: string, id: string, items: number): CountProgress | undefined {
  if (!existsSync(path)) return undefined;
  let saved: { kind?: string; jobId?: string; progress?: CountProgress };
  try {
    saved = JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return undefined; // written atomically, so never half; unreadable means not ours
  }
  if (saved.kind !== CHECKPOINT_KIND || saved.jobId !== id || !saved.progress || !Array.isArray(saved.progress.done))
    return undefined;
  if (saved.progress.done.length > items || saved.progress.done.some((r) => !r.complete)) return undefined;
  return saved.progress;
}
