import { countItems, type CountOptions } from "../count-inputs.js";
import { expandInputs } from "../input/expand.js";
import { cuttableFormat, describeInputs, planShards, type WorkItem } from "./plan.js";
import { jobId, tokenizerDigest, type JobIdentity } from "./job.js";
import { buildShardResult, existingResult, shardResultPath, writeAtomically, type ShardResult } from "./result-file.js";
import type { ShardSpec } from "./shard-spec.js";
import type { CuttableFormat } from "./boundary-cut.js";

export interface ShardCountOptions extends CountOptions {
  shard: ShardSpec;
  /** Where the shard's result file goes; without it the result is only returned. */
  outDir?: string;
  tool: { name: string; version: string };
}

export type ShardOutcome =
  | { done: "before"; path: string; result: ShardResult }
  | { done: "now"; path?: string; result: ShardResult; items: WorkItem[] };

/** The job these inputs and options make, and its plan: the same on every machine that runs one of its shards. */
export async function planJob(inputs: string[], options: Omit<ShardCountOptions, "shard"> & { shards: number }): Promise<{ job: JobIdentity; id: string; plan: WorkItem[][] }> {
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
    inputs: described.map(({ rangeable: _, ...input }) => input),
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
    const before = existingResult(options.outDir, shard, id);
    if (before) return { done: "before", path: shardResultPath(options.outDir, shard), result: before };
  }
  const items = plan[shard.index]!;
  const startedAt = new Date();
  const cpu = process.cpuUsage();
  const result = await countItems(items, options);
  const used = process.cpuUsage(cpu);
  const shardResult = buildShardResult(job, shard, result, options.tokenizers, {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    wallSeconds: (Date.now() - startedAt.getTime()) / 1000,
    cpuSeconds: (used.user + used.system) / 1e6,
  });
  if (!options.outDir) return { done: "now", result: shardResult, items };
  const path = shardResultPath(options.outDir, shard);
  writeAtomically(path, JSON.stringify(shardResult, null, 2) + "\n");
  return { done: "now", path, result: shardResult, items };
}
