import { existsSync, readdirSync, statSync } from "node:fs";
import { describeLocalFile } from "./plan.js";
import { isUrl } from "../input/open.js";
import { join } from "node:path";
import { systemErrorText } from "@corpus-census/common";
import { addCounts, emptyCounts } from "../counts.js";
import type { CountResult, InputResult } from "../count-inputs.js";
import type { TokenizerSpec } from "@corpus-census/tokenizers";
import { jobDifferences, type JobIdentity } from "./job.js";
import { readShardResult, ShardFileError, type ShardResult } from "./result-file.js";

export class MergeError extends Error {
  override name = "MergeError";
}

const SHARD_FILE = /^shard-\d+-of-\d+\.json$/;

/** The shard result files among `paths`: files as given, directories' shard-K-of-N.json files. */
export function findShardFiles(paths: string[]): string[] {
  const out: string[] = [];
  for (const path of paths) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch (error) {
      throw new MergeError(`${path}: ${systemErrorText(error)}`);
    }
    if (!isDirectory) {
      out.push(path);
      continue;
    }
    const files = readdirSync(path)
      .filter((name) => SHARD_FILE.test(name))
      .sort();
    if (files.length === 0)
      throw new MergeError(`${path}: no shard result files (shard-K-of-N.json) in this directory`);
    out.push(...files.map((name) => join(path, name)));
  }
  return out;
}

interface MergedCount {
  jobId: string;
  job: JobIdentity;
  result: CountResult;
  tokenizerSpecs: TokenizerSpec[];
  shards: { file: string; index: number; wallSeconds: number; cpuSeconds: number }[];
}

/**
 * Adds the shards of one job exactly. Refuses shards of different jobs (naming what differs),
 * and a set with a shard missing, twice, or incomplete.
 */
export function mergeShardFiles(files: string[]): MergedCount {
  if (files.length === 0) throw new MergeError("no shard result files to merge");
  const shards: { file: string; result: ShardResult }[] = [];
  for (const file of files) {
    try {
      shards.push({ file, result: readShardResult(file) });
    } catch (error) {
      if (error instanceof ShardFileError) throw new MergeError(error.message);
      throw error;
    }
  }
  const first = shards[0]!;
  const problems: string[] = [];
  for (const other of shards.slice(1)) {
    if (other.result.jobId === first.result.jobId) continue;
    const what = jobDifferences(first.result.job, other.result.job);
    problems.push(
      `${other.file} is of another job than ${first.file} (${other.result.jobId} vs ${first.result.jobId}): ${what.join("; ") || "their job descriptions differ"}`,
    );
  }
  if (problems.length > 0)
    throw new MergeError(`refusing to add shards of different jobs:\n  ${problems.join("\n  ")}`);
  const count = first.result.job.shards;
  const byIndex = new Map<number, string[]>();
  for (const { file, result } of shards)
    byIndex.set(result.shard.index, [...(byIndex.get(result.shard.index) ?? []), file]);
  const missing = Array.from({ length: count }, (_, k) => k).filter((k) => !byIndex.has(k));
  if (missing.length > 0)
    problems.push(
      `missing shard${missing.length > 1 ? "s" : ""} ${describeIndexes(missing)} of ${count} (0 to ${count - 1})`,
    );
  for (const [index, list] of [...byIndex].sort(([a], [b]) => a - b)) {
    if (list.length > 1) problems.push(`shard ${index} appears ${list.length} times: ${list.join(", ")}`);
  }
  for (const { file, result } of shards) {
    if (!result.complete) {
      const errors = result.items.filter((i) => !i.complete).map((i) => i.error ?? `${i.input}: incomplete`);
      problems.push(`shard ${result.shard.index} (${file}) is incomplete: ${errors.join("; ")}`);
    }
  }
  problems.push(...changedInputs(first.result.job));
  if (problems.length > 0) throw new MergeError(`cannot merge job ${first.result.jobId}:\n  ${problems.join("\n  ")}`);

  const ids = first.result.job.tokenizers.map((t) => t.id);
  const morphemes = first.result.job.options.morphemes;
  const perInput = new Map<string, InputResult>();
  for (const input of first.result.job.inputs)
    perInput.set(input.input, { input: input.input, complete: true, counts: emptyCounts(ids, morphemes) });
  const total = emptyCounts(ids, morphemes);
  let segmentBytes: number | undefined;
  for (const { file, result } of [...shards].sort((a, b) => a.result.shard.index - b.result.shard.index)) {
    addCounts(total, result.total);
    segmentBytes ??= result.segmentBytes;
    for (const item of result.items) {
      const into = perInput.get(item.input);
      if (!into)
        throw new MergeError(
          `shard ${result.shard.index} (${file}) counted ${item.input}, which is not among its job's inputs`,
        );
      addCounts(into.counts, item.counts);
      into.format ??= item.format;
      into.compression ??= item.compression;
      into.complete &&= item.complete;
      if (item.firstSkipped) into.firstSkipped ??= item.firstSkipped;
    }
  }
  // The byte ranges of a cut input tile it: together they read each of its bytes once.
  const rangeBytes = new Map<string, number>();
  for (const { result } of shards)
    for (const item of result.items)
      if (item.range) rangeBytes.set(item.input, (rangeBytes.get(item.input) ?? 0) + item.counts.inputBytes);
  for (const input of first.result.job.inputs) {
    const read = rangeBytes.get(input.input);
    if (read !== undefined && input.size !== null && read !== input.size) {
      throw new MergeError(
        `${input.input}: its shards read ${read.toLocaleString("en-US")} bytes of its ${input.size.toLocaleString("en-US")} (the file changed while it was counted?)`,
      );
    }
  }
  return {
    jobId: first.result.jobId,
    job: first.result.job,
    result: { total, inputs: [...perInput.values()], segmentBytes },
    tokenizerSpecs: first.result.tokenizerSpecs,
    shards: shards
      .map(({ file, result }) => ({
        file,
        index: result.shard.index,
        wallSeconds: result.timing.wallSeconds,
        cpuSeconds: result.timing.cpuSeconds,
      }))
      .sort((a, b) => a.index - b.index),
  };
}

/**
 * The local inputs of a job that are here and no longer what its shards counted (size,
 * modification time or ends): their counts are stale. An input not found here (merged on
 * another machine) is taken as counted.
 */
function changedInputs(job: JobIdentity): string[] {
  const out: string[] = [];
  for (const input of job.inputs) {
    if (input.mtime === undefined || isUrl(input.input) || !existsSync(input.input)) continue;
    let now;
    try {
      now = describeLocalFile(input.input);
    } catch {
      continue;
    }
    const what = [
      ...(input.size !== now.size ? [`size ${input.size} → ${now.size}`] : []),
      ...(input.mtime !== now.mtime ? [`modified ${input.mtime} → ${now.mtime}`] : []),
      ...(input.ends !== undefined && input.ends !== now.ends ? ["its first or last 64 KiB differ"] : []),
    ];
    if (what.length > 0)
      out.push(`${input.input}: changed since its shards were counted (${what.join(", ")}); count them again`);
  }
  return out;
}

/** 0, 2-5, 9 */
function describeIndexes(indexes: number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < indexes.length; ) {
    let j = i;
    while (j + 1 < indexes.length && indexes[j + 1] === indexes[j]! + 1) j++;
    runs.push(j === i ? String(indexes[i]) : `${indexes[i]}-${indexes[j]}`);
    i = j + 1;
  }
  return runs.join(", ");
}
