import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { FORMATS } from "../formats/detect.js";
import { CUTTABLE_FORMATS } from "./boundary-cut.js";
import type { CountResult } from "../count-inputs.js";
import type { TokenizerSpec } from "@corpus-census/tokenizers";
import { jobDifferences, jobId, type JobIdentity } from "./job.js";
import { shardFileName, type ShardSpec } from "./shard-spec.js";

const count = z.number().int().nonnegative();
const CountsSchema = z.object({
  documents: count,
  bytes: count,
  chars: count,
  whitespaceWords: count,
  tokens: z.record(z.string(), count),
  morphemes: count.optional(),
  inputBytes: count,
  invalidUtf8: count,
  skippedRecords: count,
});

const InputResultSchema = z.object({
  input: z.string(),
  range: z.object({ start: count, end: count, format: z.enum(CUTTABLE_FORMATS) }).optional(),
  format: z.enum(FORMATS).optional(),
  compression: z.enum(["none", "gzip", "bzip2", "xz", "zstd"]).optional(),
  complete: z.boolean(),
  error: z.string().optional(),
  firstSkipped: z.string().optional(),
  counts: CountsSchema,
});

const JobSchema = z.object({
  inputs: z.array(
    z.object({
      input: z.string(),
      size: count.nullable(),
      etag: z.string().optional(),
      lastModified: z.string().optional(),
      mtime: z.string().optional(),
      ends: z.string().optional(),
    }),
  ),
  tokenizers: z.array(z.object({ id: z.string(), sha256: z.string() })),
  options: z.object({
    format: z.string().nullable(),
    field: z.string().nullable(),
    wikitext: z.string(),
    encoding: z.string(),
    onError: z.string(),
    morphemes: z.boolean(),
  }),
  tool: z.object({ name: z.string(), version: z.string() }),
  shards: z.number().int().positive(),
});

const TokenizerSpecSchema = z.union([
  z.object({ id: z.string(), kind: z.literal("tiktoken"), encoding: z.string() }),
  z.object({ id: z.string(), kind: z.literal("tokenizer.json"), path: z.string(), configPath: z.string().optional() }),
  z.object({ id: z.string(), kind: z.literal("sentencepiece-model"), path: z.string() }),
]);

const SHARD_RESULT_KIND = "corpus-census/shard-result";

export const ShardResultSchema = z.object({
  kind: z.literal(SHARD_RESULT_KIND),
  jobId: z.string(),
  job: JobSchema,
  shard: z.object({ index: count, count: z.number().int().positive() }),
  /** True only when every item of the shard was counted to its end. */
  complete: z.boolean(),
  items: z.array(InputResultSchema),
  total: CountsSchema,
  segmentBytes: count.optional(),
  tokenizerSpecs: z.array(TokenizerSpecSchema),
  timing: z.object({
    startedAt: z.string(),
    finishedAt: z.string(),
    wallSeconds: z.number().nonnegative(),
    cpuSeconds: z.number().nonnegative(),
  }),
  /** Present when the shard went on from a checkpoint: how far that was. */
  resumed: z.object({ items: count, offset: count }).optional(),
});
export type ShardResult = z.infer<typeof ShardResultSchema>;

export class ShardFileError extends Error {
  override name = "ShardFileError";
}

export function readShardResult(path: string): ShardResult {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new ShardFileError(`${path}: not a readable JSON file (${(error as Error).message})`);
  }
  const parsed = ShardResultSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ShardFileError(
      `${path}: not a census shard result: field ${issue.path.join(".") || "(root)"}: ${issue.message}`,
    );
  }
  if (parsed.data.jobId !== jobId(parsed.data.job))
    throw new ShardFileError(
      `${path}: its jobId ${parsed.data.jobId} does not match its job description (edited by hand?)`,
    );
  return parsed.data;
}

export function shardResultPath(dir: string, spec: ShardSpec): string {
  return join(dir, shardFileName(spec));
}

/** The complete result of this shard of this job in `dir`, if there is one; a result of another job is an error. */
export function existingResult(dir: string, spec: ShardSpec, id: string, job?: JobIdentity): ShardResult | undefined {
  const path = shardResultPath(dir, spec);
  if (!existsSync(path)) return undefined;
  const result = readShardResult(path);
  if (result.jobId !== id) {
    const differences = job ? jobDifferences(result.job, job) : [];
    throw new ShardFileError(
      `${path} holds shard ${result.shard.index}/${result.shard.count} of another job (${result.jobId}, this one is ${id}${differences.length > 0 ? `: ${differences.join("; ")}` : ""}); use another --out directory or remove it`,
    );
  }
  return result.complete ? result : undefined;
}

export function buildShardResult(
  job: JobIdentity,
  spec: ShardSpec,
  result: CountResult,
  specs: TokenizerSpec[],
  timing: ShardResult["timing"],
  resumed?: ShardResult["resumed"],
): ShardResult {
  return {
    kind: SHARD_RESULT_KIND,
    jobId: jobId(job),
    job,
    shard: { index: spec.index, count: spec.count },
    complete: result.inputs.every((r) => r.complete),
    items: result.inputs as ShardResult["items"],
    total: result.total,
    ...(result.segmentBytes !== undefined ? { segmentBytes: result.segmentBytes } : {}),
    tokenizerSpecs: specs,
    timing,
    ...(resumed ? { resumed } : {}),
  };
}
