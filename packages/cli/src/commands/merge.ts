import { defineCommand } from "../command-definition.js";
import { findShardFiles, MergeError, mergeShardFiles } from "@corpus-census/count";
import type { Output } from "../output.js";
import { UsageError } from "../usage-error.js";
import { countJson, renderCountTable } from "../count-output.js";

export const mergeDefinition = defineCommand({
  usage: "census merge <path...> [--json]",
  description: `Adds the shard results of one job (census count --shard K/N --out DIR) exactly, and prints the
same table or JSON as census count. Paths: shard-K-of-N.json files or directories holding them.
Refuses (exit 1) shards of different jobs (inputs, their sizes or ETags, tokenizers, options,
tool version, number of shards), naming what differs, and a set with a shard missing,
duplicated or incomplete, naming those shards.
`,
  options: {
    json: {
      type: "boolean",
      default: false,
      label: "--json",
      description: 'print {"total", "inputs", "job", "shards", ...} as census count --json does',
    },
    catalog: { type: "string" },
  },
  positionals: true,
  column: 12,
  run: ({ values, positionals }, out) => mergeCommand(values, positionals, out),
});

async function mergeCommand(values: { json: boolean }, positionals: string[], out: Output): Promise<number> {
  if (positionals.length === 0)
    throw new UsageError("census merge needs the shard result files or the directory that holds them");
  let merged;
  try {
    merged = mergeShardFiles(findShardFiles(positionals));
  } catch (error) {
    if (error instanceof MergeError) {
      out.stderr(`census merge: ${error.message}`);
      return 1;
    }
    throw error;
  }
  const { result, tokenizerSpecs, job } = merged;
  const wall = merged.shards.reduce((n, s) => Math.max(n, s.wallSeconds), 0);
  const cpu = merged.shards.reduce((n, s) => n + s.cpuSeconds, 0);
  if (values.json) {
    out.stdout(
      JSON.stringify(
        { ...countJson(result, tokenizerSpecs, job.tool), jobId: merged.jobId, job, shards: merged.shards },
        null,
        2,
      ),
    );
  } else {
    out.stdout(renderCountTable(result, tokenizerSpecs, job.options.morphemes));
    out.stdout(
      `Merged ${merged.shards.length} shards of job ${merged.jobId}: longest shard ${wall.toFixed(1)} s wall, ${cpu.toFixed(1)} s CPU in all.`,
    );
  }
  return result.inputs.every((r) => r.complete) ? 0 : 1;
}
