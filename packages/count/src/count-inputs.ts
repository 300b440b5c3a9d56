import { statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { addCounts, emptyCounts, type Counts } from "./counts.js";
import type { Compression } from "./input/decompress.js";
import type { TextEncodingName } from "./input/decode.js";
import { expandInputs, type MergedInput } from "./input/expand.js";
import type { Format } from "./formats/detect.js";
import { RecordError } from "./formats/record-error.js";
import { InputError, isUrl } from "./input/open.js";
import { openDocuments, type DocumentRange, type OpenedDocuments, type ReadOptions, type ReadTally } from "./reader.js";
import type { CounterDescription, TokenizerSpec } from "@corpus-census/tokenizers";
import { CountPool } from "./workers/pool.js";
import { capWorkers } from "./workers/cap.js";
import { redactCredentials } from "@corpus-census/common";
import type { TextChunk } from "./formats/text-chunks.js";
import { CheckpointTimer } from "./counting/checkpoint-timer.js";
import { DocumentBatcher } from "./counting/document-batcher.js";
import { ProgressThrottle } from "./counting/progress-throttle.js";
import { Submissions } from "./counting/submissions.js";

export interface CountOptions extends ReadOptions {
  tokenizers: TokenizerSpec[];
  morphemes: boolean;
  /** Worker threads; default: the number of cores, fewer for small local inputs (workersFor). */
  workers?: number;
  onProgress?: (progress: Progress) => void;
  /** Save progress as it goes, and go on from saved progress (a shard's checkpoints). */
  checkpoint?: CheckpointHooks;
}

/** How far a count got, at a document boundary: what a killed count resumes from. */
export interface CountProgress {
  /** Items counted to their end, in order. */
  done: InputResult[];
  /**
   * The next item, counted up to `offset` bytes of its UTF-8 text stream (text, lines and JSON
   * Lines); for JSON Lines also the lines before it and the records skipped in them.
   */
  current?: {
    offset: number;
    counts: Counts;
    invalidUtf8: number;
    format?: Format;
    compression?: Compression;
    line?: number;
    skipped?: number;
  };
}

export interface CheckpointHooks {
  /** How often to save, in ms of counting. */
  everyMs: number;
  save(progress: CountProgress): void;
  resume?: CountProgress;
}

export interface Progress {
  input: string;
  inputIndex: number;
  inputCount: number;
  inputBytes: number;
  size?: number;
  documents: number;
}

export interface InputResult {
  input: string;
  /** A share of the input: the documents that start in these bytes (shards/boundary-cut.ts). */
  range?: DocumentRange;
  format?: Format;
  compression?: Compression;
  /** The encoding the text was decoded from. */
  encoding?: TextEncodingName;
  /** Set when no encoding was given and the input was found not to be UTF-8: why. */
  encodingDetected?: string;
  /** False when reading stopped early; counts are then what was counted up to that point. */
  complete: boolean;
  error?: string;
  /** The first skipped record's problem, under --on-error skip. */
  firstSkipped?: string;
  counts: Counts;
}

export interface CountResult {
  total: Counts;
  inputs: InputResult[];
  /** UTF-8 bytes above which text/lines documents were counted in parts; undefined when they never are. */
  segmentBytes?: number;
  /** Worker threads used; 0: counted on the reading thread (an input smaller than a chunk, no --workers asked). */
  workers?: number;
  /** What the reader should know about how it was counted (a capped --workers, merged names). */
  notes?: string[];
  /** Files reached by several names, counted once (expandInputList). */
  merged?: MergedInput[];
  /** Which implementation counted each tokenizer (in the order of the options' tokenizers), and why; absent from merged shards. */
  counters?: CounterDescription[];
}

/** UTF-8 per chunk of text or lines input sent to a worker. */
const CHUNK_BYTES = 512 * 1024;
/** Text and lines documents longer than this many UTF-8 bytes are counted in parts when every tokenizer allows it (segment.ts). */
export const SEGMENT_BYTES = 1 << 20;

export function defaultWorkers(): number {
  return availableParallelism();
}

/**
 * Input bytes worth starting one more worker for: each costs about a quarter of a second
 * (its own engine, modules and counters) and counts 5–15 MB/s, so a small file is counted
 * sooner by one worker than by several (4 MiB; compressed inputs are counted at their size
 * on disk, which underrates them, by a factor that 4 MiB of headroom mostly covers).
 */
const BYTES_PER_WORKER = 4 << 20;

/** The size of the inputs when they are all local files; undefined for stdin or a URL. */
function localBytes(names: string[]): number | undefined {
  let total = 0;
  for (const name of names) {
    if (name === "-" || isUrl(name)) return undefined;
    try {
      total += statSync(name).size;
    } catch {
      return undefined;
    }
  }
  return total;
}

/** Workers for inputs of `bytes`: one per BYTES_PER_WORKER, up to the number of cores; all of them when the size is not known. */
function workersFor(bytes: number | undefined): number {
  if (bytes === undefined) return defaultWorkers();
  return Math.min(defaultWorkers(), Math.max(1, Math.ceil(bytes / BYTES_PER_WORKER)));
}

/**
 * Counts every input (files, directories, globs, URLs, stdin) and the total. Documents are
 * read on this thread and counted in worker threads; each input's counts are sums over its
 * documents, so they do not depend on the number of workers.
 */
export async function countInputs(inputs: string[], options: CountOptions): Promise<CountResult> {
  return countItems(
    (await expandInputs(inputs)).map((input) => ({ input })),
    options,
  );
}

/** One input to count, whole or a share of it. */
export interface CountItem {
  input: string;
  range?: DocumentRange;
}

/** Counts these inputs or shares of inputs, in order (countInputs without the expansion). */
export async function countItems(items: CountItem[], options: CountOptions): Promise<CountResult> {
  const ids = options.tokenizers.map((t) => t.id);
  // A share of a file is sized by its range, which this does not know: all cores then.
  const bytes = items.some((i) => i.range) ? undefined : localBytes(items.map((i) => i.input));
  const capped = options.workers === undefined ? undefined : capWorkers(options.workers, bytes);
  // Input of less than a chunk, when no --workers was asked for, is counted on this thread (0 workers).
  const workers = capped?.workers ?? (bytes !== undefined && bytes < CHUNK_BYTES ? 0 : workersFor(bytes));
  const smallInput = bytes !== undefined && bytes < BYTES_PER_WORKER;
  const pool = await CountPool.start(workers, { specs: options.tokenizers, morphemes: options.morphemes, smallInput });
  // The workers have parsed each tokenizer.json (8–33 MB); parsing it here again would cost this thread as much memory.
  const segmentBytes = options.segmentBytes ?? (pool.segmentable ? SEGMENT_BYTES : undefined);
  const readOptions = { ...options, segmentBytes };
  const checkpoint = options.checkpoint;
  const results: InputResult[] = checkpoint?.resume ? [...checkpoint.resume.done] : [];
  try {
    for (let i = results.length; i < items.length; i++) {
      const current =
        i === results.length && checkpoint?.resume?.current && checkpoint.resume.done.length === i
          ? checkpoint.resume.current
          : undefined;
      const save = checkpoint
        ? (state: NonNullable<CountProgress["current"]>) => checkpoint.save({ done: results, current: state })
        : undefined;
      results.push(await countOne(items[i]!, i, items.length, pool, ids, readOptions, current, save));
      checkpoint?.save({ done: results });
    }
  } finally {
    await pool.close();
  }
  const total = emptyCounts(ids, options.morphemes);
  for (const r of results) addCounts(total, r.counts);
  return {
    total,
    inputs: results,
    segmentBytes,
    counters: pool.counters,
    workers,
    ...(capped?.note ? { notes: [capped.note] } : {}),
  };
}

/**
 * Counts one input, or a share of it: reads its documents (or, for text and lines, chunks of its
 * bytes) on this thread and hands them to the workers (Submissions), in batches (DocumentBatcher),
 * reporting progress (ProgressThrottle) and saving checkpoints (CheckpointTimer) as it goes.
 */
async function countOne(
  item: CountItem,
  index: number,
  inputCount: number,
  pool: CountPool,
  ids: string[],
  options: CountOptions,
  resume?: CountProgress["current"],
  save?: (state: NonNullable<CountProgress["current"]>) => void,
): Promise<InputResult> {
  const { input, range } = item;
  const counts = resume ? structuredClone(resume.counts) : emptyCounts(ids, options.morphemes);
  // What is shown and written names the input without a URL's credentials.
  const result: InputResult = { input: redactCredentials(input), ...(range ? { range } : {}), complete: true, counts };
  const submissions = new Submissions(counts, pool.size * 2 + 1, resume?.invalidUtf8 ?? 0);
  const batcher = new DocumentBatcher((texts, documents, wordJoins) =>
    submissions.submit(pool.count(texts), documents, wordJoins),
  );
  const tally: ReadTally = { inputBytes: 0 };
  let opened: OpenedDocuments | undefined;
  // Documents read on this thread; those of text and lines chunks are counted by the workers.
  const documentsRead = () => (opened?.chunks ? counts.documents : batcher.documents);
  const onProgress = options.onProgress;
  const progress =
    onProgress &&
    new ProgressThrottle(() =>
      onProgress({
        input: result.input,
        inputIndex: index,
        inputCount,
        inputBytes: opened!.inputBytes,
        size: opened!.size,
        documents: documentsRead(),
      }),
    );
  let failure: unknown;
  try {
    const skippedLines = resume?.line !== undefined ? { line: resume.line, skipped: resume.skipped ?? 0 } : undefined;
    opened = await openDocuments(
      input,
      { ...options, chunkBytes: CHUNK_BYTES, skipBytes: resume?.offset, ...(skippedLines ? { skippedLines } : {}) },
      tally,
      range,
    );
    result.format = opened.format;
    result.compression = opened.compression;
    result.encoding = opened.encoding;
    if (opened.encodingEvidence) result.encodingDetected = opened.encodingEvidence;
    if (opened.chunks) {
      // Text and lines input goes to the workers in chunks, which split it into documents.
      const checkpoint = save && { save, timer: new CheckpointTimer(options.checkpoint!.everyMs) };
      await countChunks(opened, opened.chunks, pool, submissions, counts, resume?.offset ?? 0, progress, checkpoint);
    } else {
      const checkpoint = save && { save, timer: new CheckpointTimer(options.checkpoint!.everyMs) };
      for await (const part of opened.documents) {
        if (batcher.add(part)) await submissions.waitForRoom();
        progress?.tick();
        if (part.resumeAt && checkpoint?.timer.due(true)) {
          // Every document up to this line counted, none after: the counts are those of the first `offset` bytes.
          batcher.flush();
          await submissions.settle();
          if (submissions.failure) throw submissions.failure;
          const { offset, line, skipped } = part.resumeAt;
          const invalidUtf8 = opened.decode.invalidUtf8 + submissions.chunksInvalidUtf8;
          checkpoint.save({
            offset,
            line,
            skipped,
            counts: structuredClone(counts),
            invalidUtf8,
            format: opened.format,
            compression: opened.compression,
          });
          checkpoint.timer.saved();
        }
      }
    }
  } catch (error) {
    failure = error;
  } finally {
    // Documents read before a failure are counted too: the result says how far it got.
    batcher.flush();
    await submissions.settle();
    if (failure !== undefined) {
      result.complete = false;
      result.error = redactCredentials(describeFailure(input, failure, documentsRead(), tally));
    } else if (submissions.failure) {
      result.complete = false;
      result.error = redactCredentials(`${input}: counting failed: ${batchFailureText(submissions.failure)}`);
    }
    counts.inputBytes = tally.inputBytes;
    result.compression ??= tally.compression;
    if (opened) {
      counts.invalidUtf8 = opened.decode.invalidUtf8 + submissions.chunksInvalidUtf8;
      counts.skippedRecords = opened.state.skipped;
      if (opened.state.firstSkipped) result.firstSkipped = opened.state.firstSkipped;
      opened.close();
      progress?.tick(true);
    }
  }
  return result;
}

/** Hands chunks of text or lines input to the workers, from `offset` bytes on, saving a checkpoint when one is due. */
async function countChunks(
  opened: OpenedDocuments,
  chunks: AsyncIterable<TextChunk>,
  pool: CountPool,
  submissions: Submissions,
  counts: Counts,
  offset: number,
  progress: ProgressThrottle | undefined,
  checkpoint: { save: (state: NonNullable<CountProgress["current"]>) => void; timer: CheckpointTimer } | undefined,
): Promise<void> {
  for await (const chunk of chunks) {
    offset += chunk.bytes.length; // before the pool moves the bytes to a worker
    const atBoundary = !chunk.open;
    submissions.submit(pool.countChunk(chunk), undefined, chunk.wordJoins);
    await submissions.waitForRoom();
    progress?.tick();
    if (checkpoint?.timer.due(atBoundary)) {
      // Every chunk up to here counted, none after: the counts are those of the first `offset` bytes.
      await submissions.settle();
      if (submissions.failure) throw submissions.failure;
      checkpoint.save({
        offset,
        counts: structuredClone(counts),
        invalidUtf8: submissions.chunksInvalidUtf8,
        format: opened.format,
        compression: opened.compression,
      });
      checkpoint.timer.saved();
    }
  }
}

/**
 * A worker's failure in the reader's words. V8's regular expressions keep one backtracking
 * entry per character under a quantified Unicode class: a run of millions of characters of one
 * kind (an unwrapped DNA line) exhausts that stack in the pre-tokenizer, and its message alone
 * ("Maximum call stack size exceeded") would not say what in the input caused it.
 */
function batchFailureText(error: Error): string {
  if (/Maximum call stack size exceeded/.test(error.message)) {
    return `a document holds a run of characters without a split point too long for the tokenizer's pre-tokenizer pattern (V8's regular-expression stack, about 2 million characters of one kind); the documents of that batch were not counted (${error.message})`;
  }
  return error.message;
}

function describeFailure(input: string, error: unknown, documentsRead: number, tally: ReadTally): string {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof InputError) return message;
  const where =
    error instanceof RecordError && error.line !== undefined
      ? `at line ${error.line}`
      : `after document ${documentsRead}, at input byte ${tally.inputBytes.toLocaleString("en-US")}${tally.size !== undefined ? ` of ${tally.size.toLocaleString("en-US")}` : ""}`;
  return `${input}: ${message} (${where}; ${documentsRead} documents read before it)`;
}
