/** Which share of a job this process does: K of N, K from 0. */
export interface ShardSpec {
  index: number;
  count: number;
}

export class ShardSpecError extends Error {
  override name = "ShardSpecError";
}

function whole(name: string, value: string | undefined): number {
  const n = Number(value);
  if (value === undefined || value.trim() === "" || !Number.isInteger(n) || n < 0)
    throw new ShardSpecError(
      `${name}: expected a whole number ≥ 0, got ${value === undefined ? "nothing" : `"${value}"`}`,
    );
  return n;
}

/**
 * `K/N`, or `auto`: from a Slurm job array (SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN of
 * SLURM_ARRAY_TASK_COUNT), a Kubernetes Indexed Job (JOB_COMPLETION_INDEX) or an AWS Batch array
 * job (AWS_BATCH_JOB_ARRAY_INDEX); the last two do not tell N, which `shards` (--shards) gives.
 */
export function parseShardSpec(
  value: string,
  shards: number | undefined,
  env: NodeJS.ProcessEnv = process.env,
): ShardSpec & { source: string } {
  let spec: ShardSpec;
  let source: string;
  if (value === "auto") {
    if (env.SLURM_ARRAY_TASK_ID !== undefined) {
      const id = whole("SLURM_ARRAY_TASK_ID", env.SLURM_ARRAY_TASK_ID);
      const min = env.SLURM_ARRAY_TASK_MIN === undefined ? 0 : whole("SLURM_ARRAY_TASK_MIN", env.SLURM_ARRAY_TASK_MIN);
      const count = shards ?? whole("SLURM_ARRAY_TASK_COUNT", env.SLURM_ARRAY_TASK_COUNT);
      spec = { index: id - min, count };
      source = `Slurm array task ${id} (min ${min}, count ${count})`;
    } else if (env.JOB_COMPLETION_INDEX !== undefined || env.AWS_BATCH_JOB_ARRAY_INDEX !== undefined) {
      const name = env.JOB_COMPLETION_INDEX !== undefined ? "JOB_COMPLETION_INDEX" : "AWS_BATCH_JOB_ARRAY_INDEX";
      if (shards === undefined)
        throw new ShardSpecError(
          `--shard auto: ${name} is set but does not tell how many shards there are; add --shards N (the job's completions or array size)`,
        );
      spec = { index: whole(name, env[name]), count: shards };
      source = `${name}=${env[name]} of --shards ${shards}`;
    } else {
      throw new ShardSpecError(
        "--shard auto: none of SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX or AWS_BATCH_JOB_ARRAY_INDEX is set; give --shard K/N",
      );
    }
  } else {
    const match = /^(\d+)\/(\d+)$/.exec(value.trim());
    if (!match) throw new ShardSpecError(`--shard: expected K/N (K from 0, e.g. 0/4) or auto, got "${value}"`);
    spec = { index: Number(match[1]), count: Number(match[2]) };
    if (shards !== undefined && shards !== spec.count)
      throw new ShardSpecError(`--shard ${value} and --shards ${shards} disagree on the number of shards`);
    source = `--shard ${value}`;
  }
  if (spec.count < 1) throw new ShardSpecError(`--shard: the number of shards must be at least 1, got ${spec.count}`);
  if (spec.index >= spec.count)
    throw new ShardSpecError(
      `--shard: shard ${spec.index} does not exist among ${spec.count} (K counts from 0 to ${spec.count - 1}); from ${source}`,
    );
  return { ...spec, source };
}

export function shardFileName(spec: ShardSpec): string {
  const width = Math.max(5, String(spec.count - 1).length);
  return `shard-${String(spec.index).padStart(width, "0")}-of-${String(spec.count).padStart(width, "0")}.json`;
}
