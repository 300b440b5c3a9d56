import type { Counts } from "../counts.js";
import type { BatchResult } from "../workers/messages.js";

/**
 * Adds a worker's result to `counts`. `documents`: those that end in the batch; `wordJoins`: words
 * a segment boundary cut in two, which the worker counted twice.
 */
function addBatch(counts: Counts, batch: BatchResult, documents: number, wordJoins: number): void {
  counts.documents += documents;
  counts.bytes += batch.bytes;
  counts.chars += batch.chars;
  counts.whitespaceWords += batch.whitespaceWords - wordJoins;
  for (const [id, n] of Object.entries(batch.tokens)) counts.tokens[id] = (counts.tokens[id] ?? 0) + n;
  if (batch.morphemes !== undefined) counts.morphemes = (counts.morphemes ?? 0) + batch.morphemes;
}

/**
 * Batches handed to the workers and not counted yet: at most `limit` at once, so that reading
 * never runs far ahead of counting. Each result is added to `counts` as it arrives; the first
 * failure is kept and thrown by waitForRoom.
 */
export class Submissions {
  private readonly inFlight = new Set<Promise<void>>();
  /** The first batch that could not be counted. */
  failure: Error | undefined;

  constructor(
    private readonly counts: Counts,
    private readonly limit: number,
    /** Invalid UTF-8 in chunks, which the workers decode (a resumed count starts from its checkpoint's). */
    public chunksInvalidUtf8 = 0,
  ) {}

  /** `documents`: those that end in the batch, when the reading thread knows; else the worker's count. */
  submit(counting: Promise<BatchResult>, documents: number | undefined, wordJoins: number): void {
    const task = counting.then(
      (batch) => {
        this.chunksInvalidUtf8 += batch.invalidUtf8 ?? 0;
        addBatch(this.counts, batch, documents ?? batch.documents ?? 0, wordJoins);
      },
      (error: Error) => {
        this.failure ??= error;
      },
    );
    const tracked = task.finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  /** Waits until another batch may be submitted; throws the first failure. */
  async waitForRoom(): Promise<void> {
    while (this.inFlight.size >= this.limit) await Promise.race(this.inFlight);
    if (this.failure) throw this.failure;
  }

  /** Waits for every batch in flight; a failure stays in `failure`. */
  async settle(): Promise<void> {
    await Promise.all(this.inFlight);
  }
}
