import { availableParallelism } from "node:os";

/** Threads beyond this many per core only take memory (each holds its own engine and tables). */
export const WORKERS_PER_CORE = 2;
/**
 * Input bytes per worker at least: text goes to the workers in chunks of 512 KiB and other
 * formats in batches of 256 KiB of text, so a worker more than one per 256 KiB has nothing to do.
 */
export const MIN_BYTES_PER_WORKER = 256 * 1024;

/**
 * The workers a count starts when `requested` were asked for (--workers): at most
 * WORKERS_PER_CORE per core, and, when the input's size is known, beyond one per core only one
 * per MIN_BYTES_PER_WORKER (up to the number of cores, a request is honoured: benchmarks
 * compare worker counts on small files). A count does not depend on its number of workers, so
 * the cap changes only time and memory; `note` says what was capped and why.
 */
export function capWorkers(
  requested: number,
  bytes: number | undefined,
  cores = availableParallelism(),
): { workers: number; note?: string } {
  const byCores = WORKERS_PER_CORE * cores;
  const byBytes = bytes === undefined ? Infinity : Math.max(cores, Math.ceil(bytes / MIN_BYTES_PER_WORKER));
  const workers = Math.max(1, Math.min(requested, byCores, byBytes));
  if (workers === requested) return { workers };
  const coreWords = `${cores} core${cores === 1 ? "" : "s"}`;
  const why =
    byBytes < byCores
      ? `one per core (${coreWords}), or one per ${MIN_BYTES_PER_WORKER / 1024} KiB of input if more (${bytes!.toLocaleString("en-US")} bytes)`
      : `${WORKERS_PER_CORE} per core, ${coreWords}`;
  return {
    workers,
    note: `--workers ${requested}: started ${workers} (at most ${why}; the counts do not depend on it)`,
  };
}
